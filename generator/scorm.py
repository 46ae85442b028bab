"""The whole course as one SCORM 1.2 package, for any LMS that takes SCORM.

The package is the edition's website plus three files: ``imsmanifest.xml`` at
the root (one organization, one item, one SCO, every file listed), and
``scorm.html`` with ``assets/scorm.js``, the SCO's launch page. It shows the
site in a frame and reports to the LMS what the learner does in it: status,
score, place and answers (see ``assets/scorm.js``). Pure: files in, bytes out.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from importlib import resources

from .core.model import Course
from .quiz.export import Export
from .quiz.model import STORAGE_PREFIX
from .quiz.qti_package import zip_files
from .tracker.render import tracker_storage_key

FILE_NAME_TEMPLATE = "{slug}-scorm12.zip"
LAUNCH = "scorm.html"
SCRIPT = "assets/scorm.js"

NS_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
)


def render_scorm_package(course: Course, site: Mapping[str, bytes], epoch: int) -> Export:
    """The package of ``site`` (path → bytes, as built) for ``course``."""
    files = dict(site)
    files[SCRIPT] = (resources.files("generator") / "assets" / "scorm.js").read_bytes()
    files[LAUNCH] = render_launch_page(course)
    files["imsmanifest.xml"] = render_manifest(course, sorted(files))
    name = FILE_NAME_TEMPLATE.format(slug=course.edition.slug)
    return Export(name, zip_files(files, epoch), ())


def render_launch_page(course: Course) -> bytes:
    """The SCO: the course in a frame, and the bridge to the LMS."""
    quizzes = [page.quiz.storage_key for page in course.quizzes if page.quiz is not None]
    config = {
        "prefix": f"{STORAGE_PREFIX}/{course.edition.slug}/",
        "quizzes": quizzes,
        "mastery": course.edition.mastery_score,
        # The pipeline tracker stays in the browser: 4 KB of suspend_data are for answers.
        "local": [tracker_storage_key(course)],
    }
    # Inside <script>, "<" could close the element: keep it out of the JSON text.
    data = json.dumps(config, sort_keys=True).replace("<", "\\u003c")
    title = html.escape(course.info.title)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(course.edition.language)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        "<style>html,body{margin:0;height:100%}"
        "iframe{display:block;border:0;width:100%;height:100%}</style>\n"
        "</head>\n<body>\n"
        f'<iframe id="cg-course" title="{title}"></iframe>\n'
        f'<noscript><p><a href="index.html">{title}</a></p></noscript>\n'
        f'<script type="application/json" id="cg-scorm">{data}</script>\n'
        f'<script src="{SCRIPT}"></script>\n'
        "</body>\n</html>\n"
    ).encode()


def render_manifest(course: Course, paths: list[str]) -> bytes:
    """``imsmanifest.xml``: one organization, one item, one SCO listing every file."""
    slug = course.edition.slug
    ET.register_namespace("", NS_CP)
    ET.register_namespace("adlcp", NS_ADLCP)
    ET.register_namespace("xsi", NS_XSI)
    root = ET.Element(
        f"{{{NS_CP}}}manifest",
        {
            "identifier": f"coursegen-{slug}",
            "version": "1.0",
            f"{{{NS_XSI}}}schemaLocation": SCHEMA_LOCATIONS,
        },
    )
    metadata = ET.SubElement(root, f"{{{NS_CP}}}metadata")
    ET.SubElement(metadata, f"{{{NS_CP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{NS_CP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(root, f"{{{NS_CP}}}organizations", default="course")
    organization = ET.SubElement(organizations, f"{{{NS_CP}}}organization", identifier="course")
    ET.SubElement(organization, f"{{{NS_CP}}}title").text = course.info.title
    item = ET.SubElement(
        organization, f"{{{NS_CP}}}item", identifier="item-course", identifierref="sco-course"
    )
    ET.SubElement(item, f"{{{NS_CP}}}title").text = course.info.title
    if course.edition.mastery_score is not None:
        ET.SubElement(item, f"{{{NS_ADLCP}}}masteryscore").text = str(course.edition.mastery_score)
    listing = ET.SubElement(root, f"{{{NS_CP}}}resources")
    resource = ET.SubElement(
        listing,
        f"{{{NS_CP}}}resource",
        {
            "identifier": "sco-course",
            "type": "webcontent",
            f"{{{NS_ADLCP}}}scormtype": "sco",
            "href": LAUNCH,
        },
    )
    for path in paths:
        if path != "imsmanifest.xml":
            ET.SubElement(resource, f"{{{NS_CP}}}file", href=path)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()
