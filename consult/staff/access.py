"""Deny by default: a staff blueprint names the roles it admits, and every one
of its routes is checked before it runs, so no route depends on a decorator."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user


def require_roles(bp: Blueprint, roles: Iterable[str]) -> None:
    allowed = tuple(roles)
    bp.allowed_roles = allowed  # type: ignore[attr-defined]
    # Staff chrome and the staff member's own language (consult.i18n.staff_page).
    bp.staff_pages = True  # type: ignore[attr-defined]

    @bp.before_request
    def _check() -> object:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        if not current_user.has_role(*allowed):
            abort(403)
        return None
