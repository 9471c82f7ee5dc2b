"""The one module that turns staff-written Markdown into safe HTML.

Markdown is rendered by markdown-it-py with raw HTML disabled, then cleaned by
nh3 (Ammonia) with a small allow-list. Participant text never comes here: it is
only ever autoescaped by Jinja.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Paragraph breaks are the writer's (a translation may split a
        # sentence); emphasis, links, lists, headings and code are the text's.
        if tag in ("p", "br"):
            return
        href = dict(attrs).get("href") if tag == "a" else None
        self.marks.append(f"{tag} {href}" if href else tag)


_RAW_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def markup_outline(text: str) -> list[str]:
    """The markup of a Markdown text as this module renders it, in a form two
    texts can be compared by: its tags (without paragraphs), each link's
    address, and any raw HTML tag written in it (shown as text, but still the
    writer's). A translation must keep its source's outline."""
    parser = _Outline()
    parser.feed(str(markdown_to_html(text)))
    parser.close()
    return sorted(parser.marks + ["raw " + tag for tag in _RAW_TAG.findall(text or "")])
