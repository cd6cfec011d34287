"""Weekly and monthly growth reports: facts from the other domains, a model-written narrative, Markdown / HTML /
JSON renderings, stored once per period."""
