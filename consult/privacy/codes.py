"""The one place return codes and group codes are made and hashed (rule 3).

A return code is 20 random decimal digits (about 66 bits), shown in five groups
of four. Digits only, because a 9-year-old reading Arabic, Chinese, Cyrillic or
Latin script knows these ten shapes, and none of them can be mistaken for a
letter. A group code is made the same way and is as long (about 66 bits), so
neither can be guessed; group codes issued before were 12 digits and still
work, behind a limit on wrong tries. Only an HMAC of the code, keyed with the
app's secret, is stored: a code can be looked up but not recovered from the
database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, TimestampSigner

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


# How long after the review page was shown a reload of its "send" can still
# show the return code (see code_for_send).
SEND_RECOVERY_SECONDS = 3600


def send_nonce(secret: str) -> str:
    """A random value for the "send" form, signed with the time it was made."""
    return TimestampSigner(secret, salt="send-nonce").sign(secrets.token_urlsafe(16)).decode()


def code_for_send(secret: str, draft_token: str, nonce: str,
                  max_age: int | None = None) -> str | None:
    """The return code for sending the draft `draft_token` from the page that
    carried `nonce`, or None once the nonce is forged or older than `max_age`.

    Why derived and not drawn: the send commits, then the worker can die (or the
    participant double-clicks) before the page carrying the code arrives. A
    reload re-posts the same form, so the same request can be answered again:
    the code is HMAC(secret, draft token + nonce), the same both times, and
    the submission is found by its code's hash as on /return.

    What this keeps of docs/privacy.md#rule-3: the database still holds only the
    keyed hash of the code, and the draft (with the hash of its token) is deleted
    when it is sent, so nothing stored recovers the code. The cookie holds the
    draft token, never the code: the code needs the token, the nonce (only in the
    page and the browser's re-post of it) and the server's secret together, and
    only for SEND_RECOVERY_SECONDS after the page was shown. The token leaves the cookie in
    the confirmation's response, so once the code has been seen, a later Back
    and re-post finds no token and cannot show it again. The code is as random
    as its inputs (a 192-bit token and a 128-bit nonce, keyed): 20 digits, about
    66 bits, like a drawn one."""
    try:
        TimestampSigner(secret, salt="send-nonce").unsign(
            nonce, max_age=SEND_RECOVERY_SECONDS if max_age is None else max_age)
    except BadSignature:  # also SignatureExpired
        return None
    key = hashlib.sha256(f"send:{secret}".encode()).digest()
    digest = hmac.new(key, f"{draft_token}\0{nonce}".encode(), hashlib.sha256).digest()
    return str(int.from_bytes(digest, "big") % 10**RETURN_CODE_DIGITS).zfill(RETURN_CODE_DIGITS)
