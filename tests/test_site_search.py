"""What Material's search index holds: course text and headings, not the quiz
furniture (options, feedback, answers) nor the pages that are apps; each
section's opening as prose and each of its words once (generator/search_index.py),
found by a real search in Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.search_index import ENGLISH_STOP_WORDS, compact_text, stop_words, tokens, words

from .conftest import REPO, make_project, run_cli, run_root_mkdocs


def test_the_index_holds_a_quiz_heading_but_not_its_answers(built_sample: Path) -> None:
    site = built_sample / "site"
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"]}
    text = json.dumps(index)
    page = (site / "modules" / "what-it-is.html").read_text("utf-8")
    feedback = "Curiosity about their path gives them something easy and pleasant to talk about."
    assert feedback in page
    assert feedback not in text
    quiz = next(
        doc
        for loc, doc in entries.items()
        if loc.startswith("modules/what-it-is.html#") and loc.endswith("-quiz")
    )
    assert quiz["title"] == "Check your understanding"  # found by its heading
    # The module's own text stays searchable.
    assert any(
        loc.startswith("modules/what-it-is.html#") and doc["text"] for loc, doc in entries.items()
    )
    pages = {loc.split("#")[0] for loc in entries}
    assert "tracker.html" not in pages and "progress.html" not in pages
    assert {"pipeline.html", "worksheets/contact-log.html"} <= pages


# The shipped course: its index against Material's own, and searched in Chromium.


@dataclass(frozen=True)
class Indexes:
    site: Path
    ours: dict[str, Any]
    materials: dict[str, Any]
    """The index Material alone writes for the same generated pages."""


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> Indexes:
    project = make_project(tmp_path_factory.mktemp("search") / "p", REPO / "content")
    result = run_cli("build", "-q", "--no-pdf", cwd=project)
    assert result.code == 0, result.err
    built = project / "build" / "default"
    # The generated mkdocs.yml names no hook: plain MkDocs and Material.
    plain = run_root_mkdocs(built / "docs", "build", "-q", "-d", str(project / "plain"))
    assert plain.returncode == 0, plain.stderr
    return Indexes(
        built / "site",
        json.loads((built / "site" / "search" / "search_index.json").read_text("utf-8")),
        json.loads((project / "plain" / "search" / "search_index.json").read_text("utf-8")),
    )


def _words(text: str) -> set[str]:
    return {w.lower() for w in words(text, re.compile(r"[\s\-]+"))} - ENGLISH_STOP_WORDS


def test_every_word_of_a_section_stays_in_its_entry(indexes: Indexes) -> None:
    """Same entries, same titles; each word of a section (stop words aside) is
    a token of its entry, as lunr will split it, and none is written twice
    after the opening."""
    ours, materials = indexes.ours, indexes.materials
    assert ours["config"] == materials["config"]
    assert [(d["location"], d["title"]) for d in ours["docs"]] == [
        (d["location"], d["title"]) for d in materials["docs"]
    ]
    separator = re.compile(ours["config"]["separator"])
    for mine, theirs in zip(ours["docs"], materials["docs"], strict=True):
        kept = set(tokens(mine["text"], separator))
        lost = {html.escape(w, quote=False) for w in _words(theirs["text"])} - kept
        assert not lost, (mine["location"], sorted(lost))
        opening, _, hidden = mine["text"].partition("<span hidden>")
        listed = [w.lower() for w in hidden.removesuffix("</span></p>").split()]
        assert len(listed) == len(set(listed)), mine["location"]
        assert not set(listed) & set(tokens(opening, separator)), mine["location"]


def test_the_index_is_under_half_of_materials_and_reads_as_prose(indexes: Indexes) -> None:
    ours = (indexes.site / "search" / "search_index.json").stat().st_size
    materials = len(json.dumps(indexes.materials, separators=(",", ":")))
    assert ours < 0.6 * materials, (ours, materials)
    # The offline copy holds the same index.
    script = (indexes.site / "search" / "search_index.js").read_text("utf-8")
    assert script == "var __index = " + json.dumps(indexes.ours, separators=(",", ":"))
    first = indexes.ours["docs"][0]["text"]
    assert first.startswith("<p>Meet the people behind the jobs, one curious conversation")
    assert first.index("<span hidden>") < 200


@pytest.fixture(scope="module")
def served(indexes: Indexes, web_root: tuple[Path, str]) -> str:
    root, base = web_root
    shutil.copytree(indexes.site, root / "search-shipped")
    return f"{base}search-shipped/"


def _search(browser: Any, url: str, query: str) -> Any:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(url + "index.html")
    page.click("label[for=__search]")
    page.locator(".md-search__input").press_sequentially(query)
    page.wait_for_selector(".md-search-result__item")
    return page


def _deep_word(indexes: Indexes, location: str) -> str:
    """A long word of the hidden list of the entry at ``location`` that no
    other entry holds (so only that section can be found by it)."""
    separator = re.compile(indexes.ours["config"]["separator"])
    held: dict[str, int] = {}
    for doc in indexes.ours["docs"]:
        for token in set(tokens(doc["title"] + " " + doc["text"], separator)):
            held[token] = held.get(token, 0) + 1
    doc = next(d for d in indexes.ours["docs"] if d["location"] == location)
    _, _, hidden = doc["text"].partition("<span hidden>")
    return next(w for w in tokens(hidden, separator) if len(w) >= 8 and held[w] == 1)


def _title_word(indexes: Indexes, location: str) -> str:
    """A word of the title of the page at ``location`` that no other title holds."""
    separator = re.compile(indexes.ours["config"]["separator"])
    others = {
        token
        for doc in indexes.ours["docs"]
        if doc["location"] != location
        for token in tokens(doc["title"], separator)
    }
    doc = next(d for d in indexes.ours["docs"] if d["location"] == location)
    return next(w for w in tokens(doc["title"], separator) if len(w) >= 6 and w not in others)


@pytest.mark.browser
def test_a_word_deep_in_a_section_finds_that_section(
    browser: Any, served: str, indexes: Indexes
) -> None:
    word = _deep_word(indexes, "modules/the-senior-search.html#confidential-search")
    page = _search(browser, served, word)
    link = page.locator('.md-search-result__link[href*="the-senior-search.html"]')
    link = link.filter(has=page.locator("h2"))
    expect(link.first).to_have_attribute("href", re.compile("#confidential-search$"))
    # The teaser is the section's opening; the word list stays hidden.
    teaser = link.first.locator("article")
    expect(teaser).to_contain_text(indexes_opening(indexes, "confidential-search"))
    assert word not in teaser.inner_text().lower()
    page.context.close()


@pytest.mark.browser
def test_a_title_word_finds_its_page(browser: Any, served: str, indexes: Indexes) -> None:
    word = _title_word(indexes, "worksheets/thank-you-drafter.html")
    page = _search(browser, served, word)
    first = page.locator(".md-search-result__item").first
    expect(first.locator("h1")).to_contain_text(word, ignore_case=True)
    href = first.locator(".md-search-result__link").first.get_attribute("href") or ""
    assert href.split("?")[0].endswith("worksheets/thank-you-drafter.html"), href
    page.context.close()


def indexes_opening(indexes: Indexes, anchor: str) -> str:
    doc = next(d for d in indexes.ours["docs"] if d["location"].endswith("#" + anchor))
    return html.unescape(doc["text"].removeprefix("<p>").partition("<span hidden>")[0])[:60]


# The rewrite itself, on Material's text.

SEPARATOR = re.compile(r"[\s\-]+")


def test_the_opening_ends_at_a_sentence_and_the_rest_is_each_word_once() -> None:
    text = (
        "<p>For executives</p> <p>Ask for ten minutes. Say why you chose them, "
        "and ask again in a week.</p> <ul> <li>Ask (politely) about the <code>role</code>"
        " and the team; ask about the team\u2019s plans.</li> </ul>"
    )
    compact = compact_text(text, SEPARATOR, ENGLISH_STOP_WORDS, size=40)
    assert compact == (
        "<p>For executives · Ask for ten minutes.<span hidden> minutes chose"
        " again week politely role team team\u2019s plans</span></p>"
    )


def test_other_languages_keep_every_word_and_markup_stays_escaped() -> None:
    text = "<p>Écrivez-lui.</p> <p>Le &lt;script&gt; de la réponse, et la réponse.</p>"
    compact = compact_text(text, SEPARATOR, stop_words({"lang": ["fr"]}), size=10)
    assert compact == ("<p>Écrivez-lui.<span hidden> lui Le script de la réponse et</span></p>")
    english = stop_words({"lang": ["en"], "pipeline": ["stopWordFilter"]})
    assert english == ENGLISH_STOP_WORDS and not stop_words({"lang": ["en"], "pipeline": []})
    assert "<script" not in compact_text(text, SEPARATOR, english, size=10)
