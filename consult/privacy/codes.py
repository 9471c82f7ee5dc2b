"""The one place return codes and group codes are made and hashed (rule 3).

A return code is 20 random decimal digits (about 66 bits), shown in five groups
of four. Digits only, because a 9-year-old reading Arabic, Chinese, Cyrillic or
Latin script knows these ten shapes, and none of them can be mistaken for a
letter. A group code is made the same way and is as long (about 66 bits), so
neither can be guessed; group codes issued before were 12 digits and still
work, behind a limit on wrong tries. Only an HMAC of the code, keyed with the app's secret, is stored: a
code can be looked up but not recovered from the database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

RETURN_CODE_DIGITS = 20
GROUP_CODE_DIGITS = 20
# Group codes issued before they were lengthened (about 40 bits).
SHORT_GROUP_CODE_DIGITS = 12

# Digits a participant may type from another script or a full-width keyboard.
_DIGIT_MAP = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩" "۰۱۲۳۴۵۶۷۸۹" "０１２３４５６７８９",
    "0123456789" "0123456789" "0123456789",
)


def new_code(digits: int = RETURN_CODE_DIGITS) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def group(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise(typed: str) -> str:
    """Keep the digits of what was typed, whatever script they were typed in."""
    return "".join(ch for ch in typed.translate(_DIGIT_MAP) if ch in "0123456789")


def is_short_group_code(typed: str) -> bool:
    return len(normalise(typed)) == SHORT_GROUP_CODE_DIGITS


def code_hash(secret: str, code: str, purpose: str = "return") -> str:
    key = hashlib.sha256(f"{purpose}:{secret}".encode()).digest()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()
