"""The page live preview shows while the course does not build.

It lists the same located problems the terminal shows. Every value is escaped
for HTML; the page needs no stylesheet or script of the site (the site may be
the stale one), so its few styles are inline. Its words are English, like the
terminal lines it repeats, since the edition that would choose a language may
be the file that is broken.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..core.errors import Problem, format_path, printable

_STYLE = """
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fff; --muted: #5b5b66;
  --box: #f6f6f8; --error: #b3261e; --warning: #8a5a00; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8ee; --bg: #17171c; --muted: #a6a6b4; --box: #23232b;
    --error: #ff8a80; --warning: #ffcc66; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .5rem; }
p { margin: 0 0 1rem; color: var(--muted); }
ol { list-style: none; margin: 0; padding: 0; }
li { background: var(--box); border-left: 4px solid var(--error); border-radius: 4px;
  margin: 0 0 .75rem; padding: .75rem 1rem; overflow-wrap: anywhere; }
li.warning { border-left-color: var(--warning); }
code { font: .9rem/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.where { display: block; font-weight: 600; }
.severity { font-weight: 600; color: var(--error); }
li.warning .severity { color: var(--warning); }
.at, .hint { color: var(--muted); }
.hint { display: block; margin-top: .25rem; }
.summary { font-weight: 600; color: var(--fg); }
"""


def _text(value: str) -> str:
    """Course text as HTML: control characters shown as escapes, markup escaped."""
    return escape(printable(value), quote=True)


def _problem(problem: Problem) -> str:
    severity = problem.severity.value
    where = f'<code class="where">{_text(str(problem.location))}</code>'
    at = (
        f' <span class="at">(at <code>{_text(format_path(problem.path))}</code>)</span>'
        if problem.path
        else ""
    )
    hint = f'<span class="hint">hint: {_text(problem.hint)}</span>' if problem.hint else ""
    return (
        f'<li class="{severity}">{where} <span class="severity">{severity}:</span> '
        f'<span class="message">{_text(problem.message)}</span>{at}{hint}</li>'
    )


def render_error_page(problems: Sequence[Problem], summary: str) -> str:
    """A standalone HTML page listing ``problems`` and ending with ``summary``
    (for a failure that names no file, ``summary`` is the whole message)."""
    items = "\n".join(_problem(p) for p in problems)
    listing = f'<ol class="problems">\n{items}\n</ol>\n' if problems else ""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No icon to fetch: the site's may be gone, and a 404 would be logged.
        '<link rel="icon" href="data:,">\n'
        "<title>The course does not build - coursegen</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        "<h1>The course does not build</h1>\n"
        "<p>Fix what is listed here and save: this page turns back into the course "
        "by itself. The terminal running <code>coursegen serve</code> shows the same "
        "list.</p>\n"
        f"{listing}"
        f'<p class="summary" role="status">{_text(summary)}</p>\n'
        "</main>\n</body>\n</html>\n"
    )
