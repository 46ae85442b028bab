"""A worksheet page in Debian's Chromium: on screen, on a phone, and printed."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser

VISIBLE = "el => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0"


def test_printing_hides_the_site_and_keeps_the_sheet(browser: Any, built_sample: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((built_sample / "site" / "worksheets" / "meeting-plan.html").as_uri())
    assert page.locator(".md-header").evaluate(VISIBLE)
    assert page.locator(".cg-ws-downloads").evaluate(VISIBLE)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".cg-ws-downloads"):
        assert not page.locator(chrome).first.evaluate(VISIBLE), chrome
    assert page.locator(".ws-body").evaluate(VISIBLE)
    rule = page.locator(".ws-lines").first.evaluate("el => getComputedStyle(el).backgroundImage")
    assert "linear-gradient" in rule
    page.close()


def test_a_phone_gets_stacked_fields_and_a_scrolling_table(
    browser: Any, built_sample: Path
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto((built_sample / "site" / "worksheets" / "meeting-plan.html").as_uri())
    name = page.locator("#ws-meeting-plan-person").bounding_box()
    date = page.locator("#ws-meeting-plan-meeting-date").bounding_box()
    assert name is not None and date is not None
    assert date["y"] > name["y"] + name["height"]  # half-width fields stack on a phone
    page.goto((built_sample / "site" / "worksheets" / "contact-log.html").as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # the page itself never scrolls sideways
    label = page.locator("label[for='ws-meeting-plan-person']")
    assert label.count() == 0
    page.goto((built_sample / "site" / "worksheets" / "meeting-plan.html").as_uri())
    page.locator("label[for='ws-meeting-plan-person']").click()
    focused = page.evaluate("document.activeElement.id")
    assert focused == "ws-meeting-plan-person"
    page.close()


def test_worksheet_pages_pass_axe_in_light_and_dark(browser: Any, built_sample: Path) -> None:
    from axe_playwright_python import sync_playwright as axe_module

    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        for stem in ("meeting-plan", "contact-log", "request-draft", "index"):
            page.goto((built_sample / "site" / "worksheets" / f"{stem}.html").as_uri())
            # Material's own search box is a role="dialog" without a name: theme markup
            # that coursegen does not write (the quiz tests exclude it the same way).
            result = axe_module.Axe().run(page, context={"exclude": [[".md-search"]]})
            found = [(v["id"], v["nodes"][0]["target"]) for v in result.response["violations"]]
            assert found == [], f"{stem} ({scheme}): {found}"
        page.close()


KEY = "cgw/default/meeting-plan"
KEPT = "What you type here is kept in this browser"
NOT_KEPT = "What you type on this page is not saved."


def open_sheet(context: Any, built_sample: Path, stem: str = "meeting-plan") -> Page:
    page: Page = context.new_page()
    page.goto((built_sample / "site" / "worksheets" / f"{stem}.html").as_uri())
    page.wait_for_selector("[data-ws-key][data-ready]", state="attached")
    return page


def test_entries_are_kept_in_the_browser_until_cleared(browser: Any, built_sample: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = open_sheet(context, built_sample)
    expect(page.get_by_text(NOT_KEPT)).to_be_hidden()
    expect(page.get_by_text(KEPT)).to_be_visible()
    date = page.get_by_label("Date")
    assert date.get_attribute("type") == "date"
    page.get_by_label("Who you are meeting").fill("Ana <b>Pérez</b>")
    date.fill("2025-05-12")
    page.get_by_label("What you want to learn").fill("How she moved\ninto design.")
    page.get_by_label("Have a clock where you can see it.").check()
    page.locator("#ws-meeting-plan-picks-3-question").fill("What surprised you?")

    page.reload()
    page.wait_for_selector("[data-ws-key][data-ready]", state="attached")
    expect(page.get_by_label("Who you are meeting")).to_have_value("Ana <b>Pérez</b>")
    expect(page.get_by_label("Date")).to_have_value("2025-05-12")
    expect(page.get_by_label("What you want to learn")).to_have_value("How she moved\ninto design.")
    expect(page.get_by_label("Have a clock where you can see it.")).to_be_checked()
    expect(page.get_by_label("Confirm the time the day before.")).not_to_be_checked()
    expect(page.locator("#ws-meeting-plan-picks-3-question")).to_have_value("What surprised you?")
    saved = json.loads(page.evaluate("key => localStorage.getItem(key)", KEY))
    assert saved["meeting-plan:person"] == "Ana <b>Pérez</b>"
    assert saved["meeting-plan:before:2"] is True
    assert "meeting-plan:before:1" not in saved  # nothing stored for what is empty

    # Each worksheet keeps its own entries.
    other = open_sheet(context, built_sample, "contact-log")
    assert [f.input_value() for f in other.locator(".ws-body input[type=text]").all()][:3] == [
        "",
        "",
        "",
    ]
    other.close()

    asked: list[str] = []

    def answer(accept: bool) -> None:
        def handle(dialog: Any) -> None:
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        page.once("dialog", handle)

    answer(False)
    page.get_by_role("button", name="Clear my answers").click()
    expect(page.get_by_label("Who you are meeting")).to_have_value("Ana <b>Pérez</b>")
    answer(True)
    page.get_by_role("button", name="Clear my answers").click()
    assert asked == ["Clear everything you typed on this worksheet? This cannot be undone."] * 2
    expect(page.get_by_label("Who you are meeting")).to_have_value("")
    expect(page.get_by_label("Have a clock where you can see it.")).not_to_be_checked()
    expect(page.get_by_role("status")).to_have_text("Your answers on this worksheet were cleared.")
    assert page.evaluate("key => localStorage.getItem(key)", KEY) is None
    page.reload()
    expect(page.get_by_label("What you want to learn")).to_have_value("")
    context.close()
    assert errors == []


def test_without_storage_the_page_says_nothing_is_kept(browser: Any, built_sample: Path) -> None:
    context = browser.new_context()
    # As in a browser that blocks site data: reading localStorage throws.
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', { get() { throw new Error('blocked'); } });"
    )
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error.stack)))
    page = open_sheet(context, built_sample)
    expect(page.get_by_text(NOT_KEPT)).to_be_visible()
    expect(page.get_by_role("button", name="Clear my answers")).to_be_hidden()
    page.get_by_label("Who you are meeting").fill("Ana")
    context.close()
    # Material's own scripts stumble without storage; this page's script does not.
    assert [error for error in errors if "worksheets.js" in error] == []


CLIPPED = """word => [...document.querySelectorAll(".ws-body *")]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
  .filter(el => (el.matches("input, textarea") ? el.value : el.children.length ? "" :
    el.textContent).includes(word))
  .map(el => Math.max(el.scrollHeight - el.clientHeight, el.scrollWidth - el.clientWidth))"""
"""How much of each printed box holding ``word`` is cut off (one number per box)."""


def test_the_printed_page_holds_every_entry_in_full(browser: Any, built_sample: Path) -> None:
    long = " ".join(f"word{n}" for n in range(90)) + " lastword"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = open_sheet(context, built_sample)
    page.get_by_label("What you want to learn").fill(long)
    page.get_by_label("Who you are meeting").fill("Ana Pérez")
    page.get_by_label("Have a clock where you can see it.").check()
    log = open_sheet(context, built_sample, "contact-log")
    cell = "Ana Pérez, product lead at a hospital network " * 3 + "cellend"
    log.locator(".ws-cell").first.fill(cell)
    for sheet in (page, log):
        sheet.reload()  # printed from what was kept, not from what was typed
        sheet.wait_for_selector("[data-ws-key][data-ready]", state="attached")
        sheet.emulate_media(media="print")
    assert page.evaluate(CLIPPED, "lastword") == [0]
    assert page.evaluate(CLIPPED, "Ana Pérez") == [0]
    assert log.evaluate(CLIPPED, "cellend") == [0]
    expect(page.get_by_label("Have a clock where you can see it.")).to_be_checked()
    text = " ".join(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages[0].extract_text().split())
    assert "lastword" in text and "Ana Pérez" in text
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_date_typed_into_a_table_is_kept_printed_and_cleared(
    browser: Any, built_sample: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-US")
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = open_sheet(context, built_sample, "contact-log")
    cell = page.get_by_label("Row 2 \N{EN DASH} Date contacted", exact=True)
    assert cell.get_attribute("type") == "date"
    box = cell.bounding_box()
    assert box is not None and box["width"] >= 100  # room for the whole date and its picker
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    cell.focus()
    page.keyboard.type("03012025")  # as the en-US date field shows it: month, day, year
    expect(cell).to_have_value("2025-03-01")
    page.get_by_label("Row 2 \N{EN DASH} Name", exact=True).fill("Dana Lee")

    page.reload()
    page.wait_for_selector("[data-ws-key][data-ready]", state="attached")
    cell = page.get_by_label("Row 2 \N{EN DASH} Date contacted", exact=True)
    expect(cell).to_have_value("2025-03-01")
    saved = json.loads(page.evaluate("key => localStorage.getItem(key)", "cgw/default/contact-log"))
    assert saved == {
        "contact-log:contacts:r2:name": "Dana Lee",
        "contact-log:contacts:r2:contacted": "2025-03-01",
    }

    page.emulate_media(media="print")
    assert page.evaluate(CLIPPED, "03/01/2025") == [0]  # printed once, in full
    expect(cell).to_be_hidden()  # the copy that grows with the text stands in for the box
    expect(page.get_by_label("Row 3 \N{EN DASH} Date contacted", exact=True)).to_be_visible()
    text = " ".join(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages[0].extract_text().split())
    assert "03/01/2025" in text and "Dana Lee" in text
    page.emulate_media(media="screen")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear my answers").click()
    expect(cell).to_have_value("")
    assert page.evaluate("key => localStorage.getItem(key)", "cgw/default/contact-log") is None
    page.emulate_media(media="print")
    assert page.evaluate(CLIPPED, "03/01/2025") == []  # nor is the copy printed any more
    expect(cell).to_be_visible()
    page.reload()
    expect(page.get_by_label("Row 2 \N{EN DASH} Date contacted", exact=True)).to_have_value("")
    context.close()
    assert errors == []
