"""``python -m generator`` runs the coursegen command line."""

from .cli import main

raise SystemExit(main())
