"""Editions and worksheets: hide, leave out with their modules, add, override.

Worksheets are whole documents, so the edition merger handles them apart
from list items; these tests check the merged course and the exact messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import check_course
from generator.core.errors import ContentError
from generator.stats import course_stats

SHEETS = ["meeting-plan", "contact-log", "request-draft"]

INLINE_SHEET = """\
    - id: coach-checkin
      title: Weekly check-in
      purpose: What moved this week.
      modules: [what-it-is]
      sections:
        - title: This week
          fields:
            - type: long-text
              id: moved
              label: What moved forward
"""


def edition(sample: Path, text: str) -> Path:
    folder = sample / "editions" / "coach"
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(f"name: Coach\n{text}", "utf-8")
    return folder


def rendered(problems: object) -> list[str]:
    return [p.render() for p in problems]  # type: ignore[attr-defined]


def test_hidden_worksheet_is_gone_and_references_to_it_warn(sample: Path) -> None:
    edition(sample, "hide: [contact-log]\n")
    checked = check_course(sample, "coach")
    course = checked.course
    assert [w.id for w in course.worksheets] == ["meeting-plan", "request-draft"]
    assert [w.number for w in course.worksheets] == [1, 2]
    assert "contact-log" not in course.targets
    assert all(w.id != "contact-log" for m in course.modules for w in m.worksheets)
    assert course_stats(course)["worksheets"] == 2
    assert rendered(checked.warnings) == [
        "content/pipeline.yml:99:16: warning: refers to 'contact-log', which this edition "
        "leaves out (editions/coach/edition.yml:2:8); the reference is dropped "
        "(at tracker.import_from.worksheet)"
    ]


def test_a_link_to_a_hidden_worksheet_names_the_field_to_override(sample: Path) -> None:
    module = sample / "content" / "modules" / "what-it-is.yml"
    text = module.read_text("utf-8")
    module.write_text(
        text.replace("key_points:", "key_points:\n  - See the [log](@contact-log).", 1)
    )
    edition(sample, "hide: [contact-log]\n")
    with pytest.raises(ContentError) as caught:
        check_course(sample, "coach")
    [error] = [p for p in rendered(caught.value.problems) if ": error: " in p]
    assert error.endswith(
        "error: links to 'contact-log', which this edition leaves out "
        "(editions/coach/edition.yml:2:8), so the page would point to nothing "
        "(at key_points[0])\n"
        "    hint: reword it in editions/coach/edition.yml: under 'override:', give "
        "'what-it-is' a new 'key_points' without this link "
        "(override: {what-it-is: {key_points: ...}})"
    )


def test_a_worksheet_field_id_cannot_be_hidden(sample: Path) -> None:
    edition(sample, "hide: [person]\n")
    with pytest.raises(ContentError) as caught:
        check_course(sample, "coach")
    [line] = rendered(caught.value.problems)
    assert line.startswith("editions/coach/edition.yml:2:8: error: 'person' (to hide) does not")


def test_excluded_module_leaves_its_worksheets(sample: Path) -> None:
    edition(sample, "exclude: [secure-meeting]\n")
    checked = check_course(sample, "coach")
    # meeting-plan is also used by what-it-is, so it stays, linked to that module only.
    [plan] = checked.course.worksheets
    assert plan.id == "meeting-plan"
    assert plan.sheet.modules == ["what-it-is"]
    assert [m.id for m in plan.used_in] == ["what-it-is"]
    warnings = rendered(checked.warnings)
    for sheet in ("contact-log", "request-draft"):
        assert (
            f"content/worksheets/{sheet}.yml:4:10: warning: this worksheet is used only by "
            "modules the edition leaves out (editions/coach/edition.yml:2:11), so it is "
            "left out too (at modules)"
        ) in warnings
    assert not any("meeting-plan" in line for line in warnings)


def test_worksheets_added_inline_and_from_a_file(sample: Path) -> None:
    folder = edition(sample, f"add:\n  worksheets:\n{INLINE_SHEET}    - extra/sheet.yml\n")
    (folder / "extra").mkdir()
    (folder / "extra" / "sheet.yml").write_text(
        """\
id: coach-goals
title: Goals for the month
purpose: Three conversations to have.
modules: [what-it-is]
sections:
  - title: Goals
    fields:
      - type: short-text
        id: first
        label: First person
""",
        "utf-8",
    )
    course = check_course(sample, "coach").course
    ids = [w.id for w in course.worksheets]
    assert ids == ["coach-checkin", "coach-goals", "meeting-plan", "contact-log", "request-draft"]
    checkin = course.worksheets[0]
    assert checkin.page == "worksheets/coach-checkin.md"
    assert [i.name for i in checkin.inputs] == ["coach-checkin:moved"]
    assert checkin in course.modules[0].worksheets


def test_mistakes_in_an_added_worksheet_point_into_the_edition(sample: Path) -> None:
    bad = INLINE_SHEET.replace("modules: [what-it-is]", "modules: [what-it-iz]")
    bad = bad.replace("type: long-text", "type: long-txt")
    edition(sample, f"add:\n  worksheets:\n{bad}    - ../outside.yml\n")
    with pytest.raises(ContentError) as caught:
        check_course(sample, "coach")
    assert [line.split("\n")[0] for line in rendered(caught.value.problems)] == [
        "editions/coach/edition.yml:7:17: error: 'what-it-iz' is not the id of any module "
        "(at modules[0])",
        "editions/coach/edition.yml:11:21: error: unknown type 'long-txt' "
        "(at sections[0].fields[0].type)",
        "editions/coach/edition.yml:14:7: error: '../outside.yml' points outside the edition "
        "folder; files must sit in the edition's own folder (at add.worksheets[1])",
    ]


def test_worksheets_take_overrides_and_additions_by_id(sample: Path) -> None:
    edition(
        sample,
        """\
override:
  meeting-plan:
    title: Coach's meeting plan
add:
  into:
    request-draft:
      modules: [what-it-is]
      sections:
        - title: Coach notes
          fields:
            - type: short-text
              id: coach_note
              label: A note from your coach
""",
    )
    course = check_course(sample, "coach").course
    plan = next(w for w in course.worksheets if w.id == "meeting-plan")
    assert plan.sheet.title == "Coach's meeting plan"
    assert plan.sheet.purpose  # the rest of the worksheet is kept
    draft = next(w for w in course.worksheets if w.id == "request-draft")
    assert draft.sheet.modules == ["secure-meeting", "what-it-is"]
    assert draft.sections[-1].title == "Coach notes"
    assert "request-draft:coach_note" in [i.name for i in draft.inputs]
    assert draft in course.modules[0].worksheets


def test_an_override_of_a_worksheet_is_checked_like_the_worksheet(sample: Path) -> None:
    edition(sample, "override:\n  contact-log:\n    orientation: sideways\n")
    with pytest.raises(ContentError) as caught:
        check_course(sample, "coach")
    [line] = rendered(caught.value.problems)
    assert line.startswith("editions/coach/edition.yml:4:18: error:")
    assert "sideways" in line
