"""End-to-end builds of a scratch course: site, strictness, reproducibility, safety."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from pypdf import PdfReader  # noqa: F401  (imported to fail early when the test extra is missing)

from .conftest import run_cli


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_build_writes_docs_and_site(built_sample: Path) -> None:
    docs = built_sample / "docs"
    site = built_sample / "site"
    assert (docs / "mkdocs.yml").is_file()
    for page in (
        "index",
        "modules/what-it-is",
        "modules/secure-meeting",
        "pipeline",
        "questions",
        "messages",
    ):
        assert (docs / "pages" / f"{page}.md").is_file(), page
        assert (site / f"{page}.html").is_file(), page


def test_module_page_shows_the_pair_side_by_side(built_sample: Path) -> None:
    html = (built_sample / "site" / "modules" / "what-it-is.html").read_text("utf-8")
    assert "Not an informational interview" in html
    assert "An informational interview" in html
    for dimension in ("Tone", "Content", "Likely outcome"):
        assert html.count(f"<dt>{dimension}</dt>") == 2
    # One subtext for the pair, the same for both versions, shown once.
    assert "<dt>Subtext</dt>" not in html
    pair = html[html.index('id="seed-opening"') : html.index("cg-pair__lesson")]
    assert pair.count("I am looking for a job.") == 1
    assert "Subtext, the same in both versions:" in pair


def test_pipeline_page_has_inline_svg_and_checklists(built_sample: Path) -> None:
    html = (built_sample / "site" / "pipeline.html").read_text("utf-8")
    assert html.count('class="cg-pipeline__step"') == 6
    assert "mermaid" not in html.lower()
    assert 'id="secure"' in html
    assert "Follow up after 7 days without a reply." in html


def test_question_bank_shows_tags_and_closed_questions(built_sample: Path) -> None:
    html = (built_sample / "site" / "questions.html").read_text("utf-8")
    assert 'id="q-path"' in html
    assert "Fits a 10-minute call" in html
    assert "Closed question" in html
    assert "What surprised you most on the way?" in html


def test_message_placeholders_are_highlighted(built_sample: Path) -> None:
    html = (built_sample / "site" / "messages.html").read_text("utf-8")
    assert '<mark class="cg-ph">{connection}</mark>' in html


def test_site_needs_no_network(built_sample: Path) -> None:
    for page in (built_sample / "site").rglob("*.html"):
        text = page.read_text("utf-8")
        assert "fonts.googleapis.com" not in text, page
        assert "cdn.jsdelivr" not in text, page
        assert "unpkg.com" not in text, page


def test_links_are_relative_html_files(built_sample: Path) -> None:
    html = (built_sample / "site" / "modules" / "secure-meeting.html").read_text("utf-8")
    assert 'href="../messages.html#outreach-request"' in html
    assert 'href="../pipeline.html#secure"' in html


def test_two_builds_are_byte_identical(sample: Path) -> None:
    assert run_cli("build", "-q", cwd=sample).code == 0
    first = tree_digest(sample / "build" / "default")
    # Without the PDF cache, so that every PDF is laid out again.
    assert run_cli("build", "-q", "--no-cache", cwd=sample).code == 0
    assert tree_digest(sample / "build" / "default") == first


def test_failed_build_leaves_previous_build_untouched(sample: Path) -> None:
    assert run_cli("build", "-q", cwd=sample).code == 0
    before = tree_digest(sample / "build" / "default")
    course = sample / "content" / "course.yml"
    course.write_text(course.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    result = run_cli("build", cwd=sample)
    assert result.code == 1
    assert "unknown key 'titel'" in result.err
    assert "Traceback" not in result.err
    assert tree_digest(sample / "build" / "default") == before
    # Only the build and the PDF cache: nothing the failed build began is left.
    assert sorted(p.name for p in (sample / "build").iterdir()) == [".cache", "default"]


def test_build_writes_nothing_outside_build(sample: Path) -> None:
    before = {p for p in sample.rglob("*") if "build" not in p.relative_to(sample).parts}
    assert run_cli("build", "-q", cwd=sample).code == 0
    after = {p for p in sample.rglob("*") if "build" not in p.relative_to(sample).parts}
    assert after == before


def test_script_in_any_text_never_reaches_the_page(sample: Path) -> None:
    evil = "<script>alert('x')</script>"
    module = sample / "content" / "modules" / "what-it-is.yml"
    text = module.read_text("utf-8")
    text = text.replace(
        "title: What an informational interview is, and is not", f'title: "Opening {evil}"'
    )
    text = text.replace("        tone: Desperate", f'        tone: "{evil}"')
    text = text.replace("    title: People hire people", f'    title: "People {evil}"')
    module.write_text(text, "utf-8")
    result = run_cli("build", "-q", cwd=sample)
    assert result.code == 0, result.err
    site = sample / "build" / "default" / "site"
    for page in site.rglob("*.html"):
        assert "<script>alert" not in page.read_text("utf-8"), page
    search = (site / "search" / "search_index.js").read_text("utf-8")
    assert "<script>alert" not in search


def test_stats_json(sample: Path) -> None:
    result = run_cli("stats", "--json", cwd=sample)
    assert result.code == 0, result.err
    counts = json.loads(result.out)
    assert counts["modules"] == 2
    assert counts["example_pairs"] == 1
    assert counts["pipeline_steps"] == 6
    assert counts["question_categories"] == 1
    assert counts["questions"] == 2
    assert counts["message_templates"] == 1


def test_validate_writes_nothing(sample: Path) -> None:
    result = run_cli("validate", cwd=sample)
    assert result.code == 0, result.err
    assert "default: OK" in result.err
    assert not (sample / "build").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["build", "--help"],
        ["validate", "--help"],
        ["serve", "--help"],
        ["stats", "--help"],
        ["schema", "--help"],
    ],
)
def test_every_command_has_help(args: list[str], tmp_path: Path) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.code == 0
    assert "usage: coursegen" in result.out


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    assert run_cli("build", "--no-such-option", cwd=tmp_path).code == 2
    assert run_cli("frobnicate", cwd=tmp_path).code == 2
    outside = run_cli("build", cwd=tmp_path)
    assert outside.code == 2
    assert "no content/ folder" in outside.err


def test_quiet_prints_nothing_on_success(sample: Path) -> None:
    result = run_cli("build", "--quiet", cwd=sample)
    assert (result.code, result.out, result.err) == (0, "", "")


def test_progress_lines_without_a_terminal(sample: Path) -> None:
    result = run_cli("build", cwd=sample)
    assert result.code == 0
    assert "default: building the website" in result.err.splitlines()


def test_root_mkdocs_build_uses_the_hook(sample: Path) -> None:
    from .conftest import run_root_mkdocs

    proc = run_root_mkdocs(sample, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    index = sample / "build" / "default" / "site" / "index.html"
    assert "Informational Interviews" in index.read_text("utf-8")


def test_root_mkdocs_build_reports_content_errors(sample: Path) -> None:
    from .conftest import run_root_mkdocs

    course = sample / "content" / "course.yml"
    course.write_text(course.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    proc = run_root_mkdocs(sample, "build")
    assert proc.returncode == 1
    assert "content/course.yml:1:1: error: unknown key 'titel'" in proc.stderr


def test_generated_docs_also_build_with_zensical(built_sample: Path, tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    docs = tmp_path / "docs"
    shutil.copytree(built_sample / "docs", docs)
    zensical = Path(sys.executable).with_name("zensical")
    proc = subprocess.run(
        [str(zensical), "build", "--strict", "-f", "mkdocs.yml"],
        cwd=docs,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = docs / "site" / "modules" / "what-it-is.html"
    assert "Not an informational interview" in page.read_text("utf-8")
