"""Render the course model into the Markdown pages and assets of an MkDocs site.

Pure: takes the model, returns ``{relative path: bytes}``; writes nothing.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..core.audience import track_labels
from ..core.model import (
    ANSWER_KEY_PAGE,
    HOME_PAGE,
    MESSAGES_PAGE,
    PIPELINE_PAGE,
    PROGRESS_PAGE,
    QUESTIONS_PAGE,
    SOURCES_PAGE,
    TRACKER_PAGE,
    WORKSHEETS_PAGE,
    Course,
    relative_url,
)
from ..quiz.render import progress_payload, quiz_assets, quiz_payload, script_json
from ..typography import typographic
from ..ui import load_strings
from .bytecode import SITE
from .diagram import render_pipeline_svg
from .mkdocs_config import render_mkdocs_config
from .text import TextRenderer, heading, mark_placeholders

PAGES_DIR = "pages"
ASSETS = ("coursegen.css", "site.js", "questions.js", "vendor/iframe-worker-shim.js")
SITE_CSS = "assets/coursegen.css"
"""Every stylesheet of the site in one file, which every page links."""
SITE_JS = "assets/coursegen.js"
"""The scripts every page runs (``EVERY_PAGE_SCRIPTS``), in one file."""
EVERY_PAGE_SCRIPTS = ("site.js", "quiz.js")
"""In this order in ``SITE_JS``; the other scripts stay on the pages needing them."""
PAGE_ASSETS = "assets/page/"
"""Scripts that one page links itself, and stylesheets for one page's classes
(joined into ``SITE_CSS`` with the others)."""
CERTIFICATE_CSS = "certificate.css"
"""The certificate on the progress page (its script is part of quiz.js)."""

OutputFiles = dict[str, bytes]
Renderer = Callable[[Course, jinja2.Environment], OutputFiles]

_RENDERERS: list[Renderer] = []


def register(renderer: Renderer) -> Renderer:
    """Add a renderer whose files join the site (quizzes, worksheets…)."""
    _RENDERERS.append(renderer)
    return renderer


def make_environment(override_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """Jinja environment; a template in an override folder wins by name.

    One per process and set of override templates, so each template is
    compiled once (Jinja recompiles one whose file changed).
    """
    return _environment(override_set(override_dirs))


def override_set(folders: Sequence[Path]) -> tuple[tuple[Path, tuple[str, ...]], ...]:
    """The override folders with the files each holds: a template added to one
    makes a new set, so a cached environment never hides it."""
    return tuple(
        (folder, tuple(sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))))
        for folder in folders
    )


@lru_cache(maxsize=8)
def _environment(overrides: tuple[tuple[Path, tuple[str, ...]], ...]) -> jinja2.Environment:
    override_dirs = [folder for folder, _ in overrides]
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in override_dirs]
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=SITE,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading anchors look like "{#id}", which is Jinja's comment syntax.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["heading"] = heading
    env.filters["placeholders"] = mark_placeholders
    env.filters["typographic"] = typographic
    env.filters["yaml_string"] = lambda s: Markup(json.dumps(html.escape(str(s), quote=False)))
    env.filters["script_json"] = script_json
    return env


def page_context(course: Course, page: str) -> dict[str, Any]:
    """What every page template receives."""

    def resolve(ident: str) -> str | None:
        return course.link(ident, page) if ident in course.targets else None

    def asset(name: str) -> str:
        return posixpath.relpath(f"assets/{name}", posixpath.dirname(page) or ".")

    ui = load_strings(course.edition.language)
    return {
        "course": course,
        "ui": ui,
        # "For executives" on a part for one track only, in the full course.
        "tracks": lambda tags: track_labels(tags, course.edition.audiences, ui),
        # The page language is the interface language (Material's): no marks needed.
        "ui_lang": Markup(""),
        "text": TextRenderer(resolve),
        "link": lambda ident: course.link(ident, page),
        "page_link": lambda target: relative_url(page, target),
        "asset": asset,
        "pages": {
            "home": HOME_PAGE,
            "pipeline": PIPELINE_PAGE,
            "tracker": TRACKER_PAGE,
            "questions": QUESTIONS_PAGE,
            "messages": MESSAGES_PAGE,
            "progress": PROGRESS_PAGE,
            "answer_key": ANSWER_KEY_PAGE,
            "worksheets": WORKSHEETS_PAGE,
            "sources": SOURCES_PAGE,
        },
        "cta": course.next_steps,
    }


def render_page(
    env: jinja2.Environment, template: str, course: Course, page: str, **extra: Any
) -> bytes:
    """One Markdown page, rendered from its template."""
    context = page_context(course, page) | extra
    return env.get_template(template).render(context).encode("utf-8")


@dataclass(frozen=True)
class SitePage:
    """One page of the course: where it goes, its template and what else it needs."""

    page: str
    template: str
    extra: Mapping[str, Any]


def course_pages(
    course: Course, ui: Mapping[str, str], diagram_style: str = ""
) -> tuple[SitePage, ...]:
    """The pages that hold the course itself, in reading order: home, every
    module (with its quiz), the pipeline, the question bank, the message templates.

    The website publishes them; the course book prints the same pages, with
    ``diagram_style`` in the pipeline diagram.
    """
    modules = tuple(
        SitePage(
            entry.page,
            "site/module.md.j2",
            {
                "entry": entry,
                "module": entry.module,
                "slot": entry.module.id,
                "quiz_data": quiz_payload(entry.quiz, ui) if entry.quiz else None,
            },
        )
        for entry in course.modules
    )
    diagram = render_pipeline_svg(
        course.pipeline.steps, course.pipeline.title, ui["repeat"], diagram_style
    )
    return (
        SitePage(HOME_PAGE, "site/home.md.j2", {"slot": "home"}),
        *modules,
        SitePage(PIPELINE_PAGE, "site/pipeline.md.j2", {"diagram": Markup(diagram)}),
        SitePage(QUESTIONS_PAGE, "site/questions.md.j2", {"tag_labels": course.questions.tags}),
        SitePage(MESSAGES_PAGE, "site/messages.md.j2", {}),
    )


def render_site(
    course: Course,
    env: jinja2.Environment,
    extra: Sequence[Renderer] = (),
    home: Mapping[str, Any] | None = None,
) -> OutputFiles:
    """Every file of the MkDocs project for this course (``mkdocs.yml`` included).

    ``extra`` renderers add their files for this build only; ``register()``
    adds renderers for every build. ``home`` adds to what the home page
    receives (``book``: the download rows of the course book).
    """
    files: OutputFiles = {}

    def add(page: str, template: str, **extra: Any) -> None:
        files[f"{PAGES_DIR}/{page}"] = render_page(env, template, course, page, **extra)

    ui = load_strings(course.edition.language)
    for spec in course_pages(course, ui):
        more = {"book": (), **(home or {})} if spec.page == HOME_PAGE else {}
        add(spec.page, spec.template, **spec.extra, **more)
    for name in ASSETS:
        files[f"{PAGES_DIR}/assets/{name}"] = _asset(name)
    files.update(render_brand_assets(course))
    if course.quizzes:
        logo = course.edition.logo
        add(
            PROGRESS_PAGE,
            "site/progress.md.j2",
            progress_data=progress_payload(course, ui),
            # "Reset all" clears the quizzes only: the tracker shares the edition's prefix.
            quiz_prefixes=" ".join(m.quiz.storage_prefix for m in course.quizzes if m.quiz),
            logo_src=relative_asset(PROGRESS_PAGE, f"assets/brand/{logo.name}") if logo else "",
        )
        files[f"{PAGES_DIR}/{PAGE_ASSETS}{CERTIFICATE_CSS}"] = _asset(CERTIFICATE_CSS)
        for name, data in quiz_assets().items():
            files[f"{PAGES_DIR}/assets/{name}"] = data
    for renderer in (*_RENDERERS, *extra):
        files.update(renderer(course, env))
    files = bundle_assets(files)
    files["mkdocs.yml"] = render_mkdocs_config(course, [SITE_CSS], [SITE_JS])
    return dict(sorted(files.items()))


def bundle_assets(files: OutputFiles) -> OutputFiles:
    """The site's stylesheets as one file (``SITE_CSS``) and the scripts every
    page runs as another (``SITE_JS``): one request each instead of one a file.

    Stylesheets join in the order of their paths, the order in which pages
    linked them one by one; those of a single page (the tracker's, the
    certificate's) only style that page's own classes, so they join too.
    """
    prefix = f"{PAGES_DIR}/assets/"
    css = sorted(p for p in files if p.startswith(prefix) and p.endswith(".css"))
    js = [prefix + name for name in EVERY_PAGE_SCRIPTS if prefix + name in files]
    bundled = {p: data for p, data in files.items() if p not in css and p not in js}
    bundled[f"{PAGES_DIR}/{SITE_CSS}"] = _joined(files[p] for p in css)
    bundled[f"{PAGES_DIR}/{SITE_JS}"] = _joined(files[p] for p in js)
    return bundled


def _joined(parts: Iterable[bytes]) -> bytes:
    return b"\n".join(part if part.endswith(b"\n") else part + b"\n" for part in parts)


def render_brand_assets(course: Course) -> OutputFiles:
    """The edition's logo, icon and colours as site assets."""
    edition = course.edition
    files: OutputFiles = {}
    for asset in (edition.logo, edition.favicon):
        if asset is not None:
            files[f"{PAGES_DIR}/assets/brand/{asset.name}"] = asset.data
    palette = edition.palette
    if palette is not None:
        css = (
            "/* Brand colours of this edition. */\n"
            ":root, [data-md-color-scheme] {\n"
            f"  --md-primary-fg-color: {palette.primary};\n"
            f"  --md-primary-fg-color--light: {palette.primary_light};\n"
            f"  --md-primary-fg-color--dark: {palette.primary_dark};\n"
            f"  --md-primary-bg-color: {palette.on_primary};\n"
            f"  --md-accent-fg-color: {palette.accent};\n"
            f"  --md-typeset-a-color: {palette.primary};\n"
            "}\n"
            '[data-md-color-scheme="slate"] {\n'
            f"  --md-typeset-a-color: {palette.primary_light};\n"
            "}\n"
        )
        files[f"{PAGES_DIR}/assets/edition.css"] = css.encode("utf-8")
    return files


def relative_asset(page: str, path: str) -> str:
    """A link from a Markdown page to a file under the pages folder."""
    return posixpath.relpath(path, posixpath.dirname(page) or ".")


def _asset(name: str) -> bytes:
    return (resources.files("generator") / "assets" / name).read_bytes()
