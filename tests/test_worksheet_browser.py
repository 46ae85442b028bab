"""A worksheet page in Debian's Chromium: on screen, on a phone, and printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
