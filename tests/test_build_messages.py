"""What a build prints, and when: warnings once the course is checked, in a
stable order; edition mistakes at the edition's own line."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.check import check_course
from generator.core.model import Course
from generator.quiz.model import QuizItem

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


def quiz_items(course: Course) -> dict[str, QuizItem]:
    return {item.id: item for page in course.quizzes if page.quiz for item in page.quiz.items}


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


def test_a_link_to_what_the_edition_leaves_out_names_the_override_that_mends_it(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    module = root / "content" / "modules" / "what-it-is.yml"
    module.write_text(
        module.read_text("utf-8").replace(
            "      meeting in their office.\n",
            "      meeting in their office. [Asking for the meeting](@the-ask) comes\n"
            "      next.\n",
            1,
        ),
        "utf-8",
    )
    folder = root / "editions" / "coach"
    folder.mkdir(parents=True)
    edition = folder / "edition.yml"
    edition.write_text("name: Coach\nexclude: [secure-meeting]\n", "utf-8")

    result = run_cli("build", "--no-pdf", "--edition", "coach", cwd=root)
    assert result.code == 1
    lines = result.err.splitlines()
    at = lines.index(
        "content/modules/what-it-is.yml:21:57: error: links to 'the-ask', which this "
        "edition leaves out (editions/coach/edition.yml:2:11), so the page would point to "
        "nothing (at sections[1].body)"
    )
    assert lines[at + 1] == (
        "    hint: reword it in editions/coach/edition.yml: under 'override:', give "
        "'not-an-interview' a new 'body' without this link "
        "(override: {not-an-interview: {body: ...}})"
    )
    assert lines[-1] == "1 error, 3 warnings"
    assert not (root / "build" / "coach").exists()

    # Done as the hint says, the edition builds and the page reads as the coach wrote it.
    edition.write_text(
        edition.read_text("utf-8") + "override:\n"
        "  not-an-interview:\n"
        "    body: |\n"
        "      You ask the questions, and the subject is the other person. We plan\n"
        "      the meeting itself in our first session.\n",
        "utf-8",
    )
    result = run_cli("build", "--no-pdf", "--edition", "coach", cwd=root)
    assert result.code == 0, result.err
    page = (root / "build" / "coach" / "site" / "modules" / "what-it-is.html").read_text("utf-8")
    assert "We plan\nthe meeting itself in our first session." in page
    assert "Asking for the meeting" not in page and "the-ask" not in page


def test_a_quiz_item_built_on_a_hidden_pair_says_how_to_keep_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    folder = root / "editions" / "coach"
    folder.mkdir(parents=True)
    edition = folder / "edition.yml"
    edition.write_text("name: Coach\nhide: [seed-opening]\n", "utf-8")
    checked = check_course(root, "coach")
    assert "opening-better" not in quiz_items(checked.course)
    [warning] = [w.render() for w in checked.warnings if "opening-better" in w.hint]
    assert warning == (
        "content/quizzes/what-it-is.yml:5:9: warning: this quiz item needs 'seed-opening', "
        "which the edition leaves out (editions/coach/edition.yml:2:8), so the item is left "
        "out too (at items[0])\n"
        "    hint: to keep it, give it a 'pair' the edition keeps, in "
        "editions/coach/edition.yml: override: {opening-better: {pair: ...}}"
    )

    # Done as the hint says, the item stays, on the coach's own pair.
    module = yaml.safe_load((root / "content" / "modules" / "what-it-is.yml").read_text("utf-8"))
    pair = {**module["example_pairs"][0], "id": "coach-opening"}
    extra = {
        "add": {"into": {"what-it-is": {"example_pairs": [pair]}}},
        "override": {"opening-better": {"pair": "coach-opening", "teaches": "coach-opening"}},
    }
    edition.write_text(edition.read_text("utf-8") + yaml.safe_dump(extra), "utf-8")
    checked = check_course(root, "coach")
    assert quiz_items(checked.course)["opening-better"].teaches == "coach-opening"
