"""Administration (role admin): the audit log, read only."""
