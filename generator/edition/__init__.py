"""Coach editions: a small, checked overlay that brands and tailors the course."""
