"""Measure whether the quizzes need the course: a question paper, and its marking.

The course's quizzes should separate readers from non-readers: someone who has
not read the course should score about half of the graded items, someone who
has read it 90 % or more. This script prints the graded items of the shipped
quizzes as a paper with no answers, feedback, hints or explanations, and marks
a reader's answers against the quiz files:

    python benchmarks/quiz_paper.py paper > paper.md
    python benchmarks/quiz_paper.py mark answers.json

``answers.json`` maps item ids to answers: a letter for single-choice and
best-next-action items (``"B"``), letters for multiple-choice ones
(``"AC"``), ``true`` or ``false``, ``"B2"`` for which-is-better (the better
version, then the reason), the letters in order for ordering items
(``"CADB"``), and for classify items one bucket letter per statement (``"ABBA"``).
Options are lettered in a fixed shuffled order, so the key is not always "A".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
LETTERS = "ABCDEFGHIJKL"


def shuffled(seed: str, values: list[Any]) -> list[Any]:
    """A fixed order that depends on the item, never the authoring order."""
    keyed = sorted(
        enumerate(values), key=lambda p: hashlib.sha256(f"{seed}:{p[0]}".encode()).hexdigest()
    )
    order = [v for _, v in keyed]
    if len(order) > 1 and order == values:
        order = order[1:] + order[:1]
    return order


def quiz_items(root: Path) -> list[tuple[str, dict[str, Any]]]:
    course = yaml.safe_load((root / "content" / "course.yml").read_text("utf-8"))
    found = []
    for module in course["modules"]:
        path = root / "content" / "quizzes" / f"{module}.yml"
        if path.is_file():
            for item in yaml.safe_load(path.read_text("utf-8"))["items"]:
                if item["type"] != "reflection":
                    found.append((module, resolved(root, item)))
    return found


def resolved(root: Path, item: dict[str, Any]) -> dict[str, Any]:
    """The item with a referenced example pair or the pipeline spelled out."""
    if item.get("pair"):
        for path in sorted((root / "content" / "modules").glob("*.yml")):
            for pair in yaml.safe_load(path.read_text("utf-8")).get("example_pairs", []):
                if pair["id"] == item["pair"]:
                    versions = [
                        {"script": pair["bad"]["script"]},
                        {"script": pair["good"]["script"], "better": True},
                    ]
                    return {
                        **item,
                        "versions": versions,
                        "scenario": item.get("scenario") or pair["scenario"],
                        "subtext": item.get("subtext") or pair.get("subtext"),
                    }
    if item.get("pipeline"):
        steps = yaml.safe_load((root / "content" / "pipeline.yml").read_text("utf-8"))["steps"]
        return {**item, "entries": [{"text": step["title"]} for step in steps]}
    return item


def question(item: dict[str, Any]) -> tuple[str, Any]:
    """The item as printed (Markdown) and its right answer in the paper's terms."""
    kind = item["type"]
    lines = [f"### {item['id']} ({kind})", ""]
    if item.get("scenario"):
        lines += [item["scenario"].strip(), ""]
    if kind == "which-is-better":
        if item.get("subtext"):
            lines += [f"*Subtext, the same in both versions:* {item['subtext']}", ""]
        versions = shuffled(item["id"], item.get("versions") or [])
        for i, version in enumerate(versions):
            lines += [f"**Version {LETTERS[i]}**", "", "> " + version["script"].strip(), ""]
    lines += [item["prompt"].strip(), ""]
    if kind in ("single", "best-next-action", "multiple", "which-is-better"):
        options = shuffled(item["id"] + ":options", item["options"])
        for i, option in enumerate(options):
            lines.append(f"{LETTERS[i]}. {option['text'].strip()}")
        right = "".join(LETTERS[i] for i, o in enumerate(options) if o.get("correct"))
        if kind == "multiple":
            lines += ["", "(Tick every right option.)"]
        if kind == "which-is-better":
            better = next(LETTERS[i] for i, v in enumerate(versions) if v.get("better"))
            lines += ["", "(Answer: the better version's letter, then the reason's letter.)"]
            right = better + right
        return "\n".join(lines), right
    if kind == "true-false":
        lines.append("(Answer true or false.)")
        return "\n".join(lines), bool(item["answer"])
    if kind == "ordering":
        entries = item["entries"]
        order = shuffled(item["id"], list(range(len(entries))))
        for i, index in enumerate(order):
            lines.append(f"{LETTERS[i]}. {entries[index]['text']}")
        lines += ["", "(Answer: the letters in the right order.)"]
        return "\n".join(lines), "".join(LETTERS[order.index(i)] for i in range(len(entries)))
    if kind == "classify":
        buckets = {b["id"]: LETTERS[i] for i, b in enumerate(item["buckets"])}
        named = [f"{buckets[b['id']]} = {b['label']}" for b in item["buckets"]]
        lines += ["Buckets: " + ", ".join(named)]
        statements = shuffled(item["id"], item["statements"])
        for i, statement in enumerate(statements, start=1):
            lines.append(f"{i}. {statement['text'].strip()}")
        lines += ["", "(Answer: one bucket letter per statement, in order.)"]
        return "\n".join(lines), "".join(buckets[s["bucket"]] for s in statements)
    raise ValueError(f"{item['id']}: no paper form for {kind}")


def paper(root: Path) -> str:
    parts = []
    for module, item in quiz_items(root):
        text, _ = question(item)
        parts.append(f"<!-- {module} -->\n{text}")
    return "\n\n".join(parts) + "\n"


def mark(root: Path, answers: dict[str, Any]) -> dict[str, Any]:
    by_module: dict[str, list[int]] = {}
    wrong = []
    for module, item in quiz_items(root):
        _, right = question(item)
        given = answers.get(item["id"])
        if isinstance(given, str) and isinstance(right, str):
            ok = given.replace(" ", "").replace(",", "").upper() == right
            if item["type"] == "multiple":
                ok = sorted(given.replace(",", "").replace(" ", "").upper()) == sorted(right)
        else:
            ok = given == right
        by_module.setdefault(module, [0, 0])
        by_module[module][0] += int(ok)
        by_module[module][1] += 1
        if not ok:
            wrong.append({"id": item["id"], "given": given, "right": right})
    right_count = sum(r for r, _ in by_module.values())
    total = sum(t for _, t in by_module.values())
    return {
        "score": f"{right_count}/{total}",
        "percent": round(100 * right_count / total, 1),
        "by_module": {m: f"{r}/{t}" for m, (r, t) in by_module.items()},
        "wrong": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["paper", "mark"])
    parser.add_argument("answers", nargs="?", type=Path, help="answers.json (for mark)")
    parser.add_argument("--root", type=Path, default=REPO)
    args = parser.parse_args()
    if args.command == "paper":
        sys.stdout.write(paper(args.root))
        return
    if args.answers is None:
        parser.error("mark needs the answers file")
    answers = json.loads(args.answers.read_text("utf-8"))
    json.dump(mark(args.root, answers), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
