"""Worksheet pages on the built website, and the command-line surface."""

from __future__ import annotations

import io
import json
import posixpath
import re
from pathlib import Path

from pypdf import PdfReader

from generator.cli.report import Reporter

from .conftest import FIXTURES, make_project, run_cli

HREF = re.compile(r'href="([^"#]+\.pdf)"')


def test_each_worksheet_has_a_page_linking_its_pdfs(built_sample: Path) -> None:
    site = built_sample / "site"
    for stem in ("meeting-plan", "contact-log", "request-draft"):
        page = site / "worksheets" / f"{stem}.html"
        html = page.read_text("utf-8")
        links = HREF.findall(html)
        assert sorted(posixpath.basename(link) for link in links) == sorted(
            f"{stem}-{paper}{variant}.pdf"
            for paper in ("a4", "letter")
            for variant in ("", "-fillable")
        )
        for link in links:
            assert not link.startswith(("/", "http")), link  # works from file:// and sub-paths
            assert (page.parent / link).resolve().is_file(), link


def test_worksheet_page_holds_the_sheet_and_hides_the_furniture_in_print(
    built_sample: Path,
) -> None:
    html = (built_sample / "site" / "worksheets" / "contact-log.html").read_text("utf-8")
    assert 'name="contact-log:contacts:r6:status"' in html
    assert html.count('class="ws-cell"') == 6 * 2
    assert html.count('class="ws-cell ws-cell--date" type="date"') == 6  # the date column
    assert '<th scope="col">Date contacted</th>' in html
    css = (built_sample / "site" / "assets" / "coursegen.css").read_text("utf-8")
    assert 'href="../assets/coursegen.css"' in html
    css = css[css.index(".ws-body") :]  # the worksheets' part of the site stylesheet
    print_rules = css[css.index("@media print") :]
    for chrome in (".md-header", ".md-sidebar", ".md-footer", ".cg-ws-screen-only"):
        assert chrome in print_rules
    assert ".ws-lines" in css and "background-image" in css  # ruled lines, shared with the PDFs


def test_modules_link_their_worksheets_and_the_nav_lists_them(built_sample: Path) -> None:
    site = built_sample / "site"
    module = _article(site / "modules" / "what-it-is.html")
    assert 'href="../worksheets/meeting-plan.html"' in module
    assert 'href="../worksheets/contact-log.html"' not in module
    index = _article(site / "worksheets" / "index.html")
    for stem in ("meeting-plan", "contact-log", "request-draft"):
        assert f'href="{stem}.html"' in index
    assert 'href="../pdf/workbook-a4.pdf"' in index
    assert (site / "worksheets" / "../pdf/workbook-letter-fillable.pdf").resolve().is_file()
    nav = (site / "index.html").read_text("utf-8").split('<nav class="md-nav md-nav--primary"')[1]
    section = nav[nav.index("Worksheets") :]
    assert 'href="worksheets/index.html"' in section
    assert 'href="worksheets/request-draft.html"' in section


def _article(page: Path) -> str:
    """The page content without the navigation around it."""
    html = page.read_text("utf-8")
    return html.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]


def test_build_without_pdfs_is_a_quick_preview(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    sheet = root / "content" / "worksheets" / "meeting-plan.yml"
    sheet.write_text(
        sheet.read_text("utf-8").replace("title: Meeting plan", "title: 'Plan <script>x</script>'"),
        "utf-8",
    )
    result = run_cli("build", "--no-pdf", cwd=root)
    assert result.code == 0, result.err
    assert "PDF" not in result.err
    out = root / "build" / "default"
    assert not (out / "pdf").exists() and not (out / "site" / "pdf").exists()
    html = (out / "site" / "worksheets" / "meeting-plan.html").read_text("utf-8")
    assert "coursegen build" in html and ".pdf" not in html
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_stats_count_worksheets_and_fields(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    result = run_cli("stats", "--json", cwd=root)
    assert result.code == 0, result.err
    counts = json.loads(result.out)
    assert counts["worksheets"] == 3
    assert counts["worksheet_fields"] == 9
    # meeting plan 3 + (2 + 2) picks, 2 own, 4 notes + 5 + 2; log 18;
    # draft: 4 blanks, a subject line and the draft + 2
    assert counts["worksheet_form_fields"] == 3 + 10 + 5 + 2 + 18 + 6 + 2


def test_progress_bar_on_a_terminal_and_lines_otherwise() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    Reporter(quiet=False, stream=screen).progress("default: PDF meeting-plan-a4", 6, 24)
    shown = screen.getvalue()
    assert shown.startswith(
        "\r\033[K[######..................] 6/24 default: PDF meeting-plan-a4 ("
    )
    log = io.StringIO()
    Reporter(quiet=False, stream=log).progress("default: PDF meeting-plan-a4", 5, 20)
    assert log.getvalue() == "[5/20] default: PDF meeting-plan-a4\n"
    quiet = Terminal()
    Reporter(quiet=True, stream=quiet).progress("x", 1, 2)
    assert quiet.getvalue() == ""


def test_a_course_without_worksheets_has_no_sheet_pdfs_and_no_section(tmp_path: Path) -> None:
    import shutil

    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    shutil.rmtree(root / "content" / "worksheets")
    # The tracker imports a worksheet table; without worksheets it imports none.
    pipeline = root / "content" / "pipeline.yml"
    text = pipeline.read_text("utf-8")
    pipeline.write_text(text[: text.index("  import_from:")], "utf-8")
    result = run_cli("build", "--quiet", cwd=root)
    assert result.code == 0, result.err
    out = root / "build" / "default"
    # The course book is the printed document left (the answer key is in coach/).
    assert sorted(p.name for p in (out / "pdf").iterdir()) == [
        "course-a4.pdf",
        "course-letter.pdf",
    ]
    book = PdfReader(out / "pdf" / "course-a4.pdf")
    marks = [item.title for item in book.outline if not isinstance(item, list)]
    assert "Worksheets" not in marks and marks[-1] == "Next steps"
    assert not (out / "site" / "worksheets").exists()
    assert "Worksheets" not in (out / "site" / "index.html").read_text("utf-8")
