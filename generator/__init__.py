"""handbook: an organisation's advocacy programme and charter, as YAML, into a handbook site."""

__version__ = "0.1.0"
