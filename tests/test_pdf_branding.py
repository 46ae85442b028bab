"""An edition's brand on paper: its logo, colour and font on every PDF it makes.

A scratch edition of the sample course brings a PNG logo of a colour nothing
else uses, so pypdf can find the image on each page and a poppler render can
measure where it is drawn and how large.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject

from generator.edition.images import image_aspect
from generator.worksheet.paper import PAPERS, pdf_name
from generator.worksheet.render import LOGO_BOXES, fit_logo

from .conftest import FIXTURES, REPO, make_project, run_cli

LOGO_PIXELS = (60, 20)
MAGENTA = (230, 0, 180)
INK = (0x0B, 0x53, 0x94)
DPI = 100
PDFTOPPM = ("pdftoppm", "-png", "-singlefile")
SHEETS = ("meeting-plan", "contact-log", "request-draft")
PDF_FOLDERS = ("pdf", "coach")
"""Where a build puts PDFs: learners' files and (answer key) the coach's."""


@pytest.fixture(scope="module")
def coach_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course built as an edition with a logo, a colour and a font."""
    root = make_project(
        tmp_path_factory.mktemp("brand") / "project", FIXTURES / "sample" / "content"
    )
    folder = root / "editions" / "coach"
    folder.mkdir(parents=True)
    Image.new("RGB", LOGO_PIXELS, MAGENTA).save(folder / "logo.png")
    shutil.copy(REPO / "editions" / "northstar" / "Caladea-Bold.ttf", folder / "brand.ttf")
    (folder / "edition.yml").write_text(
        "name: Coach Brand\n"
        "branding:\n"
        "  logo: logo.png\n"
        '  primary_color: "#0b5394"\n'
        "  font: brand.ttf\n",
        "utf-8",
    )
    result = run_cli("build", "--edition", "coach", "--quiet", cwd=root)
    assert result.code == 0, result.err
    return root / "build" / "coach"


def reader(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))


def drawn_xobjects(resources: DictionaryObject, content: bytes) -> Iterator[DictionaryObject]:
    """Every XObject that ``content`` draws, and what the forms among them draw in turn."""
    table = resources.get("/XObject", {})
    for name in re.findall(rb"/([^\s/\[\]()<>]+)\s+Do\b", content):
        xobject = table.get("/" + name.decode("latin-1"))
        if xobject is None:
            continue
        xobject = xobject.get_object()
        yield xobject
        if xobject.get("/Subtype") == "/Form":
            inner = xobject.get("/Resources", resources)
            yield from drawn_xobjects(inner.get_object(), xobject.get_data())


def page_draws(pdf: PdfReader, number: int) -> list[DictionaryObject]:
    page = pdf.pages[number]
    return list(drawn_xobjects(page["/Resources"].get_object(), page.get_contents().get_data()))


def is_logo(xobject: DictionaryObject) -> bool:
    size = (xobject.get("/Width"), xobject.get("/Height"))
    return xobject.get("/Subtype") == "/Image" and size == LOGO_PIXELS


def every_pdf(build: Path, paper_slug: str = "") -> dict[str, Path]:
    """Every PDF an edition's build made (for learners and for the coach), by file name."""
    found = {p.name: p for part in PDF_FOLDERS for p in sorted((build / part).glob("*.pdf"))}
    return {name: path for name, path in found.items() if f"-{paper_slug}" in name}


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_every_page_of_every_pdf_draws_the_logo(coach_pdfs: Path, paper: object) -> None:
    slug = paper.slug  # type: ignore[attr-defined]
    paths = every_pdf(coach_pdfs, slug)
    for stem in (*SHEETS, "workbook"):
        assert {pdf_name(stem, paper, False), pdf_name(stem, paper, True)} <= set(paths)  # type: ignore[arg-type]
    assert f"answer-key-{slug}.pdf" in paths
    for path in paths.values():
        pdf = reader(path)
        for number in range(len(pdf.pages)):
            assert any(is_logo(x) for x in page_draws(pdf, number)), f"{path.name} p{number + 1}"


def test_without_a_logo_no_page_draws_an_image(built_sample: Path) -> None:
    for path in every_pdf(built_sample).values():
        pdf = reader(path)
        for number in range(len(pdf.pages)):
            kinds = {str(x.get("/Subtype")) for x in page_draws(pdf, number)}
            assert "/Image" not in kinds, f"{path.name} p{number + 1}"


def render(path: Path, page: int, tmp_path: Path) -> Image.Image:
    prefix = tmp_path / f"{path.stem}-{page}"
    subprocess.run(
        [*PDFTOPPM, "-r", str(DPI), "-f", str(page), "-l", str(page), str(path), str(prefix)],
        check=True,
        capture_output=True,
    )
    return Image.open(prefix.with_suffix(".png")).convert("RGB")


def colour_mask(image: Image.Image, colour: tuple[int, int, int], tolerance: int) -> Image.Image:
    """White where ``image`` has ``colour`` (within ``tolerance`` per channel), black elsewhere."""
    channels = [
        band.point(lambda v, c=c: 255 if abs(v - c) <= tolerance else 0)
        for band, c in zip(image.split(), colour, strict=True)
    ]
    return ImageChops.multiply(ImageChops.multiply(channels[0], channels[1]), channels[2])


def logo_boxes(image: Image.Image) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of the logo's colour, one per separate band of rows."""
    mask = colour_mask(image, MAGENTA, 40)
    rows = [y for y in range(image.height) if mask.crop((0, y, image.width, y + 1)).getbbox()]
    bands: list[list[int]] = []
    for y in rows:
        if bands and y == bands[-1][-1] + 1:
            bands[-1].append(y)
        else:
            bands.append([y])
    boxes = []
    for band in bands:
        box = mask.crop((0, band[0], image.width, band[-1] + 1)).getbbox()
        assert box is not None
        boxes.append((box[0], band[0], box[2], band[-1] + 1))
    return boxes


def mm(pixels: int) -> float:
    return pixels * 25.4 / DPI


def expected(place: str) -> tuple[float, float]:
    aspect = LOGO_PIXELS[0] / LOGO_PIXELS[1]
    return fit_logo(aspect, *LOGO_BOXES[place])


def assert_size(box: tuple[int, int, int, int], place: str) -> None:
    width, height = expected(place)
    assert abs(mm(box[2] - box[0]) - width) < 0.8, (place, box)
    assert abs(mm(box[3] - box[1]) - height) < 0.8, (place, box)


def assert_header_logo(image: Image.Image, box: tuple[int, int, int, int]) -> None:
    """Small, in the top margin, on the right, with the brand name in its colour beside it."""
    assert_size(box, "header")
    assert mm(box[3]) < 17, box  # inside the top margin
    assert box[0] > image.width // 2, box
    beside = image.crop((box[2], box[1], min(image.width, box[2] + 120), box[3]))
    ink = colour_mask(beside, INK, 60).histogram()[255]
    assert ink > 20, "the brand name is not in the brand colour"


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_the_logo_is_large_on_the_cover_and_small_in_headers(
    coach_pdfs: Path, paper: object, tmp_path: Path
) -> None:
    slug = paper.slug  # type: ignore[attr-defined]
    pdfs = every_pdf(coach_pdfs, slug)
    workbook = pdfs[f"workbook-{slug}.pdf"]
    pages = len(reader(workbook).pages)

    [cover] = logo_boxes(render(workbook, 1, tmp_path))
    assert_size(cover, "cover")

    sheet_page = render(workbook, 3, tmp_path)
    [header] = logo_boxes(sheet_page)
    assert_header_logo(sheet_page, header)

    closing_page = render(workbook, pages, tmp_path)
    header, closing = logo_boxes(closing_page)
    assert_header_logo(closing_page, header)
    assert_size(closing, "closing")

    single = render(pdfs[f"meeting-plan-{slug}-fillable.pdf"], 1, tmp_path)
    [header] = logo_boxes(single)
    assert_header_logo(single, header)

    key_page = render(pdfs[f"answer-key-{slug}.pdf"], 1, tmp_path)
    header, key = logo_boxes(key_page)
    assert_header_logo(key_page, header)
    assert_size(key, "key")


def fonts_of(page: PageObject, words: str) -> list[str]:
    """The fonts ``words`` are drawn in on ``page``."""
    fonts: list[str] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if words in text and isinstance(font, DictionaryObject):
            fonts.append(str(font.get("/BaseFont")))

    page.extract_text(visitor_text=visit)
    return fonts


def test_the_brand_name_is_set_in_the_brand_font(coach_pdfs: Path) -> None:
    for name in ("meeting-plan-a4.pdf", "answer-key-letter.pdf", "workbook-letter-fillable.pdf"):
        for number, page in enumerate(reader(every_pdf(coach_pdfs)[name]).pages, start=1):
            fonts = fonts_of(page, "Coach Brand")
            in_brand_font = all("+coursegen-brand" in font for font in fonts)
            assert fonts and in_brand_font, (name, number, fonts)


def test_the_shape_of_a_logo_is_read_from_its_bytes(tmp_path: Path) -> None:
    png = io.BytesIO()
    Image.new("RGB", (90, 30), MAGENTA).save(png, format="PNG")
    assert image_aspect(png.getvalue(), ".png") == 3
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" %s><rect width="1" height="1"/></svg>'
    assert image_aspect(svg % b'viewBox="0 0 200 50"', ".svg") == 4
    assert image_aspect(svg % b'width="30mm" height="1.5cm"', ".svg") == pytest.approx(2)
    assert image_aspect(svg % b"", ".svg") == 1
    assert image_aspect(b"<svg/>", ".svg") is None  # no namespace: not drawn as an image
    assert image_aspect(b"<html></html>", ".svg") is None
    assert image_aspect(b"not a picture", ".png") is None
    assert image_aspect(png.getvalue()[:40], ".png") is None
