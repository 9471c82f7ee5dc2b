"""The command line: `consult ...` and `flask --app consult ...` share these commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from consult.audit.service import record
from consult.auth import invitations
from consult.auth import service as auth_service
from consult.consultations import translation
from consult.consultations.definition import (
    ConsultationInUseError,
    DefinitionError,
    SlugTakenError,
    export_definition,
    import_definition,
    parse,
)
from consult.consultations.models import Consultation
from consult.consultations.readability import lint
from consult.consultations.service import now_utc
from consult.demo import load_demo
from consult.export.cli import export_command
from consult.extensions import db
from consult.groups.service import GroupNotFoundError, create_group, revoke_group
from consult.help import manage as helplines
from consult.help.service import DATA as HELPLINES_YAML
from consult.live.service import active_session
from consult.meetings.cli import meetings_group
from consult.migrate import downgrade, upgrade
from consult.moderate.scan import scan_command
from consult.reports.cli import report_group
from consult.results.purge_watch import record_run
from consult.results.service import purge, stale_drafts
from consult.safeguarding.alerts import unsent


@click.group("db", help="Database schema (Alembic).")
def db_group() -> None:
    pass


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Upgrade the database schema to REVISION (default: the newest)."""
    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database upgraded to {revision}")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Downgrade the database schema to REVISION."""
    downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database downgraded to {revision}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo consultation (once; running it again changes nothing)."""
    consultation, created = load_demo(db(), now_utc(), current_app.config["SECRET_KEY"])
    if not helplines.listing(db()):
        helplines.import_yaml(db(), HELPLINES_YAML.read_text(encoding="utf-8"),
                              actor_label="consult demo")
    db().commit()
    verb = "loaded" if created else "already present:"
    click.echo(f"demo consultation {verb} {consultation.slug}")
    live = active_session(db(), consultation.id)
    if live is not None:
        click.echo(f"live session: join at /live/{consultation.slug} or /live with code "
                   f"{live.join_code}; room screen at /live/{consultation.slug}/screen")


@click.group("users", help="Staff accounts.")
def users_group() -> None:
    pass


ROLE_OPTION = click.option("--role", "roles", multiple=True, required=True,
                           type=click.Choice(["moderator", "safeguarding", "chair", "admin"]),
                           help="Repeat for several roles.")


@users_group.command("create")
@click.option("--email", required=True)
@ROLE_OPTION
@with_appcontext
def users_create(email: str, roles: tuple[str, ...]) -> None:
    """Create a staff user; the password is prompted for, or read from stdin."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user = auth_service.create_user(db(), email, password, list(roles))
    except auth_service.UserExistsError:
        raise click.ClickException(f"a staff user with email {email} already exists") from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    db().commit()
    click.echo(f"created {user.email} ({', '.join(user.roles)})")
    click.echo("Add this to an authenticator app (or scan the QR at first sign-in):")
    click.echo(auth_service.provisioning_uri(user))


@users_group.command("invite")
@click.option("--email", required=True)
@ROLE_OPTION
@with_appcontext
def users_invite(email: str, roles: tuple[str, ...]) -> None:
    """Print a one-time enrolment link for a new staff member (valid 7 days), who
    then sets their own password and second factor. Audited."""
    try:
        made = invitations.invite(db(), email, list(roles), actor_id=None, actor_label="cli",
                                  now=now_utc())
    except auth_service.UserExistsError:
        raise click.ClickException(f"a staff user with email {email} already exists") from None
    db().commit()
    base = current_app.config.get("BASE_URL") or ""
    click.echo(f"invitation for {made.invitation.email} ({', '.join(made.invitation.roles)}), "
               f"valid until {made.invitation.expires_at.date().isoformat()}; send this link:")
    click.echo(f"{base}/staff/invite?token={made.token}")
    if not base:
        click.echo("(set CONSULT_BASE_URL to print the whole address)", err=True)


@click.group("groups", help="Group codes for participants under the independent age.")
def groups_group() -> None:
    pass


@groups_group.command("create")
@click.option("--consultation", "slug", required=True)
@click.option("--label", required=True, help="The school or youth organisation.")
@click.option("--attested-by", required=True,
              help="Who attests that guardian consent was collected.")
@with_appcontext
def groups_create(slug: str, label: str, attested_by: str) -> None:
    """Print a new group code for a consultation."""


    # Staff may issue codes for a draft too, before it opens.
    consultation = db().scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None:
        raise click.ClickException(f"no consultation with slug {slug}")
    if not label.strip() or not attested_by.strip():
        raise click.ClickException("--label and --attested-by must not be empty")
    _group, code = create_group(db(), consultation, label, attested_by,
                                current_app.config["SECRET_KEY"])
    db().commit()
    click.echo(f"group code for {label.strip()}: {code}")
    click.echo("Only a hash is kept: write it down now, it cannot be shown again.")


@groups_group.command("revoke")
@click.argument("code")
@with_appcontext
def groups_revoke(code: str) -> None:
    """End a group code: nobody can start with it any more."""
    try:
        group = revoke_group(db(), current_app.config["SECRET_KEY"], code)
    except GroupNotFoundError:
        raise click.ClickException("no group has that code") from None
    db().commit()
    click.echo(f"revoked the group code of {group.label}")


@click.group("consultations", help="Consultation definitions (YAML).")
def consultations_group() -> None:
    pass


@consultations_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a consultation with the same slug.")
@with_appcontext
def consultations_import(file: Path, replace: bool) -> None:
    """Validate FILE and import all of it, or nothing."""
    try:
        consultation = import_definition(db(), file.read_text(encoding="utf-8"),
                                         replace=replace)
    except DefinitionError as exc:
        db().rollback()
        for problem in exc.problems:
            click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s); nothing was imported"
                                   ) from None
    except SlugTakenError as exc:
        db().rollback()
        raise click.ClickException(f"a consultation with slug {exc} exists; change the slug "
                                   "or pass --replace") from None
    except ConsultationInUseError as exc:
        db().rollback()
        raise click.ClickException(f"{exc} already has submissions; --replace would delete "
                                   "them, so nothing was imported") from None
    db().commit()
    click.echo(f"imported {consultation.slug} with {len(consultation.questions)} questions")
    _print_readability(file)


def _print_readability(file: Path) -> int:

    warnings = lint(parse(file.read_text(encoding="utf-8")))
    for warning in warnings:
        click.echo(f"{file}: warning: {warning}", err=True)
    return len(warnings)


@consultations_group.command("lint")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def consultations_lint(file: Path) -> None:
    """Check FILE as import would, and warn where wording reads above a band's level."""
    try:
        parse(file.read_text(encoding="utf-8"))
    except DefinitionError as exc:
        for problem in exc.problems:
            click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s)") from None
    count = _print_readability(file)
    click.echo(f"{file}: valid; {count} readability warning(s)")


@consultations_group.command("export-def")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def consultations_export(slug: str, output: Path | None) -> None:
    """Write the definition of SLUG as YAML (to stdout, or to -o FILE)."""


    consultation = db().scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None:
        raise click.ClickException(f"no consultation with slug {slug}")
    text = export_definition(consultation)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@consultations_group.group("translation", help="Translation round trip (PO files).")
def translation_group() -> None:
    pass


def _by_slug(slug: str) -> Consultation:
    consultation = db().scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None:
        raise click.ClickException(f"no consultation with slug {slug}")
    return consultation


@translation_group.command("export")
@click.argument("slug")
@click.option("--lang", required=True, help="The language to translate into.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def translation_export(slug: str, lang: str, output: Path | None) -> None:
    """Write the texts of SLUG to translate into LANG as a PO file."""
    consultation = _by_slug(slug)
    try:
        body = translation.export_po(consultation, lang)
    except translation.TranslationError as exc:
        raise click.ClickException(str(exc)) from None
    record(db(), "consultation.translation_export", actor_label="cli",
           object_type="consultation", object_id=consultation.id,
           detail={"slug": slug, "language": lang})
    db().commit()
    if output:
        output.write_bytes(body)
    else:
        sys.stdout.buffer.write(body)


@translation_group.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@with_appcontext
def translation_import(slug: str, file: Path, dry_run: bool) -> None:
    """Check a translated PO FILE, show each text it changes, and apply it (all or nothing)."""
    consultation = _by_slug(slug)
    data = file.read_bytes()
    try:
        reading = translation.read_translation(consultation, data)
        for change in reading.changes:
            click.echo(f"{change.unit.note} [{change.unit.context}]")
            click.echo(f"  - {change.before or '(no text yet)'}")
            click.echo(f"  + {change.after}")
        if not dry_run:
            translation.apply_translation(db(), consultation, data, seen_revision=None,
                                          actor_id=None, actor_label="cli")
    except translation.TranslationError as exc:
        db().rollback()
        for problem in exc.problems:
            click.echo(f"{file}: {problem}", err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s); nothing was changed"
                                   ) from None
    if dry_run:
        click.echo(f"{len(reading.changes)} text(s) would change; nothing was changed")
        return
    db().commit()
    click.echo(f"{len(reading.changes)} text(s) in {reading.lang} saved; "
               f"{len(reading.untranslated)} untranslated, {len(reading.fuzzy)} marked fuzzy "
               "and left as they were")


@click.group("alerts", help="Safeguarding alerts by email.")
def alerts_group() -> None:
    pass


@alerts_group.command("send")
@with_appcontext
def alerts_send() -> None:
    """Send the safeguarding alerts not sent yet (safe from cron, e.g. every 5 minutes);
    exits with 1 while some still cannot be sent."""
    outcome = current_app.extensions["consult.alert_sender"].run()
    click.echo(f"sent {outcome.sent}, failed {outcome.failed}")
    waiting = unsent(db())
    if waiting:
        click.echo(f"{len(waiting)} case(s) still have alerts not sent", err=True)
        raise SystemExit(1)


@click.group("helplines", help="The helplines shown to participants.")
def helplines_group() -> None:
    pass


@helplines_group.command("import")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path))
@with_appcontext
def helplines_import(file: Path | None) -> None:
    """Add the helplines of FILE (default: the list that comes with consult) that the
    table does not have yet (same country, region and name); edits are kept."""
    path = file or HELPLINES_YAML
    try:
        added = helplines.import_yaml(db(), path.read_text(encoding="utf-8"),
                                      actor_label=f"consult helplines import {path.name}")
    except helplines.HelplineError as error:
        raise click.ClickException(str(error)) from None
    db().commit()
    click.echo(f"added {added} helplines from {path}")


@helplines_group.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def helplines_export(output: Path | None) -> None:
    """Write the helplines in service as YAML, in the format import reads."""
    emails = {id_: email for id_, email in db().execute(
        select(auth_service.StaffUser.id, auth_service.StaffUser.email))}
    text = helplines.export_yaml(db(), emails)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


def register(app: Flask) -> None:
    for command in (db_group, demo_command, users_group, groups_group, consultations_group,
                    purge_command, report_group, meetings_group,
                    alerts_group, helplines_group):
        app.cli.add_command(command)
    app.cli.add_command(export_command)
    app.cli.add_command(scan_command)


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Print what would be deleted; delete nothing.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Delete raw free text retention-days after publication; safe from cron
    (docs/privacy.md#rule-6)."""
    now = now_utc()
    drafts = stale_drafts(db(), now)
    plans = purge(db(), now, dry_run=dry_run)
    if not dry_run:
        # Every run, even one with nothing due: the dashboard checks it is running.
        record_run(db(), len(plans))
        db().commit()
    verb = "would delete" if dry_run else "deleted"
    for plan in plans:
        click.echo(f"{plan.slug}: {verb} the free text of {plan.answers} answers "
                   f"(due {plan.due.date().isoformat()}); the published snapshot stays")
    click.echo(f"{verb} {drafts} unfinished drafts older than two days")
    if not plans:
        click.echo("no consultation is due for purge")
