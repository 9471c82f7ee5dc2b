"""The one module that turns staff-written Markdown into safe HTML.

Markdown is rendered by markdown-it-py with raw HTML disabled, then cleaned by
nh3 (Ammonia) with a small allow-list. Participant text never comes here: it is
only ever autoescaped by Jinja.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4",
                "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def markdown_to_html(text: str) -> Markup:
    html = _md.render(text or "")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"https", "mailto"}, link_rel="noopener noreferrer")
    return Markup(clean)  # noqa: S704 - nh3 has just cleaned it with the allow-list above
