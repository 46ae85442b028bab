"""Audience tracks: tags on the content, an edition's ``audience:``, labels, stats."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from .conftest import FIXTURES, make_project, run_cli

EARLY = "early-career"
GONE = (
    "Not really an interview",  # section for early career
    "The opening minute",  # example pair for early career
    "How did you get started in this field?",  # question for early career
    "Mention the alumni office",  # template for early career
    "Contact log",  # worksheet for early career
)
"""Text of the parts tagged for early career only, as learners would see them."""


def _edit(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def tagged_project(dest: Path) -> Path:
    """The sample course with parts tagged for one audience or another."""
    root = make_project(dest, FIXTURES / "sample" / "content")
    content = root / "content"

    def module(data: dict[str, Any]) -> None:
        data["sections"][0]["audiences"] = ["executive"]
        data["sections"][1]["audiences"] = [EARLY]
        data["example_pairs"][0]["audiences"] = [EARLY]

    _edit(content / "modules" / "what-it-is.yml", module)

    def link(data: dict[str, Any]) -> None:
        data["sections"][0]["body"] += "\nSee also [the opening minute](@seed-opening).\n"

    _edit(content / "modules" / "secure-meeting.yml", link)

    def questions(data: dict[str, Any]) -> None:
        question = data["categories"][0]["questions"][0]
        question["text"] = GONE[2]
        question["audiences"] = [EARLY]

    _edit(content / "questions.yml", questions)

    def messages(data: dict[str, Any]) -> None:
        extra = dict(data["templates"][0])
        extra.update(id="alumni-request", title=GONE[3], audiences=[EARLY, "career-changer"])
        data["templates"].append(extra)

    _edit(content / "messages.yml", messages)

    def quiz(data: dict[str, Any]) -> None:
        data["items"][1]["audiences"] = [EARLY]
        data["items"][1]["prompt"] = "Early-career-only item: true or false?"

    _edit(content / "quizzes" / "what-it-is.yml", quiz)

    def sheet(data: dict[str, Any]) -> None:
        data["audiences"] = [EARLY]

    _edit(content / "worksheets" / "contact-log.yml", sheet)
    return root


def add_edition(root: Path, text: str, slug: str = "exec") -> None:
    folder = root / "editions" / slug
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(text, "utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tagged_project(tmp_path_factory.mktemp("aud") / "p")
    add_edition(root, "name: Exec Coaching\naudience: executive\n")
    return root


@pytest.fixture(scope="module")
def executive(project: Path) -> tuple[Path, str]:
    """The executive edition, built with its exports; and what the build printed."""
    result = run_cli("build", "--quiet", "--edition", "exec", cwd=project)
    assert result.code == 0, result.err
    export = run_cli("export", "--format", "all", "--edition", "exec", cwd=project)
    assert export.code == 0, export.err
    return project / "build" / "exec", result.err


@pytest.fixture(scope="module")
def full(project: Path) -> Path:
    result = run_cli("build", "--quiet", "--no-pdf", cwd=project)
    assert result.code == 0, result.err
    return project / "build" / "default"


def _site_text(out: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted((out / "site").rglob("*.html")))


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_site_pages_and_nav_leave_out_other_tracks(executive: tuple[Path, str]) -> None:
    out, _ = executive
    site = out / "site"
    module = (site / "modules" / "what-it-is.html").read_text("utf-8")
    assert "People hire people" in module  # the executive section stays
    for gone in GONE[:2]:
        assert gone not in module
    assert GONE[2] not in (site / "questions.html").read_text("utf-8")
    assert GONE[3] not in (site / "messages.html").read_text("utf-8")
    assert not (site / "worksheets" / "contact-log.html").exists()
    home = (site / "index.html").read_text("utf-8")
    assert "Contact log" not in home  # the navigation, on every page
    assert "Contact log" not in (site / "tracker.html").read_text("utf-8")  # its import
    assert 'id="same-subtext"' not in module  # the quiz item tagged for early career
    assert 'id="opening-better"' not in module  # built on the pair that went


def test_a_reference_to_what_the_audience_drops_is_a_warning_and_plain_text(
    executive: tuple[Path, str],
) -> None:
    out, err = executive
    assert (
        "content/modules/secure-meeting.yml:" in err
        and "refers to 'seed-opening', which is for early-career only, so the edition's "
        "audience choice (executive, editions/exec/edition.yml:2:11) leaves it out; "
        "the reference is dropped"
        in err
    )
    assert (
        "to keep it, add executive to the audiences of 'seed-opening', in "
        "editions/exec/edition.yml: override: {seed-opening: {audiences: [early-career, "
        "executive]}}" in err
    )
    assert "this quiz item needs 'seed-opening', which is for early-career only" in err
    page = (out / "site" / "modules" / "secure-meeting.html").read_text("utf-8")
    assert "<span>the opening minute</span>" in page
    assert "what-it-is.html#seed-opening" not in page


def test_pdfs_leave_out_other_tracks(executive: tuple[Path, str]) -> None:
    out, _ = executive
    pdfs = sorted(p.name for p in (out / "site" / "pdf").glob("*.pdf"))
    assert pdfs and not [p for p in pdfs if p.startswith("contact-log")]
    folder = out / "site" / "pdf"
    workbook, book = folder / "workbook-a4.pdf", folder / "course-a4.pdf"
    assert "People hire people" in _pdf_text(book)
    assert "Request draft" in _pdf_text(workbook)
    for pdf in (
        workbook,
        book,
        folder / "meeting-plan-a4.pdf",
        folder / "request-draft-letter.pdf",
    ):
        text = _pdf_text(pdf)
        for gone in GONE:
            assert gone not in text, (pdf.name, gone)
    key = _pdf_text(out / "coach" / "answer-key-a4.pdf")
    assert "Early-career-only item" not in key
    assert "Which opening is better" not in key  # built on the pair that went
    assert "Early-career-only item" not in _pdf_text(workbook)


def test_exports_leave_out_other_tracks(executive: tuple[Path, str]) -> None:
    out, _ = executive
    export = out / "export"
    texts = []
    for path in sorted(export.iterdir()):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        elif path.is_file():
            texts.append(path.read_text("utf-8"))
    names = {p.name for p in export.iterdir()}
    assert {
        "quizzes-gift.txt",
        "quizzes-moodle.xml",
        "quizzes-qti.zip",
        "exec-scorm12.zip",
    } <= names
    joined = "\n".join(texts)
    assert "Early-career-only item" not in joined
    assert "Not really an interview" not in joined  # the SCORM package carries the pages
    assert "same-subtext" not in joined


def test_full_course_labels_single_track_parts(full: Path) -> None:
    page = (full / "site" / "modules" / "what-it-is.html").read_text("utf-8")
    # The label sits under the heading, not in it: the table of contents and the
    # heading's anchor keep the title alone.
    assert re.search(
        r"People hire people.*?</h2>\s*<p class=\"cg-audiences\">"
        r"<span class=\"cg-audience\">For executives</span>",
        page,
        re.S,
    )
    toc = page[page.index('class="md-nav md-nav--secondary"') :]
    assert "For executives" not in toc[: toc.index("</nav>")]
    assert '<span class="cg-audience">For early career</span>' in page
    questions = (full / "site" / "questions.html").read_text("utf-8")
    assert '<span class="cg-tag cg-audience">For early career</span>' in questions
    messages = (full / "site" / "messages.html").read_text("utf-8")
    assert 'For early career</span><span class="cg-audience">For career changers' in messages


def test_stats_count_each_track(project: Path) -> None:
    result = run_cli("stats", "--json", cwd=project)
    assert result.code == 0, result.err
    counts = json.loads(result.out)
    assert counts["sections"] == 3
    assert counts["executive_sections"] == 2
    assert counts["early_career_sections"] == 2
    assert counts["career_changer_sections"] == 1
    assert counts["executive_example_pairs"] == counts["example_pairs"] - 1
    assert counts["executive_questions"] == counts["questions"] - 1
    assert counts["executive_message_templates"] == 1
    assert counts["career_changer_message_templates"] == 2
    assert counts["executive_worksheets"] == counts["worksheets"] - 1
    assert counts["early_career_worksheets"] == counts["worksheets"]
    # The executive edition holds exactly what the executive count says.
    edition = run_cli("stats", "--json", "--edition", "exec", cwd=project)
    executive = json.loads(edition.out)
    for key in ("modules", "sections", "questions", "quiz_items", "worksheets"):
        assert executive[key] == counts[f"executive_{key}"], key
    assert executive["quiz_items"] < counts["quiz_items"] - 1
    # Every section of the first module is for another track: it goes, quiz and all.
    assert counts["career_changer_modules"] == 1


def test_a_module_left_without_sections_goes_with_a_warning(tmp_path: Path) -> None:
    root = tagged_project(tmp_path / "p")

    def all_early(data: dict[str, Any]) -> None:
        for section in data["sections"]:
            section["audiences"] = [EARLY]

    _edit(root / "content" / "modules" / "secure-meeting.yml", all_early)
    add_edition(root, "name: Exec\naudience: [executive]\n")
    result = run_cli("validate", "--edition", "exec", cwd=root)
    assert result.code == 0, result.err
    assert (
        "content/modules/secure-meeting.yml:1:5: warning: every section of this module is "
        "for other audiences, so the edition's audience choice (executive, "
        "editions/exec/edition.yml:2:11) leaves the whole module out, with its quiz" in result.err
    )


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (
            "content",
            "[execs]",
            "content/modules/what-it-is.yml:12:17: error: expected one of 'early-career', "
            "'career-changer' or 'executive', found the text 'execs' (at sections[0].audiences[0])"
            "\n    hint: use one of: early-career, career-changer, executive (leave the key out "
            "for everyone)",
        ),
        (
            "content",
            "[]",
            "content/modules/what-it-is.yml:12:16: error: an empty list of audiences leaves "
            "this out for every reader (at sections[0].audiences)\n    hint: remove the key "
            "(untagged means everyone) or name at least one of: early-career, career-changer, "
            "executive",
        ),
        (
            "edition",
            "manager",
            "editions/exec/edition.yml:2:11: error: expected one of 'early-career', "
            "'career-changer' or 'executive', found the text 'manager' (at audience)",
        ),
    ],
)
def test_bad_audience_values_are_located_errors(
    tmp_path: Path, where: str, value: str, message: str
) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    if where == "content":
        path = root / "content" / "modules" / "what-it-is.yml"
        text = path.read_text("utf-8")
        path.write_text(
            text.replace(
                "    title: People hire people\n",
                f"    title: People hire people\n    audiences: {value}\n",
            )
        )
        result = run_cli("validate", cwd=root)
    else:
        add_edition(root, f"name: Exec\naudience: {value}\n")
        result = run_cli("validate", "--edition", "exec", cwd=root)
    assert result.code == 1
    assert message in result.err, result.err
    assert "Traceback" not in result.err


def test_schema_lists_the_audiences() -> None:
    from generator.core.json_schemas import json_schema

    section = json_schema("module")["$defs"]["Section"]["properties"]["audiences"]
    assert "executive" in json.dumps(section)
    edition = json_schema("edition")["properties"]["audience"]
    assert "early-career" in json.dumps(edition)


def test_an_untagged_course_is_unchanged_by_an_audience(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    add_edition(root, "name: Exec\naudience: executive\n")
    result = run_cli("stats", "--json", "--edition", "exec", cwd=root)
    counts = json.loads(result.out)
    assert counts["sections"] == counts["executive_sections"] == counts["early_career_sections"]
