"""redflags: a private log of observed warning signs, never a diagnosis."""

__version__ = "0.1.0"
