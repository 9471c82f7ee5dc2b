"""Find disclosures of harm in a participant's free text (rule 8).

A flagged answer is escalated to the safeguarding role and the participant is
shown help at once. A missed disclosure costs the most; but a false alarm
costs too: the child is told that what they wrote "sounds hard" and the answer
waits for the safeguarding lead before it can count. So each sentence is read
for its voice (voice.py): matches in the voice of topic talk and policy
("grooming is a big problem", "It should tell me it is a bot and never ask
for photos") are dropped unless the sentence also tells a story, and the signs
of a story of harm that carry no word of a lexicon ("hes 24 and im 13 ... meet
at the park just us") are flagged when told as something that happened.

The patterns of every language written in the text's scripts run whatever
`lang` says: a child may answer in a language other than the one they picked.
"""

from __future__ import annotations

import re

from consult.detect.lexicon_en import EN, Lexicon
from consult.detect.lexicon_fr_es import ES, FR
from consult.detect.lexicon_ru_ar_zh import AR, RU, ZH
from consult.detect.textfold import fold, fold_pattern
from consult.detect.voice import AR_LATIN, VOICES, Voice

KINDS = ("grooming", "sexual_images", "sextortion", "self_harm", "home_violence", "threat",
         "bullying")
LEXICONS: dict[str, Lexicon] = {"en": EN, "fr": FR, "es": ES, "ru": RU, "ar": AR, "zh": ZH}

# Patterns only run on text in their script: a reply in Russian need not pay
# for every Chinese pattern. A mixed-script text runs every script it uses.
_SCRIPTS: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    "latin": (re.compile(r"[a-z]"), ("en", "fr", "es")),
    "cyrillic": (re.compile(r"[\u0400-\u04ff]"), ("ru",)),
    "arabic": (re.compile(r"[\u0600-\u06ff]"), ("ar",)),
    "han": (re.compile(r"[\u3400-\u9fff]"), ("zh",)),
}
# Arabic typed in Latin letters ("3omro 25") is read with the Latin script.
_EXTRA_VOICES: dict[str, list[Voice]] = {"latin": [AR_LATIN]}
_SENTENCE_END = re.compile(r"[.!?\n。！？؟;；]+")


class _Matcher:
    """Alternation of many patterns. Those that start at a word boundary share one
    leading \\b, so the engine tries them only where a word starts."""

    def __init__(self, patterns: list[str]) -> None:
        folded = [fold_pattern(p) for p in patterns]
        at_word = [p[2:] for p in folded if p.startswith(r"\b")]
        anywhere = [p for p in folded if not p.startswith(r"\b")]
        self.parts = [re.compile(prefix + "(?:" + "|".join(f"(?:{p})" for p in group) + ")")
                      for prefix, group in ((r"\b", at_word), ("", anywhere)) if group]

    def search(self, text: str) -> bool:
        return any(part.search(text) for part in self.parts)

    def sub(self, text: str) -> str:
        for part in self.parts:
            text = part.sub(" ", text)
        return text


class _Script:
    def __init__(self, lexicons: list[Lexicon], voices: list[Voice]) -> None:
        self.direct = {kind: _Matcher([p for lex in lexicons for p in lex["direct"][kind]])
                       for kind in KINDS}
        self.topic = {kind: _Matcher([p for lex in lexicons for p in lex["topic"][kind]])
                      for kind in KINDS}
        self.personal = _Matcher([p for lex in lexicons for p in lex["personal"]])
        self.opinion = _Matcher([p for lex in lexicons for p in lex["opinion"]])
        self.pretend = _Matcher([p for voice in voices for p in voice["pretend"]])
        self.talk = _Matcher([p for voice in voices for p in voice["talk"]])
        self.policy = _Matcher([p for voice in voices for p in voice["policy"]])
        self.story = _Matcher([p for voice in voices for p in voice["story"]])
        self.signs = {kind: _Matcher([p for voice in voices for p in voice["signs"].get(kind, [])])
                      for kind in KINDS}
        self.own = {kind: _Matcher([p for voice in voices for p in voice["own"].get(kind, [])])
                    for kind in KINDS}


_COMPILED = {name: (probe, _Script([LEXICONS[lang] for lang in langs],
                                   [*(VOICES[lang] for lang in langs),
                                    *_EXTRA_VOICES.get(name, [])]))
             for name, (probe, langs) in _SCRIPTS.items()}


def _about_the_writer(sentence: str, scripts: list[_Script]) -> bool:
    """Does the sentence speak of the writer ("I", "me", "my"), beyond "I think"?"""
    for script in scripts:
        sentence = script.opinion.sub(sentence)
    return any(script.personal.search(sentence) for script in scripts)


def find_disclosures(text: str, lang: str | None = None) -> list[str]:
    """Sorted distinct kinds of disclosure in `text` (see KINDS); [] if none.

    `lang` is accepted for symmetry with the other detectors; all languages'
    patterns run regardless, since a missed disclosure is the worse mistake.
    """
    if not text or not text.strip():
        return []
    folded = fold(text)
    scripts = [script for probe, script in _COMPILED.values() if probe.search(folded)]
    found: set[str] = set()
    for sentence in _SENTENCE_END.split(folded):
        if sentence.strip():
            found |= _sentence_kinds(sentence, scripts)
    return sorted(found)


def _sentence_kinds(sentence: str, scripts: list[_Script]) -> set[str]:
    if any(script.pretend.search(sentence) for script in scripts):
        return set()  # an imagined case: "imagine a guy says he's 15 but he's 40"
    # The writer's own state ("i wish i could just disappear") is theirs whatever the voice.
    own = {kind for script in scripts for kind, matcher in script.own.items()
           if matcher.search(sentence)}
    story = any(script.story.search(sentence) for script in scripts)
    if not story and any(script.policy.search(sentence) for script in scripts):
        return own  # topic talk: "apps should stop adults asking kids for photos"
    kinds = own | {kind for script in scripts for kind, matcher in script.direct.items()
                   if matcher.search(sentence)}
    talk = any(script.talk.search(sentence) for script in scripts)
    if not talk and _about_the_writer(sentence, scripts):
        kinds |= {kind for script in scripts for kind, matcher in script.topic.items()
                  if kind not in kinds and matcher.search(sentence)}
    if story:
        kinds |= {kind for script in scripts for kind, matcher in script.signs.items()
                  if kind not in kinds and matcher.search(sentence)}
    return kinds
