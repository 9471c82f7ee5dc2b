"""Exports of a consultation for the working group: CSV, JSON, XLSX and DOCX.

Everything goes through `consult.export.service.export`; every number comes
from the protected summary or the generalised long rows (docs/privacy.md#rule-5), and every
text is the redacted copy (docs/privacy.md#rule-4).
"""
