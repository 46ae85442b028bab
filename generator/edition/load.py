"""Read and check ``editions/<slug>/edition.yml`` and the files it names."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Location, Problem, Severity, YamlPath
from ..core.load import load_yaml_file, read_bounded
from ..core.model import Asset, Edition, Logo, Palette
from ..core.source import Loaded, display_path
from ..core.validate import validate_document
from ..ui import available_languages
from .colors import AA_TEXT, WHITE, Rgb, contrast, ink_on_white, parse_color, text_on
from .images import image_aspect, image_problem
from .paths import MAX_ASSET_BYTES, resolve_inside
from .schema import EditionFile

EDITIONS_DIR = "editions"
EDITION_FILE = "edition.yml"
_KINDS = {
    "logo": (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"),
    "favicon": (".png", ".svg", ".ico", ".gif"),
    "font": (".ttf", ".otf", ".woff", ".woff2"),
}


@dataclass(frozen=True)
class LoadedEdition:
    """An edition file that passed its own checks."""

    value: EditionFile
    loaded: Loaded
    folder: Path
    edition: Edition


def edition_slugs(root: Path) -> list[str]:
    """Every edition folder that holds an edition.yml, sorted."""
    folder = root / EDITIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(p.parent.name for p in folder.glob(f"*/{EDITION_FILE}"))


def load_edition(root: Path, slug: str) -> tuple[LoadedEdition | None, list[Problem]]:
    """Load one edition and the files it names; problems point into edition.yml."""
    folder = root / EDITIONS_DIR / slug
    path = folder / EDITION_FILE
    shown = display_path(path, root)
    if not path.is_file():
        known = ", ".join(edition_slugs(root)) or "none yet"
        return None, [
            Problem(
                Location(shown),
                f"there is no edition '{slug}'",
                (),
                f"editions: {known}; create one with: coursegen new-edition {slug}",
            )
        ]
    loaded, problems = load_yaml_file(path, shown)
    if loaded is None:
        return None, problems
    if not isinstance(loaded.data, dict):
        return None, [
            *problems,
            Problem(loaded.source.locate(()), "expected a mapping (key: value pairs)"),
        ]
    value, found = validate_document(loaded, EditionFile)
    problems += found
    if value is None:
        return None, problems
    checks = _Checks(value, loaded, folder)
    edition = checks.edition(slug)
    problems += checks.problems
    if any(p.severity is Severity.ERROR for p in checks.problems):
        return None, problems
    return LoadedEdition(value, loaded, folder, edition), problems


class _Checks:
    def __init__(self, value: EditionFile, loaded: Loaded, folder: Path) -> None:
        self.value = value
        self.loaded = loaded
        self.folder = folder
        self.problems: list[Problem] = []

    def problem(
        self, path: YamlPath, message: str, hint: str = "", severity: Severity = Severity.ERROR
    ) -> None:
        self.problems.append(
            Problem(self.loaded.source.locate(path), message, path, hint, severity)
        )

    def asset(self, kind: str) -> Asset | None:
        relative = getattr(self.value.branding, kind)
        if relative is None:
            return None
        path: YamlPath = ("branding", kind)
        shown = str(Path(self.loaded.source.file).parent.as_posix())
        file, why = resolve_inside(self.folder, relative, shown)
        if file is None:
            self.problem(path, why, "put the file in the edition folder and name it here")
            return None
        if file.suffix.lower() not in _KINDS[kind]:
            self.problem(
                path,
                f"'{relative}' is not a {kind} file this tool can use",
                f"use one of: {', '.join(_KINDS[kind])}",
            )
            return None
        data = read_bounded(file, MAX_ASSET_BYTES)
        if data is None:
            self.problem(path, f"'{relative}' is larger than {MAX_ASSET_BYTES:,} bytes")
            return None
        if kind != "font":
            why = image_problem(data, file.suffix.lower())
            if why:
                self.problem(
                    path,
                    f"'{relative}' {why}",
                    f"use a PNG, JPEG, GIF, WebP{', ICO' if kind == 'favicon' else ''} or "
                    "plain SVG file, named with its own extension",
                )
                return None
        if kind == "font" and not readable_font(data):
            self.problem(
                path,
                f"'{relative}' cannot be read as a font",
                "use a TrueType or OpenType font file (.ttf, .otf, .woff, .woff2)",
            )
            return None
        return Asset(f"{kind}{file.suffix.lower()}", data)

    def logo(self) -> Logo | None:
        asset = self.asset("logo")
        if asset is None:
            return None
        aspect = image_aspect(asset.data, Path(asset.name).suffix)
        if aspect is None:
            self.problem(
                ("branding", "logo"),
                f"'{self.value.branding.logo}' cannot be read as an image",
                "use an SVG, PNG, JPEG or WebP file",
            )
            return None
        return Logo(asset.name, asset.data, aspect)

    def color(self, kind: str) -> Rgb | None:
        text = getattr(self.value.branding, kind)
        if text is None:
            return None
        color = parse_color(text)
        if color is None:
            self.problem(
                ("branding", kind),
                f"'{text}' is not a colour this tool understands",
                "use a hex code such as '#0b5394', a CSS name such as 'teal', or rgb()/hsl()",
            )
        return color

    def palette(self) -> Palette | None:
        primary = self.color("primary_color")
        accent = self.color("accent_color")
        if primary is None and accent is None:
            return None
        primary = primary or parse_color("#3f51b5")
        assert primary is not None
        accent = accent or primary
        on_primary = text_on(primary)
        ratio = contrast(on_primary, primary)
        if ratio < AA_TEXT:
            self.problem(
                ("branding", "primary_color"),
                f"header text on this colour has a contrast of {ratio:.1f}:1, "
                f"below the {AA_TEXT}:1 that WCAG AA asks for",
                "choose a darker or lighter shade",
                Severity.WARNING,
            )
        ratio = contrast(accent, WHITE)
        if self.value.branding.accent_color is not None and ratio < AA_TEXT:
            self.problem(
                ("branding", "accent_color"),
                f"links in this colour on white have a contrast of {ratio:.1f}:1, "
                f"below the {AA_TEXT}:1 that WCAG AA asks for",
                "choose a darker shade",
                Severity.WARNING,
            )
        return Palette(
            primary=primary.hex,
            on_primary=on_primary.hex,
            primary_light=primary.mix(WHITE, 0.25).hex,
            primary_dark=primary.mix(Rgb(0, 0, 0), 0.2).hex,
            accent=accent.hex,
            ink=ink_on_white(primary).hex,
            tint=primary.mix(WHITE, 0.92).hex,
        )

    def edition(self, slug: str) -> Edition:
        value = self.value
        if value.language not in available_languages():
            self.problem(
                ("language",),
                f"there are no interface strings for '{value.language}'",
                f"use one of: {', '.join(available_languages())}",
            )
        return Edition(
            slug=slug,
            brand=value.name,
            language=value.language,
            logo=self.logo(),
            favicon=self.asset("favicon"),
            font=self.asset("font"),
            palette=self.palette(),
            site_url=value.publishing.site_url,
            paper=value.publishing.paper,
            footer=value.publishing.footer,
            licence=value.publishing.licence,
            answer_key_on_site=value.publishing.answer_key == "site",
            coach_kit_on_site=value.publishing.coach_kit == "site",
            mastery_score=value.publishing.mastery_score,
            audiences=value.audiences,
        )


def readable_font(data: bytes) -> bool:
    """True when ``data`` is a font the PDFs can embed (checked now, not at layout)."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        return bool(font["cmap"].getBestCmap())
    except Exception:  # a damaged file can fail in any table's parser, each its own way
        return False
