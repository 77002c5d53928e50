"""cxplan: plan and run a sequenced customer-experience strategy from one YAML plan file."""

__version__ = "0.1.0"
