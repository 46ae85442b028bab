"""The package around the QTI items: ``imsmanifest.xml``, the XML serialiser and
the zip with fixed dates (which the SCORM package uses too)."""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping

from ..core.model import Course

NS_CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
NS_IMSMD = "http://www.imsglobal.org/xsd/imsmd_v1p2"

ZIP_EPOCH = 315532800
"""1980-01-01, the earliest time a zip entry can hold."""


def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element of ``parent``, with its text and attributes."""
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def to_xml(root: ET.Element) -> bytes:
    """An XML file of ``root``, indented, in UTF-8."""
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def zip_files(files: Mapping[str, bytes], epoch: int) -> bytes:
    """A zip of ``files`` with fixed dates and modes: the same files give the same bytes."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def manifest(course: Course, resources: list[tuple[str, str, str]], epoch: int) -> ET.Element:
    """``imsmanifest.xml``: each quiz (identifier, assessment file, Canvas meta file)."""
    root = ET.Element(
        "manifest",
        {
            "identifier": f"cg-{course.edition.slug}-quizzes",
            "xmlns": NS_CP,
            "xmlns:imsmd": NS_IMSMD,
        },
    )
    metadata = el(root, "metadata")
    el(metadata, "schema", "IMS Content")
    el(metadata, "schemaversion", "1.1.3")
    lom = el(metadata, "imsmd:lom")
    el(el(el(lom, "imsmd:general"), "imsmd:title"), "imsmd:string", course.info.title)
    date = time.strftime("%Y-%m-%d", time.gmtime(epoch))
    contribute = el(el(lom, "imsmd:lifeCycle"), "imsmd:contribute")
    el(el(contribute, "imsmd:date"), "imsmd:dateTime", date)
    el(root, "organizations")
    listing = el(root, "resources")
    for ident, main, meta in resources:
        resource = el(listing, "resource", identifier=ident, type="imsqti_xmlv1p2")
        el(resource, "file", href=main)
        el(resource, "dependency", identifierref=f"{ident}-meta")
        extra = el(
            listing,
            "resource",
            identifier=f"{ident}-meta",
            type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
            href=meta,
        )
        el(extra, "file", href=meta)
    return root
