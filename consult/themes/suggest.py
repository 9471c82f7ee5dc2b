"""Theme suggestions: topics found in the approved, redacted texts, per language.

TF-IDF then NMF, one language at a time (a topic model over mixed languages
would only rediscover the languages). A suggestion is a proposal for a
person: its top terms as a label to edit, and the answers that lean most to
it, to review before tagging. Nothing here writes to the database, and the
same texts always give the same suggestions (fixed random_state, ties broken
by term and by answer id).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.detect.pii import MASK_CHAR
from consult.participate.models import Answer, Submission
from consult.themes.service import listed
from consult.themes.stopwords import STOP_WORDS, ZH_EDGE

MIN_TEXTS = 6
MAX_TOPICS = 6
# Per language, the first answers by id: enough to find topics, and a bound
# on the time a page takes. The page says when it applies.
MAX_TEXTS = 5000
TOP_TERMS = 6
LABEL_TERMS = 3
TERM_FLOOR = 0.2
MAX_ANSWERS = 100
RANDOM_STATE = 0

# Letters only, two or more, in any script: \w without digits and underscore.
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
_WORD = re.compile(WORD_PATTERN)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Rule 4: a run of the mask character stands where personal data was; it is
# never a term (and is not a letter anyway, but the intent is worth stating).
_MASK_RUN = re.compile(MASK_CHAR + "+")
_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_ALEF = re.compile("[\u0622\u0623\u0625\u0671]")


@dataclass(frozen=True)
class Suggestion:
    language: str
    number: int
    terms: tuple[str, ...]
    # The answers whose strongest topic this is, most typical first (at most MAX_ANSWERS).
    answer_ids: tuple[int, ...]
    # How many answers lean to it in all.
    total: int

    @property
    def ref(self) -> str:
        return f"{self.language}-{self.number}"

    @property
    def label(self) -> str:
        return ", ".join(self.terms[:LABEL_TERMS])

    @property
    def key(self) -> str:
        """A proposed key: the top term folded to ASCII, or "<lang>-topic-<n>"."""
        folded = unicodedata.normalize("NFKD", self.terms[0] if self.terms else "")
        ascii_ = folded.encode("ascii", "ignore").decode().lower()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:40].strip("-")
        return slug or f"{self.language}-topic-{self.number}"


def suggest(session: Session, consultation: Consultation,
            question_id: int | None = None) -> list[Suggestion]:
    """Suggestions for every language with enough approved texts, in the
    consultation's language order."""
    by_language = approved_texts(session, consultation.id, question_id)
    order = list(consultation.languages)
    languages = sorted(by_language, key=lambda lang: (
        order.index(lang) if lang in order else len(order), lang))
    out: list[Suggestion] = []
    for lang in languages:
        out.extend(topics(by_language[lang], lang))
    return out


def approved_texts(session: Session, consultation_id: int,
                   question_id: int | None = None) -> dict[str, list[tuple[int, str]]]:
    """(answer id, redacted text) per language, at most MAX_TEXTS each, by id."""
    stmt = (select(Submission.language, Answer.id, Answer.text_redacted)
            .join(Submission, Submission.id == Answer.submission_id)
            .where(listed(consultation_id)).order_by(Answer.id))
    if question_id is not None:
        stmt = stmt.where(Answer.question_id == question_id)
    out: dict[str, list[tuple[int, str]]] = {}
    for lang, answer_id, text in session.execute(stmt.execution_options(yield_per=2000)):
        texts = out.setdefault(lang, [])
        if len(texts) < MAX_TEXTS:
            texts.append((answer_id, text or ""))
    return out


def topics(texts: Sequence[tuple[int, str]], language: str) -> list[Suggestion]:
    """The topics of one language's (answer id, text) pairs; none below MIN_TEXTS."""
    if len(texts) < MIN_TEXTS:
        return []
    try:
        vectorizer = _vectorizer(language, len(texts))
        matrix = vectorizer.fit_transform([text for _, text in texts])
    except ValueError:  # nothing left once stop words and rare terms go
        return []
    names = vectorizer.get_feature_names_out()
    n_topics = min(MAX_TOPICS, len(texts) // 3, *matrix.shape)
    model = NMF(n_components=n_topics, init="nndsvda", random_state=RANDOM_STATE,
                max_iter=1000)
    with warnings.catch_warnings():
        # A topic that has not fully converged is still a fair proposal; and a
        # near-exact fit can make the (unused) error figure the root of a tiny negative.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        weights = model.fit_transform(matrix)
    return _suggestions(language, texts, weights, model.components_, list(names))


def _suggestions(language: str, texts: Sequence[tuple[int, str]], weights: np.ndarray,
                 components: np.ndarray, names: list[str]) -> list[Suggestion]:
    # Rounded, so floating-point noise cannot reorder ties between runs.
    weights, components = np.round(weights, 9), np.round(components, 9)
    members: dict[int, list[tuple[float, int]]] = {}
    for row, (answer_id, _) in enumerate(texts):
        if weights[row].max() > 0:
            topic = int(np.argmax(weights[row]))  # the first of equals
            members.setdefault(topic, []).append((-float(weights[row, topic]), answer_id))
    found = []
    for topic, docs in members.items():
        # Terms far weaker than the topic's strongest belong to its neighbours.
        floor = TERM_FLOOR * float(components[topic].max())
        order = sorted(np.flatnonzero(components[topic] > floor),
                       key=lambda j: (-float(components[topic, j]), names[j]))
        terms = _distinct([names[j] for j in order], language)
        if terms:
            found.append((terms, [answer_id for _, answer_id in sorted(docs)]))
    found.sort(key=lambda t: (-len(t[1]), t[0]))
    return [Suggestion(language, n, tuple(terms), tuple(ids[:MAX_ANSWERS]), len(ids))
            for n, (terms, ids) in enumerate(found, start=1)]


def _distinct(terms: list[str], language: str) -> list[str]:
    """The top terms without repeats: a phrase takes the place of the words
    it contains ("report", "button", "report button" give "report button"),
    and a word already in a chosen phrase is left out."""
    if language == "zh":
        return _joined(terms)
    chosen: list[str] = []
    for term in terms:
        words = set(term.split())
        if any(words <= set(c.split()) for c in chosen):
            continue
        inside = [i for i, c in enumerate(chosen) if set(c.split()) < words]
        if inside:
            chosen[inside[0]] = term
            chosen = [c for i, c in enumerate(chosen) if i not in inside[1:]]
        elif len(chosen) < TOP_TERMS:
            chosen.append(term)
    return chosen


def _joined(grams: list[str], longest: int = 8) -> list[str]:
    """Chinese character n-grams put back together where they overlap:
    "举报", "举报按", "报按钮" give "举报按钮"."""
    chosen: list[str] = []
    for gram in grams:
        for i, term in enumerate(chosen):
            if gram in term:
                break
            merged = _overlap(term, gram) or _overlap(gram, term)
            if merged and len(merged) <= longest:
                chosen[i] = merged
                break
        else:
            if len(chosen) < TOP_TERMS:
                chosen.append(gram)
    return chosen


def _overlap(left: str, right: str) -> str | None:
    if left in right:
        return right
    for k in range(min(len(left), len(right)) - 1, 0, -1):
        if left.endswith(right[:k]):
            return left + right[k:]
    return None


def normalise(text: str, language: str) -> str:
    text = _MASK_RUN.sub(" ", unicodedata.normalize("NFKC", text)).lower()
    if language == "ar":
        # Diacritics and tatweel are optional in Arabic; alef forms vary by writer.
        text = _AR_ALEF.sub("\u0627", _AR_MARKS.sub("", text)).replace("\u0649", "\u064a")
    return text


def _stop_words(language: str) -> frozenset[str]:
    return frozenset(normalise(w, language) for w in STOP_WORDS.get(language, ()))


def _vectorizer(language: str, n_texts: int) -> TfidfVectorizer:
    # A term in one answer only cannot make a topic; in a small set keep them all.
    min_df = 2 if n_texts >= 8 else 1
    common: dict[str, Any] = {"min_df": min_df, "max_df": 0.9, "sublinear_tf": True,
                              "max_features": 20000}
    if language == "zh":
        # No spaces between words: character pairs and triples stand in for them.
        return TfidfVectorizer(analyzer=_han_analyzer(), **common)
    return TfidfVectorizer(preprocessor=partial(normalise, language=language),
                           token_pattern=WORD_PATTERN, ngram_range=(1, 2),
                           stop_words=sorted(_stop_words(language)), **common)


def _han_analyzer() -> Callable[[str], list[str]]:
    stop = _stop_words("zh")

    def analyse(text: str) -> list[str]:
        text = normalise(text, "zh")
        grams = []
        for run in _HAN.findall(text):
            for n in (2, 3):
                for i in range(len(run) - n + 1):
                    gram = run[i:i + n]
                    if gram in stop or gram[0] in ZH_EDGE or gram[-1] in ZH_EDGE:
                        continue
                    if all(ch in stop for ch in gram):
                        continue
                    grams.append(gram)
        # Latin words inside Chinese text ("App", "TikTok") count as words.
        grams.extend(w for w in _WORD.findall(_HAN.sub(" ", text)) if w not in stop)
        return grams

    return analyse
