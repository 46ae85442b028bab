"""A scorer that follows QTI 1.2 response processing to the letter.

Canvas is forgiving; a strict engine is not. Here each ``respcondition`` is
tried in order, its ``setvar`` applied when its condition holds, and
processing stops after a condition that holds unless it says
``continue="Yes"`` (the specification's default is "No"). The score is kept
within the ``decvar``'s bounds.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"

Responses = Mapping[str, Sequence[str]]


def holds(test: ET.Element, responses: Responses) -> bool:
    tag = test.tag.removeprefix(QTI)
    if tag == "conditionvar":
        return all(holds(child, responses) for child in test)
    if tag == "and":
        return all(holds(child, responses) for child in test)
    if tag == "or":
        return any(holds(child, responses) for child in test)
    if tag == "not":
        return not all(holds(child, responses) for child in test)
    if tag == "other":
        return True
    if tag == "varequal":
        return (test.text or "") in responses.get(test.get("respident", ""), ())
    raise ValueError(f"unknown condition {tag}")


def score(item: ET.Element, responses: Responses) -> float:
    processing = item.find(f"{QTI}resprocessing")
    assert processing is not None
    decvar = processing.find(f"{QTI}outcomes/{QTI}decvar")
    assert decvar is not None
    low, high = float(decvar.get("minvalue", "0")), float(decvar.get("maxvalue", "100"))
    value = float(decvar.get("defaultval", "0"))
    for condition in processing.findall(f"{QTI}respcondition"):
        test = condition.find(f"{QTI}conditionvar")
        assert test is not None
        if not holds(test, responses):
            continue
        for setvar in condition.findall(f"{QTI}setvar"):
            amount = float(setvar.text or "0")
            action = setvar.get("action", "Set")
            value = amount if action == "Set" else value + amount if action == "Add" else value
        if condition.get("continue", "No") != "Yes":
            break
    return max(low, min(high, value))
