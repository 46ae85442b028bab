"""Script payloads in every text field of the course and of an edition never run.

Every string of the sample course, and of an edition that uses every text field an
edition allows, is replaced by markup meant to run ``window.__pwned = N`` or
``alert(N)``, where ``N`` names the field; ids, enumerations, addresses, colours and
file names keep valid values (``KEPT`` says why; addresses and file names are made as
hostile as their checks allow). Both variants are built for real and served on
127.0.0.1. Chromium opens every page, answers and checks every quiz, opens every
disclosure, follows every link by instant navigation and runs the search, and finds
that nothing ran, no dialog opened, no script failed, no element carries an event
handler or a ``javascript:`` address, and every field's text is shown as written on
some page. The PDFs of the same build print the text and hold no script.

The sample gets a coach kit for each module and a sources page; the edition adds
a kit for its own module and publishes the kit on the site. The kit's printable
document is opened like the pages, and its PDFs print every kit text as written.
"""

from __future__ import annotations

import re
import shutil
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from playwright.sync_api import Page, expect
from pydantic import BaseModel
from pypdf import PdfReader

from generator.core.json_schemas import SCHEMAS

from .conftest import FIXTURES, make_project, run_cli, wait_for_instant_navigation

pytestmark = pytest.mark.browser

# ---------------------------------------------------------------------------
# The payloads


def marker(n: int) -> str:
    """The part of payload ``n`` that must be seen, as written, on some page."""
    return f"<script>window.__pwned={n}</script>"


def payload(n: int, braces: bool = True) -> str:
    """One line (under 300 characters) that tries every way out of its context:
    element, attribute in either quotes, title, textarea or style sheet, Markdown
    link, template syntax, attribute list. ``alert(n)`` would open a dialog, the rest sets
    ``window.__pwned``. ``braces`` is false where braces mean a ``{placeholder}``
    (message templates)."""
    run = f"window.__pwned={n}"
    parts = [
        marker(n),
        f'"><img src=x onerror="{run}">',
        f"'><svg onload='alert({n})'>",
        f"</textarea></title></style><svg onload={run}>",
        f'" autofocus onfocus="{run}" x="',
        f"[a](javascript:{run})",
    ]
    if braces:
        parts += ["{{7*7}}", f'{{: onclick="{run}"}}']
    return " ".join(parts)


def block_payload(n: int, braces: bool = True) -> str:
    """Several Markdown blocks, for text that was written as a block (``|``)."""
    run = f"window.__pwned={n}"
    blocks = [
        payload(n, braces),
        f"<script>{run}</script>",
        f"<details open ontoggle=alert({n})>x</details>",
        f'<iframe srcdoc="<script>parent.__pwned={n}</script>"></iframe>',
        f"[ref link][r{n}] and <javascript:{run}>\n\n[r{n}]: javascript:{run}",
        f'![x" onerror="{run}](x)',
        "</script>",
    ]
    return "\n\n".join(blocks) + "\n"


def short_payload(n: int) -> str:
    """For a pipeline step's ``short`` label, which holds at most 40 characters."""
    return f"<svg onload=window.__pwned={n}>"


# ---------------------------------------------------------------------------
# Every string of a YAML tree, replaced

KEPT: dict[str, str] = {
    # Ids and lists of ids: a reference must resolve and an anchor must be an id.
    **dict.fromkeys(
        (
            "id",
            "pair",
            "teaches",
            "bucket",
            "template",
            "modules",
            "steps",
            "question_categories",
            "message_templates",
            "questions",
            "tags",
            "hide",
            "exclude",
            "step",
            "after",
            "unless",
            "worksheet",
            "table",
            "columns",
        ),
        "an id or a list of ids",
    ),
    # One of a few words.
    **dict.fromkeys(
        (
            "type",
            "channel",
            "orientation",
            "width",
            "language",
            "paper",
            "answer_key",
            "coach_kit",
            "kind",
        ),
        "an enumeration",
    ),
    # Addresses: checked, so no quotes, angle brackets or spaces (see EMAIL, LINK_URL);
    # hostile site addresses are refused in tests/test_config_escaping.py.
    "email": "an email address",
    "link_url": "a web address",
    "site_url": "the address the site is served from",
    "primary_color": "a CSS colour (checked)",
    "accent_color": "a CSS colour (checked)",
    # The coach kit and the sources page: ids, and an address that is checked (a hostile
    # scheme is refused in tests/test_coach_kit.py; SOURCE_URLS are as hostile as the
    # check allows).
    "module": "an id",
    "applies_to": "an id",
    "url": "a web address (http or https, checked)",
    # File names get names full of markup instead (see EDITION_FILES).
    "logo": "a file name",
    "coach": "file names (an edition's add: coach:)",
    "favicon": "a file name",
    "font": "a file name",
}
"""Keys whose string values keep their valid value, and why."""


Trail = tuple[str | int, ...]
"""The keys and list indexes from the top of a YAML file to a value."""

Owner = tuple[str, str | None, str]
"""Where a text sits: its file, the id of the nearest part that has one (None for the
top of a file) and the key under that part."""


@dataclass
class Fields:
    """Which payload went where: ``N`` → the field's place, owner and visible text."""

    where: dict[int, str] = field(default_factory=dict)
    owner: dict[int, Owner] = field(default_factory=dict)
    shown: dict[int, str] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    """Every key on the way to a poisoned text."""

    def next(self, file: str, trail: Trail, owner: Owner) -> int:
        n = len(self.where) + 1
        path = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in trail)
        self.where[n] = f"{file}:{path.lstrip('.')}"
        self.owner[n] = owner
        self.keys.update(k for k in trail if isinstance(k, str))
        return n

    def copy(self) -> Fields:
        return Fields(dict(self.where), dict(self.owner), dict(self.shown), set(self.keys))


def poison(
    value: Any,
    fields: Fields,
    file: str,
    trail: Trail = (),
    owner: tuple[str | None, str] = (None, ""),
) -> Any:
    """``value`` with every text string replaced by a payload naming its place."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            owner = (value["id"], "")
        return {
            k: poison(v, fields, file, (*trail, str(k)), owner if owner[1] else (owner[0], str(k)))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [poison(v, fields, file, (*trail, i), owner) for i, v in enumerate(value)]
    key = next((k for k in reversed(trail) if isinstance(k, str)), "")
    if len(trail) > 1 and trail[-2] == "columns" and isinstance(trail[-1], str):
        key = "columns"  # the tracker's import maps its roles to a table's column ids
    if not isinstance(value, str) or key in KEPT:
        return value
    n = fields.next(file, trail, (file, *owner))
    if key == "short":
        fields.shown[n] = short_payload(n)
        return short_payload(n)
    # In a message template, braces mark placeholders: keep the ones it used.
    braces = not (key in ("subject", "body") and "{" in value)
    keep = " ".join(dict.fromkeys(re.findall(r"\{[a-z][a-z0-9_]*\}", value))) if not braces else ""
    fields.shown[n] = marker(n)
    if "\n" in value.strip():
        return block_payload(n, braces) + (f"\n{keep}\n" if keep else "")
    return payload(n, braces) + (f" {keep}" if keep else "")


def text_fields(*models: type[BaseModel]) -> set[str]:
    """The name of every field of ``models`` (and the models inside them) that holds
    text: a string, or a list or mapping of strings. Enumerations are not text."""
    found: set[str] = set()
    visited: set[type[BaseModel]] = set()

    def walk(name: str, annotation: Any) -> None:
        if annotation is str:
            found.add(name)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in visited:
                visited.add(annotation)
                for inner, info in annotation.model_fields.items():
                    walk(inner, info.annotation)
        elif typing.get_origin(annotation) is not typing.Literal:
            for argument in typing.get_args(annotation):
                walk(name, argument)

    for model in models:
        walk("", model)
    return found


def replaced_by(edition: dict[str, Any], fields: Fields) -> set[int]:
    """The base course's texts that ``edition`` replaces (so no page shows them)."""
    overridden = {(ident, name) for ident, names in edition["override"].items() for name in names}
    course = {("content/course.yml", None, key) for key in ("title", "subtitle", "next_steps")}
    return {
        n
        for n, (file, ident, key) in fields.owner.items()
        if (ident, key) in overridden or ((file, ident, key) in course and key in edition)
    }


# ---------------------------------------------------------------------------
# An edition with every text field an edition allows

# Values that must stay valid are hostile within what their check allows.
EMAIL = "coach+{{7*7}}&x@example.org"
LINK_URL = "https://example.org/book?a=1&b=%22%3E%3Csvg%20onload=alert(1)%3E{{7*7}}"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4"/></svg>'
EDITION_FILES = {
    "logo": 'l"><img src=x onerror=window.__pwned=-1>.svg',
    "favicon": "i' onload='window.__pwned=-2'.svg",
}
FILE_FIELDS = {-1: "editions/hostile/logo file name", -2: "editions/hostile/favicon file name"}


def edition(site_url: str) -> dict[str, Any]:
    """A plain edition; :func:`poison` then puts a payload in every text field."""
    para = "Two lines\nof text.\n"
    option = {"text": "An option", "feedback": "Why."}
    right = {"text": "The right option", "correct": True, "feedback": "Yes."}
    quiz = [
        {
            "id": "ed-single",
            "type": "single",
            "prompt": "A question?",
            "hint": para,
            "options": [right, option],
            "explanation": para,
            "teaches": "ed-section",
        },
        {
            "id": "ed-better",
            "type": "which-is-better",
            "prompt": "Which?",
            "scenario": para,
            "subtext": "The subtext.",
            "versions": [
                {"script": para, "feedback": "No."},
                {"script": "Better.", "better": True, "feedback": "Yes."},
            ],
            "options": [right, option],
            "explanation": "Because.",
            "teaches": "ed-pair",
        },
        {
            "id": "ed-order",
            "type": "ordering",
            "prompt": "Order them.",
            "entries": [
                {"text": "First", "feedback": "Comes first."},
                {"text": "Second"},
                {"text": "Third", "feedback": "Comes last."},
            ],
            "explanation": "In order.",
            "teaches": "ed-section",
        },
    ]
    pair = {
        "id": "ed-pair",
        "title": "A pair",
        "scenario": para,
        "subtext": "The subtext.",
        "bad": {
            "label": "Weak",
            "script": para,
            "analysis": {"tone": "Tone", "content": "Content", "outcome": para},
        },
        "good": {
            "label": "Strong",
            "script": "Good.",
            "analysis": {"tone": "Tone", "content": "Content", "outcome": "Outcome."},
        },
        "lesson": para,
    }
    module = {
        "id": "ed-module",
        "title": "An added module",
        "summary": para,
        "objectives": ["An objective."],
        "sections": [{"id": "ed-section", "title": "A section", "body": para}],
        "example_pairs": [pair],
        "mistakes": [{"mistake": "A mistake.", "instead": para}],
        "steps": ["prepare"],
        "question_categories": ["opening"],
        "message_templates": ["outreach-request"],
        "key_points": ["A key point."],
    }
    worksheet = {
        "id": "ed-sheet",
        "title": "An added worksheet",
        "purpose": para,
        "instructions": para,
        "modules": ["ed-module"],
        "sections": [
            {
                "title": "A section",
                "intro": para,
                "fields": [
                    {"type": "short-text", "id": "a", "label": "Label", "help": "Help."},
                    {"type": "long-text", "id": "b", "label": "Label", "help": "Help."},
                    {"type": "date", "id": "c", "label": "Label"},
                    {"type": "checklist", "id": "d", "label": "Label", "items": ["One"]},
                    {
                        "type": "table",
                        "id": "e",
                        "label": "Label",
                        "rows": 2,
                        "columns": [{"id": "x", "label": "Column"}],
                    },
                    {
                        "type": "rating",
                        "id": "f",
                        "label": "Label",
                        "low_label": "Low",
                        "high_label": "High",
                    },
                    {"type": "questions", "id": "g", "label": "Label", "questions": ["q-path"]},
                    {
                        "type": "message",
                        "id": "h",
                        "label": "Label",
                        "template": "outreach-request",
                    },
                ],
            }
        ],
    }
    return {
        "name": "A coach",
        "title": "An edition",
        "subtitle": "Its subtitle.",
        "language": "en",
        "branding": {
            "logo": EDITION_FILES["logo"],
            "favicon": EDITION_FILES["favicon"],
            "primary_color": "#7a1e48",
            "accent_color": "#0b5394",
        },
        "next_steps": {
            "title": "Next",
            "body": para,
            "email": EMAIL,
            "link_url": LINK_URL,
            "link_label": "Book",
        },
        "modules": ["what-it-is", "ed-module", "secure-meeting"],
        "add": {
            "modules": [module],
            "worksheets": [worksheet],
            "coach": [EDITION_KIT],
            "into": {
                "what-it-is": {
                    "objectives": ["Another objective."],
                    "key_points": ["Another key point."],
                    "quiz": quiz,
                },
                "secure-meeting": {"example_pairs": [{**pair, "id": "ed-pair-2"}]},
                "opening": {
                    "questions": [
                        {"id": "q-ed", "text": "A question?", "probe": "And?", "why": "Why."}
                    ]
                },
                "prepare": {"actions": ["An action."], "tips": ["A tip."], "pitfalls": ["A trap."]},
            },
        },
        "override": {
            "secure-meeting": {"summary": para},
            "opening": {"introduction": para},
            "prepare": {"timing": "A timing."},
            "seed-opening": {"lesson": para},
            "meeting-plan": {"instructions": para},
            "outreach-request": {"purpose": para},
        },
        "publishing": {
            "site_url": site_url,
            "paper": "letter",
            "footer": "A footer",
            "licence": "A licence",
            "answer_key": "site",
            "coach_kit": "site",
            "mastery_score": 80,
        },
    }


# ---------------------------------------------------------------------------
# The coach kits and the sources page

EDITION_KIT = "ed-kit.yml"
"""The edition's own kit, for the module it adds (``add: coach:``)."""

SOURCE_URLS = (
    'https://example.org/guide?a=1&b=%22&c="\'><svg/onload=window.__pwned=-3>{{7*7}}#"x',
    "http://example.org/</a><script>window.__pwned=-4</script>?q='&amp;",
)
"""Source addresses as hostile as their check allows: quotes, angle brackets,
ampersands and braces, but a web scheme, a host and no spaces."""


def coach_kit(module: str, prefix: str) -> dict[str, Any]:
    """A plain kit for ``module``; :func:`poison` then puts a payload in every text."""
    para = "Two lines\nof text.\n"
    steps = [
        {"title": "Warm-up", "kind": "warm-up", "minutes": 10, "body": para},
        {"title": "Teach", "kind": "teach", "minutes": 20, "body": "What to say."},
        {"title": "Role play", "kind": "role-play", "minutes": 20, "body": para},
        {"title": "Debrief", "kind": "debrief", "minutes": 10, "body": "What to ask."},
    ]
    watch = ["One thing.", "Another.", "A third."]
    plays = [
        {"id": f"{prefix}-rp-{n}", "title": "A role play", "learner": para, "contact": para}
        | {"watch_for": watch}
        for n in (1, 2)
    ]
    criteria = [
        {"name": "A criterion", "strong": "Strong.", "adequate": para, "weak": "Weak."}
        for _ in range(4)
    ]
    return {
        "module": module,
        "session": {"minutes": 60, "goal": "A goal.", "prepare": para, "steps": steps},
        "role_plays": plays,
        "rubric": {"title": "A rubric", "applies_to": "outreach-request", "criteria": criteria},
    }


def sources() -> dict[str, Any]:
    """A plain sources page; :func:`poison` then puts a payload in every text."""
    return {
        "title": "Sources",
        "intro": "Two lines\nof text.\n",
        "groups": [
            {
                "title": "A group",
                "sources": [
                    {
                        "title": "A guide",
                        "publisher": "A publisher",
                        "url": SOURCE_URLS[0],
                        "note": "What the course takes from it.",
                    },
                    {"title": "Another guide", "url": SOURCE_URLS[1]},
                ],
            },
            {"title": "Books", "sources": [{"title": "A book", "publisher": "A publisher"}]},
        ],
    }


# ---------------------------------------------------------------------------
# The builds


@dataclass
class Variant:
    """One build of the poisoned course, served on 127.0.0.1."""

    slug: str
    base: str
    build: Path
    fields: Fields
    pages: list[str]


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _poison_project(root: Path, fields: Fields) -> None:
    for path in sorted((root / "content").rglob("*.yml")):
        name = path.relative_to(root).as_posix()
        data = yaml.safe_load(path.read_text("utf-8"))
        path.write_text(_dump(poison(data, fields, name)), "utf-8")


@dataclass
class Poisoned:
    """A project whose every text, in the course and in its edition, is a payload."""

    root: Path
    course: Fields
    """The payloads of the course files."""
    edition: Fields
    """The payloads the edition's site shows: the edition's own and those of the
    course files it does not replace."""


@pytest.fixture(scope="module")
def poisoned(web_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Poisoned:
    _, base = web_root
    root = make_project(tmp_path_factory.mktemp("payloads") / "p", FIXTURES / "sample" / "content")
    (root / "content" / "coach").mkdir()
    for module, prefix in (("what-it-is", "wii"), ("secure-meeting", "sm")):
        kit = _dump(coach_kit(module, prefix))
        (root / "content" / "coach" / f"{module}.yml").write_text(kit, "utf-8")
    (root / "content" / "sources.yml").write_text(_dump(sources()), "utf-8")
    course = Fields()
    _poison_project(root, course)

    edition_fields = course.copy()
    folder = root / "editions" / "hostile"
    folder.mkdir(parents=True)
    for name in EDITION_FILES.values():
        (folder / name).write_bytes(SVG)
    plain = edition(f"{base}payload-hostile/")
    data = poison(plain, edition_fields, "editions/hostile/edition.yml")
    kit = poison(coach_kit("ed-module", "ed"), edition_fields, f"editions/hostile/{EDITION_KIT}")
    (folder / EDITION_KIT).write_text(_dump(kit), "utf-8")
    for n in replaced_by(plain, edition_fields):
        del edition_fields.shown[n]
    edition_fields.where.update(FILE_FIELDS)
    (folder / "edition.yml").write_text(_dump(data), "utf-8")
    return Poisoned(root, course, edition_fields)


def test_every_text_field_of_every_schema_carries_a_payload(poisoned: Poisoned) -> None:
    """A text field added to a schema must reach this test through the sample course
    or the edition above, or be listed in ``KEPT`` with its reason."""
    fields = text_fields(*SCHEMAS.values())
    assert fields - KEPT.keys() - poisoned.edition.keys == set()
    assert len(poisoned.course.where) > 150
    assert len(poisoned.edition.where) > len(poisoned.course.where) + 80


@pytest.fixture(scope="module")
def variants(web_root: tuple[Path, str], poisoned: Poisoned) -> dict[str, Variant]:
    """The poisoned course built twice: the default edition (no PDFs, no site address),
    and the edition with every text field, whole (PDFs, exports, and a site address, so
    Material's instant navigation is on)."""
    served, base = web_root
    out: dict[str, Variant] = {}
    for slug, fields, args in (
        ("default", poisoned.course, ["--no-pdf"]),
        ("hostile", poisoned.edition, ["--edition", "hostile"]),
    ):
        result = run_cli("build", "--quiet", *args, cwd=poisoned.root)
        assert result.code == 0, result.err
        built = poisoned.root / "build" / slug
        target = served / f"payload-{slug}"
        shutil.copytree(built / "site", target)
        # The printable answer key and coach kit are web pages too: a coach opens
        # them to print them.
        shutil.copy(built / "coach" / "answer-key.html", target / "coach-answer-key.html")
        shutil.copy(built / "coach" / "coach-kit.html", target / "coach-kit-document.html")
        pages = sorted(p.relative_to(target).as_posix() for p in target.rglob("*.html"))
        out[slug] = Variant(slug, f"{base}payload-{slug}/", built, fields, pages)
    assert "navigation.instant" not in (served / "payload-default" / "index.html").read_text()
    assert "navigation.instant" in (served / "payload-hostile" / "index.html").read_text()
    return out


# ---------------------------------------------------------------------------
# In the browser

OFF_SITE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")

_INSPECT = """() => {
  const found = [];
  const docs = [document, ...[...document.querySelectorAll("iframe")].map(f => {
    try { return f.contentDocument; } catch (e) { return null; }
  }).filter(Boolean)];
  for (const doc of docs) {
    for (const el of doc.querySelectorAll("*")) {
      for (const a of el.attributes) {
        const name = a.name.toLowerCase(), value = a.value.trim().toLowerCase();
        if (name.startsWith("on") || name === "srcdoc" || value.startsWith("javascript:")
            || value.startsWith("data:text/html"))
          found.push(`<${el.localName} ${name}="${a.value.slice(0, 80)}">`);
      }
    }
    for (const s of doc.querySelectorAll("script")) {
      if (!s.textContent.includes("__pwned")) continue;
      try { JSON.parse(s.textContent); } catch (e) {
        found.push(`<script type="${s.type}">${s.textContent.slice(0, 80)}</script>`);
      }
    }
  }
  return {pwned: window.__pwned === undefined ? null : String(window.__pwned), found};
}"""
"""Did a payload run, and did markup from one reach the page: an event handler
attribute, a ``javascript:`` or HTML ``data:`` address, a ``srcdoc`` (Material's own
pages use none of these), or a script holding payload text that is not whole JSON.
Quiz data is JSON in ``<script type="application/json">``; Material's instant
navigation re-inserts it without its type, so it runs, but a JSON text evaluates to
literals only (see ``script_json``)."""

_OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


@dataclass
class Browsing:
    """One browser context for one variant, and what it has seen."""

    page: Page
    variant: Variant
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    literal_braces: bool = False
    """Whether ``{{7*7}}`` was seen as written (no template evaluated a text)."""

    def url(self, path: str) -> str:
        return self.variant.base + path

    def source_of(self, n: str) -> str:
        """Which field payload ``n`` came from."""
        return self.variant.fields.where.get(int(n), "?") if n.lstrip("-").isdigit() else "?"

    def inspect(self, where: str) -> None:
        """Fail when a payload ran, left markup, opened a dialog or broke a script."""
        state = self.page.evaluate(_INSPECT)
        pwned = state["pwned"]
        if pwned is not None:
            pytest.fail(f"{where}: window.__pwned = {pwned}, from {self.source_of(pwned)}")
        assert state["found"] == [], f"{where}: markup from a payload: {state['found']}"
        opened = [f"{message}, from {self.source_of(message)}" for message in self.dialogs]
        assert opened == [], f"{where}: a dialog opened"
        assert self.errors == [], f"{where}: a script failed"

    def read(self) -> str:
        """The page's text with every disclosure open; notes the payloads it shows."""
        self.page.evaluate(_OPEN_ALL)
        text: str = self.page.evaluate("() => document.body.innerText")
        for n, shown in self.variant.fields.shown.items():
            if n not in self.seen and shown in text:
                self.seen.add(n)
        self.literal_braces |= "{{7*7}}" in text
        return text


@contextmanager
def browsing(browser: Any, variant: Variant) -> Iterator[Browsing]:
    """A fresh context (empty storage, nothing off the test server) for ``variant``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(OFF_SITE, lambda route: route.abort())
    page = context.new_page()
    state = Browsing(page, variant)

    def dialog(opened: Any) -> None:
        state.dialogs.append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    page.on("pageerror", lambda error: state.errors.append(str(error)))
    try:
        yield state
    finally:
        context.close()


def answer_quizzes(page: Page) -> int:
    """Answer every question of the page's quizzes (first choices) and check them."""
    quizzes = page.locator(".cgq")
    expect(page.locator(".cgq[data-ready]")).to_have_count(quizzes.count())
    for quiz in quizzes.all():
        names = quiz.evaluate(
            "q => [...new Set([...q.querySelectorAll('input[type=radio]')].map(i => i.name))]"
        )
        for name in names:
            quiz.locator(f'input[name="{name}"]').first.check()
        for options in quiz.locator("ul.cgq-options:has(input[type=checkbox])").all():
            options.locator("input").first.check()
        for note in quiz.locator("textarea").all():
            note.fill(marker(0))
        for order in quiz.locator(".cgq-order").all():
            order.locator('[data-move="1"]').first.click()
        quiz.locator("[data-check]").click()
        expect(quiz.locator(".cgq-summary")).to_be_visible()
        # The review lists every question, reflections included.
        expect(quiz.locator(".cgq-review li")).to_have_count(quiz.locator(".cgq-item").count())
    return quizzes.count()


VARIANTS = ["default", "hostile"]


@pytest.mark.parametrize("slug", VARIANTS)
def test_no_payload_runs_on_any_page(browser: Any, variants: dict[str, Variant], slug: str) -> None:
    variant = variants[slug]
    with browsing(browser, variant) as browse:
        quizzes = 0
        for path in variant.pages:
            browse.page.goto(browse.url(path), wait_until="load")
            browse.inspect(path)
            if browse.page.locator(".cgq").count():
                quizzes += answer_quizzes(browse.page)
                browse.inspect(f"{path}, quiz checked")
            browse.read()
            browse.inspect(f"{path}, every disclosure open")
        # The progress page, after the quizzes were checked, lists each result.
        browse.page.goto(browse.url("progress.html"), wait_until="load")
        expect(browse.page.locator(".cgq-progress[data-ready]")).to_have_count(1)
        expect(browse.page.locator(".cgq-status", has_text="correct")).to_have_count(quizzes)
        browse.inspect("progress.html, with results")
    assert quizzes == 2
    assert browse.literal_braces
    shown = variant.fields.shown
    missing = {n: variant.fields.where[n] for n in shown if n not in browse.seen}
    assert missing == {}, "texts no page shows as written"


def search(page: Page, query: str) -> None:
    """Type ``query`` into Material's search box, as a reader would."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.fill("")
    box.press_sequentially(query)


@pytest.mark.parametrize("slug", VARIANTS)
def test_search_shows_payloads_as_text(
    browser: Any, variants: dict[str, Variant], slug: str
) -> None:
    variant = variants[slug]
    with browsing(browser, variant) as browse:
        page = browse.page
        page.goto(browse.url("index.html"), wait_until="load")
        search(page, "onerror")
        results = page.locator(".md-search-result__item")
        expect(results.first).to_be_visible()
        page.evaluate(_OPEN_ALL)
        browse.inspect("search results")
        listed = page.locator(".md-search-result__list").inner_text()
        assert re.search(r"<script>window\.__pwned=\d+</script>", listed), listed[:500]

        # A result opens its page with the search term highlighted in the text.
        results.first.locator("a").first.click()
        page.wait_for_url(re.compile(r"\?h=onerror"))
        expect(page.locator(".md-content mark").first).to_be_attached()
        browse.inspect("a search result, highlighted")
        assert "<script>window.__pwned=" in browse.read()

        # The query itself is the reader's text: a payload there runs nothing either.
        search(page, '"><img src=x onerror="window.__pwned=0"><svg onload=alert(0)>')
        expect(page.locator(".md-search-result__meta")).to_be_visible()
        browse.inspect("a payload as the search query")


def follow(page: Page, url: str) -> None:
    """Click a link to ``url`` on the page, for Material's instant navigation to load."""
    page.evaluate(
        """url => {
          const old = document.querySelector("[data-md-component=container]");
          old.dataset.cgOld = "";
          const link = [...document.querySelectorAll("a[href]")].find(a => a.href === url);
          if (!link) throw new Error("no link to " + url);
          link.click();
        }""",
        url,
    )
    page.wait_for_url(url)
    expect(page.locator("[data-md-component=container]:not([data-cg-old])")).to_have_count(1)


def test_instant_navigation_runs_no_payload(browser: Any, variants: dict[str, Variant]) -> None:
    """Material swaps pages in place and re-inserts their inline scripts, quiz data
    included, without their ``type``: the data must stay inert JavaScript."""
    variant = variants["hostile"]
    with browsing(browser, variant) as browse:
        page = browse.page
        page.goto(browse.url("index.html"), wait_until="load")
        wait_for_instant_navigation(page)
        page.evaluate("window.cgStayed = true")
        linked = page.evaluate(
            "() => [...new Set([...document.querySelectorAll('.md-nav a[href]')]"
            ".map(a => a.href.split('#')[0]))]"
        )
        pages = [browse.url(p) for p in variant.pages if browse.url(p) in linked]
        # All but 404.html and the coach's printable answer key and kit.
        assert len(pages) >= len(variant.pages) - 3
        home = browse.url("index.html")
        for url in [*(url for url in pages if url != home), home]:
            follow(page, url)
            assert page.evaluate("window.cgStayed") is True, f"{url} was loaded, not swapped in"
            browse.inspect(f"{url}, by instant navigation")
            if page.locator(".cgq").count():
                answer_quizzes(page)
                browse.inspect(f"{url}, quiz checked after instant navigation")


def test_pdfs_show_payloads_as_text_and_hold_no_script(variants: dict[str, Variant]) -> None:
    """The same texts on paper: printed as written, and no action but a link."""
    pdfs = sorted((variants["hostile"].build / "pdf").glob("*.pdf"))
    assert len(pdfs) > 10
    for path in pdfs:
        reader = PdfReader(path)
        catalog: Any = reader.trailer["/Root"]
        assert "/OpenAction" not in catalog and "/AA" not in catalog, path.name
        names = catalog.get("/Names")
        assert names is None or "/JavaScript" not in names.get_object(), path.name
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                if action is None:
                    continue
                action = action.get_object()
                assert action["/S"] in ("/URI", "/GoTo"), (path.name, action)
                uri = str(action.get("/URI", "https:"))
                assert uri.startswith(("https:", "mailto:")), (path.name, uri)
    for name in ("ed-sheet-letter.pdf", "answer-key-letter.pdf"):
        reader = PdfReader(variants["hostile"].build / ("coach" if "key" in name else "pdf") / name)
        text = "".join(page.extract_text() for page in reader.pages)
        assert re.search(r"<script>window\.__pwned=\d+</script>", text), name


# ---------------------------------------------------------------------------
# The coach kit on paper, and the sources' addresses


class _Markup(HTMLParser):
    """Elements and handlers a payload would have left in a document's body, and
    the addresses of the sources' links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.sources: list[str] = []
        self._in_sources = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "svg", "iframe", "details", "textarea"):
            self.found.append(f"<{tag}>")
        self.found += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on")]
        if tag == "ul" and "cg-sources" in (values.get("class") or ""):
            self._in_sources = True
        # A source's title links to its address; a link in its note has none left.
        if tag == "a" and self._in_sources and values.get("rel") == "noopener":
            self.sources.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._in_sources = False


def test_coach_kit_prints_its_payloads_as_text(variants: dict[str, Variant]) -> None:
    """The HTML WeasyPrint lays out holds each kit text as text: no element or
    handler from a payload, and the PDF prints every payload as written."""
    variant = variants["hostile"]
    kits = ("content/coach/", f"editions/hostile/{EDITION_KIT}")
    ours = [n for n, where in variant.fields.where.items() if where.startswith(kits)]
    assert len(ours) == 3 * 39  # two base kits and the edition's, every text of each
    document = (variant.build / "coach" / "coach-kit.html").read_text("utf-8")
    body = _Markup()
    body.feed(document[document.index("<body") :])
    assert body.found == []
    for paper in ("letter", "a4"):
        reader = PdfReader(variant.build / "coach" / f"coach-kit-{paper}.pdf")
        text = "".join("".join(page.extract_text().split()) for page in reader.pages)
        missing = [variant.fields.where[n] for n in ours if marker(n) not in text]
        assert missing == [], paper
        assert "<imgsrc=xonerror=" in text and "</textarea></title></style><svgonload=" in text
        assert "<iframesrcdoc=" in text and "<detailsopenontoggle=alert(" in text


@pytest.mark.parametrize("slug", VARIANTS)
def test_source_addresses_are_encoded_for_their_attribute(
    variants: dict[str, Variant], slug: str
) -> None:
    """Quotes, angle brackets and braces of an address are percent-encoded, its
    ampersands escaped: the link leads where the coach wrote, and nothing more."""
    page = _Markup()
    page.feed((variants[slug].build / "site" / "sources.html").read_text("utf-8"))
    assert [unquote(href) for href in page.sources] == [unquote(url) for url in SOURCE_URLS]
    assert [href for href in page.sources if set(href) & set("\"'<>{} ")] == []
