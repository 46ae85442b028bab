"""Values that reach the generated mkdocs.yml are escaped, or refused with a location."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import FIXTURES, make_project, run_cli

PAYLOAD = "\"><img src=x onerror=alert(1)>'><svg onload=alert(2)>"


class _Elements(HTMLParser):
    """Every start tag and attribute name of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.descriptions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        found = dict(attrs)
        if tag == "meta" and found.get("name") == "description":
            self.descriptions.append(found.get("content") or "")


def _parse(page: Path) -> _Elements:
    parser = _Elements()
    parser.feed(page.read_text("utf-8"))
    return parser


# File names are the coach's too: they must not reach an attribute as written.
LOGO = 'l"><img src=x onerror=alert(3)>.svg'
ICON = "i' onload='alert(4)'.svg"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4"/></svg>'

EDITION = f"""\
name: '{PAYLOAD.replace("'", "''")}'
title: '{PAYLOAD.replace("'", "''")}'
subtitle: '{PAYLOAD.replace("'", "''")}'
branding:
  logo: '{LOGO.replace("'", "''")}'
  favicon: '{ICON.replace("'", "''")}'
publishing:
  footer: '{PAYLOAD.replace("'", "''")}'
  licence: '{PAYLOAD.replace("'", "''")}'
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course built with an edition whose every text field carries markup."""
    root = make_project(tmp_path_factory.mktemp("escape") / "p", FIXTURES / "sample" / "content")
    (root / "editions" / "evil").mkdir(parents=True)
    (root / "editions" / "evil" / "edition.yml").write_text(EDITION, "utf-8")
    for name in (LOGO, ICON):
        (root / "editions" / "evil" / name).write_bytes(SVG)
    course = root / "content" / "course.yml"
    text = course.read_text("utf-8")
    quoted = PAYLOAD.replace("'", "''")
    text = text.replace(
        "subtitle: Meet the people behind the jobs, one curious conversation at a time.",
        f"subtitle: '{quoted}'",
    )
    course.write_text(text, "utf-8")
    for slug in ("default", "evil"):
        result = run_cli("build", "--no-pdf", "--quiet", "--edition", slug, cwd=root)
        assert result.code == 0, result.err
    return root / "build"


@pytest.mark.parametrize("slug", ["default", "evil"])
def test_no_markup_from_config_fields_reaches_a_page(hostile_site: Path, slug: str) -> None:
    pages = sorted((hostile_site / slug / "site").rglob("*.html"))
    assert pages
    for page in pages:
        parsed = _parse(page)
        assert "onerror" not in parsed.attributes, page
        assert "onload" not in parsed.attributes, page
        assert "svg" not in parsed.tags or "<svg onload" not in page.read_text("utf-8"), page
    home = _parse(hostile_site / slug / "site" / "index.html")
    # The text arrives whole, as text: what the coach typed is what a reader sees.
    assert home.descriptions == [PAYLOAD]


def test_footer_name_and_licence_shown_as_text(hostile_site: Path) -> None:
    html = (hostile_site / "evil" / "site" / "index.html").read_text("utf-8")
    assert '<img src="assets/brand/logo.svg" alt="logo">' in html
    assert '<link rel="icon" href="assets/brand/favicon.svg">' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html
    assert "<svg onload" not in html


@pytest.mark.parametrize(
    "url",
    [
        'https://example.org/"><script>alert(1)</script>',
        "https://example.org/a b",
        "https://example.org/<x>",
        "https://example.org\\evil",
        "javascript:alert(1)",
        "https://",
        "https://example.org/'onmouseover='x",
    ],
)
def test_unsafe_site_url_in_edition_is_refused_with_its_location(tmp_path: Path, url: str) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    (root / "editions" / "bad").mkdir(parents=True)
    quoted = url.replace("'", "''")
    (root / "editions" / "bad" / "edition.yml").write_text(
        f"name: Bad\npublishing:\n  site_url: '{quoted}'\n", "utf-8"
    )
    result = run_cli("validate", "--edition", "bad", cwd=root)
    assert result.code == 1, result.err
    assert "editions/bad/edition.yml:3:13: error:" in result.err
    assert "publishing.site_url" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "url",
    ['https://example.org/"><script>alert(1)</script>', "https://example.org/a b", "ftp://x"],
)
def test_unsafe_site_url_on_the_command_line_is_a_usage_error(sample: Path, url: str) -> None:
    result = run_cli("validate", "--site-url", url, cwd=sample)
    assert result.code == 2, result.err
    assert "--site-url" in result.err
    assert "Traceback" not in result.err


def test_a_safe_site_url_still_reaches_the_canonical_link(sample: Path) -> None:
    url = "https://courses.example.org/interviews/?a=1&b=2"
    result = run_cli("build", "--no-pdf", "--quiet", "--site-url", url, cwd=sample)
    assert result.code == 0, result.err
    html = (sample / "build" / "default" / "site" / "index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://courses.example.org/interviews/' in html
