"""Follow up an evaluation's management response, kept as YAML under git."""

__version__ = "0.1.0"
