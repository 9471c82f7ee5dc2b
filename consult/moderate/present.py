"""How flagged text is shown to a moderator: spans marked, everything escaped."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def highlight(text: str | None, spans: list[dict[str, Any]] | None) -> Markup:
    """Wrap each detected span in <mark>; the text itself is always escaped."""
    text = text or ""
    out, pos = [], 0
    for span in sorted(spans or [], key=lambda s: s["start"]):
        start, end = span["start"], span["end"]
        if start < pos or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup('<mark class="pii" title="{}">{}</mark>').format(
            span["kind"], text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)
