"""The three text detectors, and what they share.

- personal data (pii.py and pii_*.py): spans to mask before anyone reads an
  answer (docs/privacy.md#rule-4); the `Span` type and `redact` live in pii.py;
- disclosures of harm (disclosure.py, lexicon_*.py): answers to hand to the
  safeguarding role (docs/privacy.md#rule-8);
- abuse (abuse.py, abuse_words.py): insults a moderator should see first;
- textfold.py: the case, accent and script folding the word lists match on;
- scan.py: the three run together on one answer.

A low layer: it imports only the standard library, third-party packages and
consult's base modules, never a capability that uses it (participate,
moderate, safeguarding, views).
"""
