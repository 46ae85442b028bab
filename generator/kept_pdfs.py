"""PDFs of the last full build, carried into a run that does not make them.

``coursegen build --no-pdf`` and the root ``mkdocs build`` render the pages
only. Rather than lose the PDFs of the last full build (and tell learners there
are none), they keep them and link them as a full build would, as long as each
document still belongs to the course: a worksheet that was removed or hidden
since takes its PDFs with it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .coach.render import coach_kit_stems
from .core.model import Course
from .worksheet.paper import ANSWER_KEY, BOOK, PAPERS, WORKBOOK, pdf_name


def pdf_names(course: Course) -> dict[str, tuple[str, ...]]:
    """The file names a full build makes for ``course``, by document stem.

    Mirrors the layout jobs of ``build.render_pdfs``: worksheets and the
    workbook are printable and fillable, the answer key, the coach kit and the
    book printable.
    """
    documents = [(page.id, True) for page in course.worksheets]
    if course.worksheets:
        documents.append((WORKBOOK, True))
    if course.quizzes:
        documents.append((ANSWER_KEY, False))
    documents += [(stem, False) for stem in coach_kit_stems(course)]
    documents.append((BOOK, False))
    variants = {True: (False, True), False: (False,)}
    return {
        stem: tuple(
            pdf_name(stem, paper, fillable) for paper in PAPERS for fillable in variants[made]
        )
        for stem, made in documents
    }


def keep_pdfs(course: Course, previous: Mapping[str, bytes]) -> dict[str, bytes]:
    """The PDFs of ``previous`` (file name → bytes) that ``course`` still has.

    A document is kept whole or not at all: its pages link to every paper size
    and variant, so one missing file drops the document.
    """
    kept: dict[str, bytes] = {}
    for names in pdf_names(course).values():
        if all(name in previous for name in names):
            kept.update({name: previous[name] for name in names})
    return dict(sorted(kept.items()))
