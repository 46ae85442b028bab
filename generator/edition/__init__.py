"""Coach editions: a small, checked overlay that brands and tailors the course."""

DEFAULT_EDITION = "default"
"""The edition built when none is named: the course as it ships, under the
project's own name (``build/default/``)."""
