"""Run the three text detectors together: personal data, disclosures, abuse."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from consult.detect.abuse import find_abuse
from consult.detect.disclosure import find_disclosures
from consult.detect.pii import find_personal_data


def scan_text(text: str, lang: str | None = None, region: str | None = None) -> dict[str, Any]:
    """{"pii": [{"kind", "start", "end", "text"}...], "disclosure": [kinds], "abuse": bool}.

    What the participate service stores with each free-text answer.
    """
    return {
        "pii": [asdict(span) for span in find_personal_data(text, lang, region)],
        "disclosure": find_disclosures(text, lang),
        "abuse": find_abuse(text, lang),
    }
