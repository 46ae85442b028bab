"""Fillable PDFs show their values in poppler too: appearances, tick boxes, typed text.

Values are filled in with pypdf, the way a script or a second program would,
and the pages are drawn with poppler's pdftoppm (the renderer of Evince and
Okular), then measured in pixels against the fields' rectangles.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject

MULTILINE = 1 << 12
DPI = 144
DRAWN_BOX = 3.8 * 72 / 25.4
"""Side of a printed tick box in points (sheet.css: 3.8 mm, a .7 pt border)."""
SHEET = "meeting-plan-a4-fillable.pdf"
TICKED = "meeting-plan:before:1"
UNTICKED = "meeting-plan:before:2"
LONG = "meeting-plan:goal"
SHORT = "meeting-plan:person"
TYPED = {
    SHORT: "Ada Example",
    LONG: "How the team chose its first project\nWhat surprised her\nWho else to ask",
}


@pytest.fixture(scope="module")
def pdf_dir(built_sample: Path) -> Path:
    return built_sample / "pdf"


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def widgets(pdf: PdfReader) -> dict[str, tuple[int, DictionaryObject]]:
    """Every widget by field name, with the index of its page."""
    found = {}
    for number, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            if widget.get("/Subtype") == "/Widget":
                found[str(widget["/T"])] = (number, widget)
    return found


def rect(widget: DictionaryObject) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def test_every_field_carries_its_appearances(pdf_dir: Path) -> None:
    paths = sorted(pdf_dir.glob("*-fillable.pdf"))
    assert paths
    for path in paths:
        pdf = reader(path.read_bytes())
        form = pdf.trailer["/Root"]["/AcroForm"]
        # Every appearance is written and right, so viewers need not redraw.
        assert form["/NeedAppearances"].value is False, path.name
        fonts = form["/DR"]["/Font"]
        for name, (_, widget) in widgets(pdf).items():
            where = f"{path.name}: {name}"
            match = re.fullmatch(r"/(\S+) ([\d.]+) Tf [\d.]+ [\d.]+ [\d.]+ rg", str(widget["/DA"]))
            assert match, f"{where}: /DA {widget['/DA']}"
            font, size = match.groups()
            assert f"/{font}" in fonts and float(size) > 0, where
            appearances = widget["/AP"]["/N"]
            if widget["/FT"] == "/Btn":
                assert set(appearances) == {"/on", "/Off"}, where
                assert font == "ZaDb" and widget["/MK"]["/CA"] == "4", where
            else:
                box = rect(widget)
                bbox = [float(v) for v in appearances.get_object()["/BBox"]]
                assert bbox == pytest.approx([0, 0, box[2] - box[0], box[3] - box[1]]), where
                multiline = bool(int(widget.get("/Ff", 0)) & MULTILINE)
                assert (widget.get("/MK", {}).get("/BG") == [1]) == multiline, where


def test_tick_boxes_are_clicked_where_they_are_drawn(pdf_dir: Path, tmp_path: Path) -> None:
    data = (pdf_dir / SHEET).read_bytes()
    boxes = [w for _, w in widgets(reader(data)).values() if w["/FT"] == "/Btn"]
    assert boxes
    for widget in boxes:
        x1, y1, x2, y2 = rect(widget)
        # The whole inside of the drawn box: its side less the two borders.
        assert x2 - x1 == pytest.approx(DRAWN_BOX - 1.4, abs=0.15), widget["/T"]
        assert y2 - y1 == pytest.approx(DRAWN_BOX - 1.4, abs=0.15), widget["/T"]
    # On the page, the border runs just outside the rectangle, all round.
    page_number, widget = widgets(reader(data))[UNTICKED]
    image, _ = render(data, page_number, tmp_path)
    x1, y1, x2, y2 = pixels(rect(widget), image)
    inside = image.crop((x1 + 2, y1 + 2, x2 - 2, y2 - 2))
    assert ink(inside) < 0.01
    # Each strip 3 px (1.5 pt) wide along a side holds the border all along.
    for strip, lines in (
        ((x1 - 3, y1 + 2, x1, y2 - 2), "rows"),
        ((x2, y1 + 2, x2 + 3, y2 - 2), "rows"),
        ((x1 + 2, y1 - 3, x2 - 2, y1), "columns"),
        ((x1 + 2, y2, x2 - 2, y2 + 3), "columns"),
    ):
        side = image.crop(strip)
        if lines == "columns":
            side = side.transpose(Image.Transpose.ROTATE_90)
        for y in range(side.height):
            darkest = side.crop((0, y, side.width, y + 1)).getextrema()[0]
            assert darkest < 200, f"no border beside the tick box at {strip}"


def render(data: bytes, page_number: int, tmp_path: Path) -> tuple[Image.Image, str]:
    """Page ``page_number`` (from 0) drawn by poppler, and what poppler complained about."""
    source = tmp_path / "in.pdf"
    source.write_bytes(data)
    prefix = tmp_path / "page"
    page = str(page_number + 1)
    options = ["-r", str(DPI), "-gray", "-png", "-singlefile", "-f", page, "-l", page]
    done = subprocess.run(
        ["pdftoppm", *options, str(source), str(prefix)],
        check=True,
        capture_output=True,
        text=True,
    )
    return Image.open(prefix.with_suffix(".png")).convert("L"), done.stderr


def pixels(box: tuple[float, float, float, float], image: Image.Image) -> tuple[int, ...]:
    """A rectangle in PDF points as (left, top, right, bottom) pixels of ``image``."""
    scale = DPI / 72
    x1, y1, x2, y2 = box
    height = image.height / scale
    return (
        round(x1 * scale),
        round((height - y2) * scale),
        round(x2 * scale),
        round((height - y1) * scale),
    )


def ink(image: Image.Image) -> float:
    """Share of dark pixels."""
    histogram = image.histogram()
    return sum(histogram[:160]) / max(1, image.width * image.height)


def filled(data: bytes, regenerate: bool) -> bytes:
    writer = PdfWriter(clone_from=reader(data))
    writer.update_page_form_field_values(None, {**TYPED, TICKED: "/on"}, auto_regenerate=regenerate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("regenerate", [True, False], ids=["viewer-draws", "pypdf-draws"])
def test_values_filled_in_show_inside_their_fields(
    pdf_dir: Path, tmp_path: Path, regenerate: bool
) -> None:
    """Ticks and typed text are drawn, inside their fields, across no printed rule.

    ``viewer-draws``: pypdf asks viewers to redraw every field (NeedAppearances),
    as after a fill by most tools; poppler then draws from /DA and /MK.
    ``pypdf-draws``: poppler shows the appearances pypdf wrote.
    """
    blank = (pdf_dir / SHEET).read_bytes()
    data = filled(blank, regenerate)
    fields = widgets(reader(data))
    page_number = fields[TICKED][0]
    assert all(fields[name][0] == page_number for name in TYPED)
    before, _ = render(blank, page_number, tmp_path)
    after, complaints = render(data, page_number, tmp_path)
    assert "Error" not in complaints, complaints

    def inside(name: str, margin: int = 2) -> Image.Image:
        x1, y1, x2, y2 = pixels(rect(fields[name][1]), after)
        return after.crop((x1 + margin, y1 + margin, x2 - margin, y2 - margin))

    assert ink(inside(TICKED)) > 0.08, "the ticked box shows no tick"
    assert ink(inside(UNTICKED)) < 0.01
    assert ink(inside(SHORT)) > 0.01, "the typed name is not shown"
    long_text = inside(LONG, margin=0)
    assert ink(long_text) > 0.01, "the typed lines are not shown"
    # The typed lines cover the ruled area: no rule runs through them.
    for row in range(long_text.height):
        line = long_text.crop((0, row, long_text.width, row + 1))
        assert ink(line) < 0.5, f"a rule runs through the typed text at row {row}"
    # Everything the values changed on the page lies inside fields (a viewer
    # that redraws every field paints every empty text block white too).
    changed = ImageChops.difference(before, after).point(lambda v: 255 if v > 60 else 0)
    for number, widget in fields.values():
        if number == page_number:
            x1, y1, x2, y2 = pixels(rect(widget), after)
            changed.paste(0, (x1 - 1, y1 - 1, x2 + 1, y2 + 1))
    assert changed.getbbox() is None, f"drawn outside the fields: {changed.getbbox()}"


def test_the_blank_form_looks_like_the_printable_sheet(pdf_dir: Path, tmp_path: Path) -> None:
    """Empty fields draw nothing over the page: the rules and boxes show as printed."""
    fillable = (pdf_dir / SHEET).read_bytes()
    printable = (pdf_dir / SHEET.replace("-fillable", "")).read_bytes()
    for page_number in range(len(reader(fillable).pages)):
        a, complaints = render(fillable, page_number, tmp_path)
        b, _ = render(printable, page_number, tmp_path)
        assert "Error" not in complaints, complaints
        diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 60 else 0)
        assert ink(Image.eval(diff, lambda v: 255 - v)) < 0.0005


def test_fields_no_worksheet_makes_are_left_for_viewers_to_draw() -> None:
    """A template override may bring radio buttons, lists or a typed value."""
    from generator.worksheet.pdf import render_pdf_pair

    html = """<!DOCTYPE html><html lang="en"><head><title>Form</title>
    <style>input, select { appearance: auto }</style></head><body><form>
    <input type="checkbox" name="tick" checked>
    <input type="radio" name="pick" value="a"> <input type="radio" name="pick" value="b">
    <select name="list"><option>one</option><option>two</option></select>
    <input type="text" name="typed" value="Already here">
    </form></body></html>"""
    pair = render_pdf_pair(html)
    pdf = reader(pair.fillable or b"")
    form = pdf.trailer["/Root"]["/AcroForm"]
    assert form["/NeedAppearances"].value is True
    found = widgets(pdf)
    assert found["tick"][1]["/AS"] == "/on" and "/Off" in found["tick"][1]["/AP"]["/N"]
    assert str(found["typed"][1]["/DA"]).endswith(" rg")
