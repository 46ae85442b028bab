"""What a build prints, and when: warnings once the course is checked, in a
stable order; edition mistakes at the edition's own line."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import FIXTURES, REPO, make_project, run_cli


def with_warnings(tmp_path: Path) -> Path:
    """The sample course with two warnings in messages.yml."""
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    messages = root / "content" / "messages.yml"
    text = messages.read_text("utf-8")
    messages.write_text(
        text.replace(
            "    placeholders:\n",
            "    placeholders:\n      spare: Never used.\n      extra: Not used either.\n",
            1,
        ),
        "utf-8",
    )
    return root


def warning_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": warning: " in line]


def test_warnings_come_right_after_the_check_in_a_stable_order(tmp_path: Path) -> None:
    root = with_warnings(tmp_path)
    first = run_cli("build", cwd=root)
    assert first.code == 0, first.err
    lines = first.err.splitlines()
    warned = warning_lines(first.err)
    assert [line.split(": warning: ")[1] for line in warned] == [
        f"the placeholder '{name}' is described but never used "
        f"(at templates[0].placeholders.{name})"
        for name in ("spare", "extra")
    ]
    checked = lines.index("default: checking the course")
    first_pdf = next(i for i, line in enumerate(lines) if ": PDF " in line)
    assert checked < lines.index(warned[0]) < lines.index(warned[1]) < first_pdf
    assert lines[-1].startswith("default: built ")

    again = run_cli("build", "--no-pdf", cwd=root)
    assert again.code == 0, again.err
    assert warning_lines(again.err) == warned
    lines = again.err.splitlines()
    assert lines.index(warned[-1]) < lines.index("default: rendering pages")


def test_all_editions_print_warnings_before_building(tmp_path: Path) -> None:
    root = with_warnings(tmp_path)
    shutil.copytree(REPO / "editions" / "minimal", root / "editions" / "minimal")
    result = run_cli("build", "--all", "--no-pdf", cwd=root)
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    warned = warning_lines(result.err)
    # Each edition's warnings follow its own check, the default edition's first,
    # and all of them come before the first edition is built.
    assert len(warned) == 4
    checks = [lines.index(f"{slug}: checking the course") for slug in ("default", "minimal")]
    first_built = next(i for i, line in enumerate(lines) if line.endswith(": built"))
    at = [i for i, line in enumerate(lines) if ": warning: " in line]
    assert checks[0] < at[0] < at[1] < checks[1] < at[2] < at[3] < first_built


def test_an_id_the_edition_adds_twice_is_reported_in_the_edition(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    folder = root / "editions" / "coach"
    folder.mkdir(parents=True)
    # secure-meeting is read before what-it-is, which holds the id in the base course.
    (folder / "edition.yml").write_text(
        "name: Coach\n"
        "add:\n"
        "  into:\n"
        "    secure-meeting:\n"
        "      sections:\n"
        "        - id: people-hire-people\n"
        "          title: People hire people, again\n"
        "          body: Ask for ten minutes.\n",
        "utf-8",
    )
    result = run_cli("build", "--no-pdf", "--edition", "coach", cwd=root)
    assert result.code == 1
    assert result.err.splitlines() == [
        "coach: checking the course",
        "editions/coach/edition.yml:6:15: error: the id 'people-hire-people' is already "
        "used by a section at content/modules/what-it-is.yml:10:9",
        "    hint: the base course already uses 'people-hire-people': give yours another id "
        "(to change the base section instead, name it under 'override:')",
        "1 error, 0 warnings",
    ]
    assert not (root / "build" / "coach").exists()
