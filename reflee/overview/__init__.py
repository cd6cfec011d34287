"""The day at a glance: what the dashboard (and later the reports) show first, gathered from each domain's
service in one read."""
