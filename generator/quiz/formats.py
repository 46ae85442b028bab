"""The export formats, by the name ``coursegen export --format`` takes."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Course
from .export import Export
from .export_gift import render_gift
from .export_moodle import render_moodle_xml
from .export_qti import render_qti

Renderer = Callable[[Course, int], Export]
"""Course and SOURCE_DATE_EPOCH in, one export file out."""

FORMATS: dict[str, Renderer] = {
    "gift": render_gift,
    "moodle-xml": render_moodle_xml,
    "qti": render_qti,
}


def render_exports(course: Course, epoch: int, names: tuple[str, ...] = ()) -> list[Export]:
    """The export files of ``names`` (every format when empty), in memory."""
    return [FORMATS[name](course, epoch) for name in names or tuple(FORMATS)]
