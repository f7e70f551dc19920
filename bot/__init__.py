"""release-bot: answers questions about a press release from a reviewed knowledge base."""

__version__ = "0.1.0"
