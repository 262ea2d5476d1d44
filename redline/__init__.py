"""redline: track, align, code and measure peace-negotiation drafts."""

__version__ = "0.1.0"
