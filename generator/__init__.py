"""coursegen: a YAML curriculum in, a published coaching course out."""

from .build import BuildResult, build_edition
from .check import check_course
from .core.errors import ContentError, CoursegenError, Location, Problem, Severity, UsageError

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
