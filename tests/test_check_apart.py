"""The course checked in a child process is the one checked in this process."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import Overrides, check_course
from generator.check_apart import check_apart
from generator.core.errors import ContentError


def test_the_child_returns_the_course_and_warnings_of_check_course(sample: Path) -> None:
    here = check_course(sample, "default", False, Overrides())
    apart = check_apart(sample, "default", False, Overrides())
    assert apart.course == here.course
    assert apart.warnings == here.warnings


def test_content_errors_found_in_the_child_are_raised_here(sample: Path) -> None:
    course = sample / "content" / "course.yml"
    course.write_text(course.read_text("utf-8") + "colour_scheme: dark\n", "utf-8")
    with pytest.raises(ContentError) as here:
        check_course(sample, "default", False, Overrides())
    with pytest.raises(ContentError) as apart:
        check_apart(sample, "default", False, Overrides())
    assert apart.value.problems == here.value.problems
    assert str(apart.value) == str(here.value)
    assert "content/course.yml:" in str(apart.value)
