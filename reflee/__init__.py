"""reflee: a local-first personal tool for retrospects, money, policies and growth.

Nothing is imported here on purpose: `import reflee.x` must stay cheap so that
`reflee --help` starts fast.
"""

__version__ = "0.1.0"
