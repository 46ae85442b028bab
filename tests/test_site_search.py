"""What Material's search index holds: course text and headings, not the quiz
furniture (options, feedback, answers) nor the pages that are apps."""

from __future__ import annotations

import json
from pathlib import Path


def test_the_index_holds_a_quiz_heading_but_not_its_answers(built_sample: Path) -> None:
    site = built_sample / "site"
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"]}
    text = json.dumps(index)
    page = (site / "modules" / "what-it-is.html").read_text("utf-8")
    feedback = "Curiosity about their path gives them something easy and pleasant to talk about."
    assert feedback in page
    assert feedback not in text
    quiz = next(
        doc
        for loc, doc in entries.items()
        if loc.startswith("modules/what-it-is.html#") and loc.endswith("-quiz")
    )
    assert quiz["title"] == "Check your understanding"  # found by its heading
    # The module's own text stays searchable.
    assert any(
        loc.startswith("modules/what-it-is.html#") and doc["text"] for loc, doc in entries.items()
    )
    pages = {loc.split("#")[0] for loc in entries}
    assert "tracker.html" not in pages and "progress.html" not in pages
    assert {"pipeline.html", "worksheets/contact-log.html"} <= pages
