"""The ``coursegen`` command line: the one package that prints and exits.

``fast`` answers a build that has nothing to do without loading the pipeline;
``args`` reads and checks the command line, ``report`` says what happens, and
``commands`` runs every other command.

Exit codes: 0 success, 1 content problems (a readable list, no traceback),
2 wrong usage.
"""

from __future__ import annotations

from collections.abc import Sequence

from .fast import up_to_date_build


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``coursegen`` console script."""
    done = up_to_date_build(argv)
    if done is not None:
        return done
    # Loaded here, not above: importing the pipeline takes longer than a no-op build.
    from .commands import run

    return run(argv)
