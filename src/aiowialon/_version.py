"""The version of the distribution (``aiowialon-kit``); the build reads it from here."""

__version__ = "0.2.0"
