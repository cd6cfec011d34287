"""How results look to people: one module per domain, each function printing one kind of result.

Commands hand a service's result to ``reflee.cli.common.emit`` with one of these; with ``--json`` the result
is printed as JSON instead. Views never call services and never read options.
"""
