"""The files a publication offers the public for download, listed in one place:
the results pages, the Atom feed and the reports all read `public_files()`.

Today a publication offers its summary as JSON (`/results/<slug>.json`). A
package that makes another public file of a publication (the consultation
report as DOCX, for instance) registers a provider with `add_provider()`: a
function from (session, publication) to the files it has for that
publication. Providers answer from what already exists; nothing is built
while a page lists files. Every file listed must be servable without a
password or a cookie (resolves 5 of Council Resolution 1306) and hold only
what passed disclosure control (docs/privacy.md#rule-5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from consult.results.models import Publication

# The kinds a page knows how to name; a provider's file of another kind is
# listed under its media type.
KINDS = ("docx", "pdf", "xlsx", "csv", "json")


@dataclass(frozen=True)
class PublicFile:
    kind: str
    # The Flask endpoint that serves it and the values of its address.
    endpoint: str
    values: dict[str, Any] = field(default_factory=dict)
    media_type: str = "application/octet-stream"
    # The language of its words; None when it holds every language (the JSON).
    lang: str | None = None


Provider = Callable[[Session, Publication], list[PublicFile]]
_providers: list[Provider] = []


def add_provider(provider: Provider) -> Provider:
    """Register a provider (usable as a decorator); registering twice is harmless."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def remove_provider(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def public_files(session: Session, pub: Publication) -> list[PublicFile]:
    """Every file of `pub` anyone may download, reports first, the JSON last."""
    found = [f for provider in _providers for f in provider(session, pub)]
    order = {kind: i for i, kind in enumerate(KINDS)}
    found.sort(key=lambda f: (order.get(f.kind, len(KINDS)), f.lang or ""))
    return [*found, PublicFile("json", "results.page_json", {"slug": pub.slug},
                               "application/json")]
