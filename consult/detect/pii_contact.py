"""Contact details in free text: emails, URLs and social-media handles.

Each finder returns hits as (start, end, kind) on the original text; pii.py
merges them with the other finders' hits.
"""

from __future__ import annotations

import re

from consult.detect.pii_text import Hit, lower
from consult.detect.pii_words import (
    FOLLOW_ME,
    HANDLE_PLATFORMS,
    MY_WORDS,
    NOT_HANDLES,
    STOPWORDS,
    TLD_STRONG,
    TLD_WEAK,
)

_TLDS = TLD_STRONG | TLD_WEAK
_URL_CHARS = r"[^\s<>\"'`{}|\\^，。、；：！？（）「」《》【】]"
_TRAILING = ".,;:!?)]}'\"»…-"

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9_.%+-])[A-Za-z0-9._%+-]+(?:@|＠)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.[A-Za-z]{2,24}(?![A-Za-z0-9_-])")
# "name at gmail dot com", "name(at)mail(dot)ru", "nom arobase gmail point com", "имя
# собака mail точка ru", "name @ gmail . com": spelled out or spaced to slip past filters, so
# only accepted when the last label is a known top-level domain.
_EMAIL_SPELLED = re.compile(
    r"(?<![A-Za-z0-9_.%+-])[A-Za-z0-9._%+-]+\s*(?:\((?:at|@|arobase|arroba)\)|\[(?:at|@)\]|"
    r"\{at\}|\s(?:at|arroba|arobase|собака)\s|[@＠])"
    r"\s*[A-Za-z0-9-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\{dot\}|\s(?:dot|punto|point|точка)\s)\s*"
    r"(?P<tld>[A-Za-z0-9-]+))+(?![A-Za-z0-9_-])")

_URL_SCHEME = re.compile(r"(?<![A-Za-z0-9_])(?:(?:https?|ftp)://|www\d{0,3}\.)" + _URL_CHARS + "+")
_LABEL = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)"
# Bare domains: the top-level domain must be lower case, so "end.Me too" is not a URL.
_URL_BARE = re.compile(
    r"(?<![A-Za-z0-9_.@＠/-])" + _LABEL + r"+(?P<tld>" + "|".join(sorted(TLD_STRONG | TLD_WEAK,
                                                                  key=len, reverse=True))
    + r")(?![A-Za-z0-9_-])(?P<path>[/?#]" + _URL_CHARS + "*)?")
_URL_RF = re.compile(r"(?<![\w.-])(?:[\w-]+\.)+рф(?![\w-])(?:/" + _URL_CHARS + "*)?")

_AT_HANDLE = re.compile(
    r"(?<![A-Za-z0-9_@＠.])[@＠][A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
    r"(?![A-Za-z0-9_(@＠])")
_TELEGRAM_LINK = re.compile(r"(?<![A-Za-z0-9_])(?:t|telegram)\.me/[A-Za-z0-9_]{3,32}")
_WECHAT_ID = re.compile(r"(?<![A-Za-z0-9])wxid_[A-Za-z0-9_-]{3,40}")
_DISCORD_TAG = re.compile(r"(?<![A-Za-z0-9_.#])[A-Za-z0-9_.]{2,32}#\d{4}(?![A-Za-z0-9_])")
_QQ = re.compile(r"(?<![A-Za-z])(?:qq|扣扣)\s*(?:号码|号|number|no\.?|id)?\s*"
                 r"(?:[:：=]|is|是|为)?\s*(?P<h>\d{5,11})(?![\dA-Za-z])")

_SEPARATOR = (r"(?P<sep>\s*(?:id|号|账号|帳號|帐号|username|user ?name|ник|nick|handle)?\s*"
              r"(?:[:：=>\-–—]+|\b(?:is|es|est|c'est|c’est|это)\b|是|为)?)")
_PLATFORM_HANDLE = re.compile(
    r"(?<![A-Za-z0-9_\u0400-\u04ff])(?P<kw>" + "|".join(HANDLE_PLATFORMS) + r")"
    # A Latin or Cyrillic keyword must end its word ("sc" is not the start of "school").
    r"(?:(?<=[A-Za-z\u0400-\u04ff])(?![A-Za-z0-9_\u0400-\u04ff])|(?<![A-Za-z\u0400-\u04ff]))"
    + _SEPARATOR
    + r"\s*[@＠]?(?P<h>[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{1,30}[A-Za-z0-9_]))"
    r"(?![A-Za-z0-9_@\u00c0-\u024f\u0400-\u04ff])")
_STRONG_SEP = re.compile(r"[:：=>\-–—]|号|账号|帐号|是|为|id|username|user ?name|ник|nick|handle")


def _trim_url(start: int, match_text: str) -> Hit | None:
    trimmed = match_text
    while trimmed and trimmed[-1] in _TRAILING:
        if trimmed[-1] == ")" and trimmed.count("(") >= trimmed.count(")"):
            break
        trimmed = trimmed[:-1]
    if len(trimmed) < 4:
        return None
    return (start, start + len(trimmed), "url")


def find_emails(text: str) -> list[Hit]:
    hits = [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    for m in _EMAIL_SPELLED.finditer(lower(text)):
        if m.group("tld") in _TLDS:
            hits.append((m.start(), m.end(), "email"))
    return hits


def find_urls(text: str) -> list[Hit]:
    hits: list[Hit] = []
    low = lower(text)
    for m in _URL_SCHEME.finditer(low):
        hit = _trim_url(m.start(), m.group())
        if hit:
            hits.append(hit)
    for m in _URL_BARE.finditer(text):
        # Short country codes that are also words ("it.is", "go.to") need a path to count.
        if m.group("tld") in TLD_WEAK and not m.group("path"):
            continue
        hit = _trim_url(m.start(), m.group())
        if hit:
            hits.append(hit)
    for m in _URL_RF.finditer(low):
        hit = _trim_url(m.start(), m.group())
        if hit:
            hits.append(hit)
    return hits


def _looks_like_username(token: str) -> bool:
    if any(ch.isdigit() or ch in "_." for ch in token):
        return True
    # "sunnyDays": a capital inside a word is how usernames, not sentences, are written.
    return any(ch.isupper() for ch in token[1:])


def _platform_handle(text: str, m: re.Match[str]) -> bool:
    """`m` was found in the lower-cased copy; `text` is the original."""
    token = text[m.start("h"):m.end("h")]
    if not any(ch.isalpha() for ch in token) or token.lower() in STOPWORDS:
        return False
    before = text[max(0, m.start() - 24):m.start()].lower()
    sep = m.group("sep")
    if _STRONG_SEP.search(sep):
        return True
    mine = any(w in before.split() or before.endswith(w) for w in MY_WORDS)
    if sep.strip():  # "is", "est", "это": only "my snap is X" gives a handle away
        return mine and (_looks_like_username(token) or token.lower() not in NOT_HANDLES)
    # Only a plain space after the platform: the next word must look like a username, or
    # follow "my" or "add me on" without being a word about accounts ("my Roblox account").
    invited = mine or any(w in before for w in FOLLOW_ME)
    return _looks_like_username(token) or (invited and token.lower() not in NOT_HANDLES)


def find_handles(text: str) -> list[Hit]:
    low = lower(text)
    hits = [(m.start(), m.end(), "handle") for m in _AT_HANDLE.finditer(text)]
    hits.extend((m.start(), m.end(), "handle") for m in _DISCORD_TAG.finditer(text))
    for pattern in (_TELEGRAM_LINK, _WECHAT_ID):
        hits.extend((m.start(), m.end(), "handle") for m in pattern.finditer(low))
    hits.extend((m.start("h"), m.end("h"), "handle") for m in _QQ.finditer(low))
    for m in _PLATFORM_HANDLE.finditer(low):
        if _platform_handle(text, m):
            hits.append((m.start("h"), m.end("h"), "handle"))
    return hits
