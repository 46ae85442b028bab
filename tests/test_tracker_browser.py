"""The pipeline tracker in Debian's Chromium, driven by the keyboard alone.

The clock of the page is fixed (Playwright's clock), so "today" and what is
due are known. The exported files are read by independent readers: Python's
``csv`` and the ``icalendar`` package.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import FIXTURES, make_project, run_cli

pytestmark = pytest.mark.browser

KEY = "cgq/default/tracker"
MON = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
WED = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
CHASE = "Send your one chaser"
THANK = "Send your thank-you note"
UPDATE = "Tell the person who introduced you how it went"
CLOSE = "Close the row and move on"


@pytest.fixture(scope="module")
def tracker_site(web_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample course served on 127.0.0.1 with instant navigation."""
    root, base = web_root
    project = make_project(
        tmp_path_factory.mktemp("tracker") / "p", FIXTURES / "sample" / "content"
    )
    result = run_cli("build", "-q", "--no-pdf", "--site-url", f"{base}tracker/", cwd=project)
    assert result.code == 0, result.err
    shutil.copytree(project / "build" / "default" / "site", root / "tracker")
    return f"{base}tracker/"


@pytest.fixture(scope="module")
def quick_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An edition that chases after three days instead of seven, and says so."""
    project = make_project(tmp_path_factory.mktemp("quick") / "p", FIXTURES / "sample" / "content")
    folder = project / "editions" / "quick"
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(
        "name: Quick Coaching\noverride:\n  chase-after-a-week:\n    days: 3\n", "utf-8"
    )
    result = run_cli("build", "-q", "--no-pdf", "--edition", "quick", cwd=project)
    assert result.code == 0, result.err
    return project / "build" / "quick" / "site"


@contextmanager
def open_page(browser: Any, width: int, when: datetime, **options: Any) -> Iterator[Page]:
    """A fresh context (empty storage) at ``width`` pixels, its clock fixed at ``when``."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="en-US",
        timezone_id="UTC",
        accept_downloads=True,
        **options,
    )
    page = context.new_page()
    page.clock.set_fixed_time(when)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture(params=[375, 1280], ids=["phone", "desktop"])
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    # Reduced motion: axe measures colours after Material's transitions, not during.
    with open_page(browser, request.param, MON, reduced_motion="reduce") as opened:
        yield opened


# -- the keyboard ---------------------------------------------------------------

_WHERE = """selector => {
  const target = document.querySelector(selector), now = document.activeElement;
  if (!target) throw new Error("no " + selector);
  if (now === target) return 0;
  if (!now || now === document.body) return 1;
  return now.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1;
}"""


def tab_to(page: Page, selector: str) -> None:
    """Press Tab (or Shift+Tab) until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(300):
        where = page.evaluate(_WHERE, selector)
        if where == 0:
            return
        page.keyboard.press("Tab" if where > 0 else "Shift+Tab")
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose(page: Page, selector: str, label: str) -> None:
    """Pick an option of a closed select with the arrow keys."""
    tab_to(page, selector)
    index, wanted = page.evaluate(
        """([selector, label]) => {
          const select = document.querySelector(selector);
          return [select.selectedIndex, [...select.options].findIndex(o => o.text === label)];
        }""",
        [selector, label],
    )
    assert wanted >= 0, f"{label!r} is not an option of {selector}"
    for _ in range(abs(wanted - index)):
        page.keyboard.press("ArrowDown" if wanted > index else "ArrowUp")
    chosen = page.locator(selector).evaluate("s => s.options[s.selectedIndex].text")
    assert chosen == label


def press(page: Page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Enter")


def add_contact(page: Page, name: str, org: str, found: str = "", by: str = "") -> None:
    type_into(page, "#cgt-name", name)
    type_into(page, "#cgt-org", org)
    if found:
        type_into(page, "#cgt-found", found)
    if by:
        choose(page, "#cgt-by", by)
    press(page, "[data-add] [type=submit]")
    expect(page.locator(".cgt-live")).to_have_text(f"Added {name}.")


def k(kind: str, contact: str) -> str:
    return f'[data-k="{kind}:{contact}"]'


def record(page: Page, contact: str, event: str, day: str = "") -> None:
    choose(page, k("ev", contact), event)
    if day:  # typed as the en-US date field shows it: month, day, year
        year, month, dd = day.split("-")
        type_into(page, k("day", contact), month + dd + year)
    press(page, k("rec", contact))
    expect(page.locator(".cgt-live")).to_contain_text(f"Recorded “{event}”")


# -- what the page shows ----------------------------------------------------------


def due(page: Page, which: str = "near") -> list[tuple[str, str, str]]:
    """(date, what to do, who) of each item due this week ("near") or "later"."""
    # This week's list comes first; the later one follows its own heading.
    where = "[data-due] > ol:first-child" if which == "near" else "[data-due] > h3 + ol"
    return [
        (
            item.locator("time").get_attribute("datetime") or "",
            item.locator("strong").inner_text(),
            item.locator("a").inner_text(),
        )
        for item in page.locator(f"{where} > li").all()
    ]


def overdue(page: Page) -> list[str]:
    return page.locator("[data-due] li:has(.cgt-badge) a").all_inner_texts()


def tree(page: Page) -> list[tuple[str, str, str]]:
    """(name, who introduced them as the tree shows it, step line) of every contact."""
    return [
        tuple(row)
        for row in page.evaluate(
            """() => [...document.querySelectorAll(".cgt-contact")].map(li => {
              const up = li.parentElement.closest(".cgt-contact");
              const name = el => el.querySelector("h3").textContent;
              return [name(li), up ? name(up) : "",
                      li.querySelector(".cgt-at").textContent];
            })"""
        )
    ]


def ready(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("[data-tracker][data-ready]")).to_have_count(1)


def violations(page: Page) -> list[str]:
    # Material's own search box is a dialog without a name: theme markup that coursegen
    # does not write (the quiz tests exclude it the same way).
    results = Axe().run(page, context={"exclude": [[".md-search"]]})
    return [
        f"{v['id']}: {[n['html'][:80] for n in v['nodes']]}" for v in results.response["violations"]
    ]


# -- the tests ----------------------------------------------------------------------


def test_three_contacts_through_the_pipeline_by_keyboard(page: Page, tracker_site: str) -> None:
    ready(page, f"{tracker_site}tracker.html")
    requests: list[tuple[str, str]] = []
    page.on("request", lambda request: requests.append((request.method, request.url)))
    expect(page.get_by_text("No contacts yet.")).to_be_visible()

    add_contact(page, "Ana Ruiz", "Acme", found="Alumni list")
    add_contact(page, "Ben Ortiz", "Beta", by="Ana Ruiz, Acme")
    add_contact(page, "Cleo Park", "Core", found="Conference")
    record(page, "c1", "Request sent")  # today, Monday 3 March
    record(page, "c3", "Request sent", "2025-02-20")
    record(page, "c2", "Conversation held")
    choose(page, k("step", "c2"), "4. Capitalise on the connection")
    expect(page.locator(".cgt-live")).to_have_text(
        "Ben Ortiz is now at Step 4 of 6: Capitalise on the connection."
    )
    expect(page.locator(k("step", "c2"))).to_be_focused()

    # Monday: the overdue chaser and tomorrow's thank-you this week; the rest later.
    assert due(page) == [("2025-02-27", CHASE, "Cleo Park"), ("2025-03-04", THANK, "Ben Ortiz")]
    assert due(page, "later") == [
        ("2025-03-10", CHASE, "Ana Ruiz"),
        ("2025-03-10", UPDATE, "Ben Ortiz"),
    ]
    assert overdue(page) == ["Cleo Park"]
    assert tree(page) == [
        ("Ana Ruiz", "", "Step 2 of 6: Secure meetings"),
        ("Ben Ortiz", "Ana Ruiz", "Step 4 of 6: Capitalise on the connection"),
        ("Cleo Park", "", "Step 2 of 6: Secure meetings"),
    ]
    assert (
        page.locator("[data-due] li", has_text=UPDATE)
        .inner_text()
        .endswith("Ben Ortiz, Beta, introduced by Ana Ruiz")
    )

    # Wednesday: one chaser sent, one thank-you sent.
    page.clock.set_fixed_time(WED)
    ready(page, f"{tracker_site}tracker.html")
    record(page, "c3", "Chaser sent")
    record(page, "c2", "Thank-you note sent")
    near = [("2025-03-10", CHASE, "Ana Ruiz"), ("2025-03-10", UPDATE, "Ben Ortiz")]
    later = [("2025-03-12", CLOSE, "Cleo Park")]
    assert due(page) == near and due(page, "later") == later
    assert overdue(page) == []
    before = tree(page)
    assert before[1] == ("Ben Ortiz", "Ana Ruiz", "Step 5 of 6: Follow up")
    assert violations(page) == []

    # Export: a CSV any spreadsheet opens, and a calendar with what is due.
    with page.expect_download() as csv_file:
        press(page, "[data-export=csv]")
    assert csv_file.value.suggested_filename == "default-pipeline-2025-03-05.csv"
    exported = Path(csv_file.value.path()).read_bytes()
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    assert [(r["Name"], r["Organization"], r["Introduced by"], r["Step"]) for r in rows] == [
        ("Ana Ruiz", "Acme", "", "Secure meetings"),
        ("Ben Ortiz", "Beta", "Ana Ruiz", "Follow up"),
        ("Cleo Park", "Core", "", "Secure meetings"),
    ]
    assert rows[0]["How you found them"] == "Alumni list"
    assert (rows[1]["Conversation held"], rows[1]["Thank-you note sent"]) == (
        "2025-03-03",
        "2025-03-05",
    )
    assert (rows[2]["Request sent"], rows[2]["Chaser sent"]) == ("2025-02-20", "2025-03-05")

    with page.expect_download() as ics_file:
        press(page, "[data-export=ics]")
    raw = Path(ics_file.value.path()).read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = [
        (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"]))
        for e in calendar.walk("VEVENT")
    ]
    assert events == [
        (date(2025, 3, 10), date(2025, 3, 11), f"{CHASE}: Ana Ruiz"),
        (date(2025, 3, 10), date(2025, 3, 11), f"{UPDATE}: Ben Ortiz"),
        (date(2025, 3, 12), date(2025, 3, 13), f"{CLOSE}: Cleo Park"),
    ]
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(set(uids)) == 3
    assert all(e.decoded("DTSTAMP") == WED for e in calendar.walk("VEVENT"))

    # Clear, then import the CSV back: the same pipeline.
    page.once("dialog", lambda dialog: dialog.accept())
    press(page, "[data-clear]")
    expect(page.get_by_text("No contacts yet.")).to_be_visible()
    assert page.evaluate("key => localStorage.getItem(key)", KEY) is None
    assert due(page) == [] and due(page, "later") == []
    tab_to(page, "#cgt-import")  # the file itself comes from the system's dialog
    page.set_input_files(
        "#cgt-import", files=[{"name": "pipeline.csv", "mimeType": "text/csv", "buffer": exported}]
    )
    expect(page.locator(".cgt-live")).to_have_text("Contacts imported or updated: 3.")
    assert tree(page) == before
    assert due(page) == near and due(page, "later") == later

    keys = page.evaluate("Object.keys(localStorage)")
    # Everything under the edition's key; the rest is Material's palette choice.
    assert [key for key in keys if not key.endswith(".__palette")] == [KEY]
    # Nothing is sent: at most the site's own files are read (the icon after a reload),
    # and the downloads are blob: URLs made in the page.
    assert all(
        method == "GET" and url.startswith((tracker_site, "blob:")) for method, url in requests
    ), requests


def test_json_backup_restores_everything(browser: Any, tracker_site: str) -> None:
    with open_page(browser, 1280, MON) as page:
        ready(page, f"{tracker_site}tracker.html")
        add_contact(page, "Ana Ruiz", "Acme")
        add_contact(page, "Ben Ortiz", "Beta", by="Ana Ruiz, Acme")
        record(page, "c2", "Conversation held")
        with page.expect_download() as backup:
            press(page, "[data-export=json]")
        saved = json.loads(Path(backup.value.path()).read_text("utf-8"))
        assert saved["format"] == "coursegen-tracker" and saved["edition"] == "default"
        assert [c["name"] for c in saved["contacts"]] == ["Ana Ruiz", "Ben Ortiz"]
        before = (tree(page), due(page), due(page, "later"))
        page.evaluate("key => localStorage.removeItem(key)", KEY)
        ready(page, f"{tracker_site}tracker.html")
        page.set_input_files("#cgt-import", Path(backup.value.path()))
        expect(page.locator(".cgt-live")).to_have_text("Contacts imported or updated: 2.")
        assert (tree(page), due(page), due(page, "later")) == before
        # Importing the same file again updates the contacts instead of doubling them.
        page.set_input_files("#cgt-import", Path(backup.value.path()))
        expect(page.locator(".cgt-contact")).to_have_count(2)


def test_an_edition_that_changes_a_rule_changes_what_is_due(
    browser: Any, built_sample: Path, quick_site: Path
) -> None:
    shown = {}
    for name, site in (("default", built_sample / "site"), ("quick", quick_site)):
        with open_page(browser, 1280, MON) as page:
            ready(page, (site / "tracker.html").as_uri())
            add_contact(page, "Ana Ruiz", "Acme")
            record(page, "c1", "Request sent")
            shown[name] = (due(page), due(page, "later"))
            rules = page.locator(".cgt-rules dd").first.inner_text()
            shown[name] += (rules,)
    assert shown["default"][:2] == ([], [("2025-03-10", CHASE, "Ana Ruiz")])
    assert shown["quick"][:2] == ([("2025-03-06", CHASE, "Ana Ruiz")], [])
    assert shown["default"][2].startswith("Due 7 days after “Request sent”.")
    assert shown["quick"][2].startswith("Due 3 days after “Request sent”.")


def test_a_worksheet_table_goes_to_the_tracker_as_csv(browser: Any, built_sample: Path) -> None:
    with open_page(browser, 375, MON) as page:
        page.goto((built_sample / "site" / "worksheets" / "contact-log.html").as_uri())
        button = page.get_by_role("button", name="Download this table as CSV (People)")
        expect(button).to_be_visible()
        type_into(page, "#ws-contact-log-contacts-r1-name", "Dana Lee")
        # A date column: typed as the en-US date picker shows it (month, day, year).
        type_into(page, "#ws-contact-log-contacts-r1-contacted", "03012025")
        type_into(page, "#ws-contact-log-contacts-r1-status", "=1+1")
        type_into(page, "#ws-contact-log-contacts-r3-name", 'Eli "E" Wong, Jr')
        with page.expect_download() as sheet:
            press(page, "[data-ws-csv]")
        assert sheet.value.suggested_filename == "contact-log-contacts.csv"
        data = Path(sheet.value.path()).read_bytes()
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows == [
            ["Name", "Date contacted", "Status"],
            ["Dana Lee", "2025-03-01", "'=1+1"],  # never a formula in a spreadsheet
            ['Eli "E" Wong, Jr', "", ""],
        ]

        ready(page, (built_sample / "site" / "tracker.html").as_uri())
        page.set_input_files(
            "#cgt-import", files=[{"name": "sheet.csv", "mimeType": "text/csv", "buffer": data}]
        )
        expect(page.locator(".cgt-live")).to_have_text("Contacts imported or updated: 2.")
        assert tree(page) == [
            ("Dana Lee", "", "Step 2 of 6: Secure meetings"),
            ('Eli "E" Wong, Jr', "", "Step 1 of 6: Prepare"),
        ]
        assert due(page) == [("2025-03-08", CHASE, "Dana Lee")]


def test_the_worksheet_csv_button_stays_off_paper(browser: Any, built_sample: Path) -> None:
    with open_page(browser, 1280, MON) as page:
        page.goto((built_sample / "site" / "worksheets" / "contact-log.html").as_uri())
        page.emulate_media(media="print")
        expect(page.locator("[data-ws-csv]")).to_be_hidden()


def test_tracker_after_instant_navigation_and_back(browser: Any, tracker_site: str) -> None:
    with open_page(browser, 1280, MON) as page:
        page.goto(f"{tracker_site}index.html")
        page.evaluate("window.stayed = true")
        page.locator(".md-nav__link", has_text="Your pipeline tracker").first.click()
        expect(page.locator("[data-tracker][data-ready]")).to_have_count(1)
        assert page.evaluate("window.stayed") is True, "the page was reloaded, not swapped"
        add_contact(page, "Ana Ruiz", "Acme")
        page.locator(".md-nav__link", has_text="Question bank").first.click()
        expect(page.locator("[data-tracker]")).to_have_count(0)
        page.locator(".md-nav__link", has_text="Your pipeline tracker").first.click()
        expect(page.locator("[data-tracker][data-ready]")).to_have_count(1)
        add_contact(page, "Ben Ortiz", "Beta")
        expect(page.locator(".cgt-contact")).to_have_count(2)  # one script at work, not two
        assert page.evaluate("window.stayed") is True


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_full_tracker(browser: Any, tracker_site: str, scheme: str) -> None:
    for width in (375, 1280):
        # Reduced motion: axe measures colours after Material's transitions, not during.
        with open_page(browser, width, MON, color_scheme=scheme, reduced_motion="reduce") as page:
            ready(page, f"{tracker_site}tracker.html")
            assert violations(page) == []
            add_contact(page, "Ana Ruiz", "Acme", found="Alumni list")
            add_contact(page, "Ben Ortiz", "Beta", by="Ana Ruiz, Acme")
            record(page, "c1", "Request sent", "2025-02-20")
            record(page, "c2", "Conversation held")
            assert violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_print_shows_what_is_due_and_who_without_the_controls(
    browser: Any, tracker_site: str
) -> None:
    with open_page(browser, 1280, MON) as page:
        ready(page, f"{tracker_site}tracker.html")
        add_contact(page, "Ana Ruiz", "Acme")
        record(page, "c1", "Request sent")
        page.emulate_media(media="print")
        expect(page.locator("[data-due]")).to_be_visible()
        expect(page.locator(".cgt-contact h3")).to_have_text("Ana Ruiz")
        for hidden in ("[data-add]", ".cgt-controls", "[data-export=csv]", ".md-sidebar"):
            expect(page.locator(hidden).first).to_be_hidden()
        expect(page.locator(".cgt-rules")).to_be_visible()


def test_without_javascript_the_rules_are_still_there(browser: Any, built_sample: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((built_sample / "site" / "tracker.html").as_uri())
    expect(page.get_by_text("Turn on JavaScript to use the tracker.")).to_be_visible()
    expect(page.locator("[data-add]")).to_be_hidden()
    expect(page.locator(".cgt-rules dt")).to_have_text([CHASE, CLOSE, THANK, UPDATE])
    context.close()


def test_the_calendar_folds_long_lines_and_keeps_every_character(
    browser: Any, tracker_site: str
) -> None:
    name = "Zoë Ångström-Castellanos de la Fuente, Ñúñez; Villaverde \\ del Río 東京"
    with open_page(browser, 375, MON) as page:
        ready(page, f"{tracker_site}tracker.html")
        add_contact(page, name, "Société Générale, Équipe RH")
        record(page, "c1", "Conversation held")
        with page.expect_download() as ics_file:
            press(page, "[data-export=ics]")
        raw = Path(ics_file.value.path()).read_bytes()
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75, "RFC 5545: 75 octets a line"
    assert any(line.startswith(b" ") for line in lines), "long lines are folded"
    raw.decode("utf-8")  # no character cut in half by the folding
    [event] = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{THANK}: {name}"
    assert str(event["DESCRIPTION"]) == "Société Générale, Équipe RH"
    assert event.decoded("DTSTART") == date(2025, 3, 4)


def test_a_hostile_file_is_shown_as_text_and_breaks_nothing(
    browser: Any, tracker_site: str
) -> None:
    hostile = "<img src=x onerror=window.hacked=1>"
    backup = {
        "contacts": [
            {
                "id": "__proto__",
                "name": hostile,
                "org": "</script>",
                "by": "constructor",
                "step": "nowhere",
                "log": {"constructor": "2025-01-01", "request-sent": "soon"},
            },
            {"id": "x", "name": "Ana Ruiz", "by": "__proto__", "log": {"toString": "2025-01-01"}},
        ]
    }
    with open_page(browser, 1280, MON) as page:
        ready(page, f"{tracker_site}tracker.html")
        page.set_input_files(
            "#cgt-import",
            files=[
                {
                    "name": "b.json",
                    "mimeType": "application/json",
                    "buffer": json.dumps(backup).encode(),
                }
            ],
        )
        expect(page.locator(".cgt-live")).to_have_text("Contacts imported or updated: 2.")
        assert tree(page) == [
            (hostile, "", "Step 1 of 6: Prepare"),
            ("Ana Ruiz", hostile, "Step 1 of 6: Prepare"),
        ]
        assert page.locator(".cgt-log").count() == 0, "only the course's events, only dates"
        assert due(page) == [] and due(page, "later") == []
        assert page.evaluate("window.hacked") is None
        assert page.locator("img[src=x]").count() == 0
        page.set_input_files(
            "#cgt-import", files=[{"name": "c.csv", "mimeType": "text/csv", "buffer": b"\x00\xff"}]
        )
        expect(page.locator(".cgt-live")).to_have_text("Contacts imported or updated: 0.")
        page.set_input_files(
            "#cgt-import",
            files=[{"name": "d.json", "mimeType": "application/json", "buffer": b"{nope"}],
        )
        expect(page.locator(".cgt-live")).to_contain_text("could not be read")
