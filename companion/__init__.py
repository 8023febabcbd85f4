"""Order Guard companion: the local server behind the browser extension."""

__version__ = "0.1.0"
