"""coursegen: a YAML curriculum in, a published coaching course out.

The names below are loaded on first use, so that importing one small module
(the command line's up-to-date check, say) does not load the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import BuildResult, build_edition
    from .check import check_course
    from .core.errors import (
        ContentError,
        CoursegenError,
        Location,
        Problem,
        Severity,
        UsageError,
    )

_HOMES = {
    "BuildResult": ".build",
    "build_edition": ".build",
    "check_course": ".check",
    "ContentError": ".core.errors",
    "CoursegenError": ".core.errors",
    "Location": ".core.errors",
    "Problem": ".core.errors",
    "Severity": ".core.errors",
    "UsageError": ".core.errors",
}

__all__ = [
    "BuildResult",
    "ContentError",
    "CoursegenError",
    "Location",
    "Problem",
    "Severity",
    "UsageError",
    "build_edition",
    "check_course",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)
