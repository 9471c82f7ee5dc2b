"""Reports the working group can table: the consultation report, the meeting
report, the annual report to Council and the final report over several years
(DOCX, in the six languages). Written by consult.reports.service; produced
only through the one audited door, consult.export.service.export_audited."""
