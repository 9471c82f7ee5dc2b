"""`consult meetings create|edit|list`: the working group's meetings. Audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click
from flask.cli import with_appcontext

from consult.extensions import db
from consult.meetings.models import Meeting
from consult.meetings.service import (
    MeetingDetails,
    MeetingError,
    by_key,
    create_meeting,
    list_meetings,
    update_meeting,
)

ACTOR = "cli"


def _texts(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    out = {}
    for pair in pairs:
        lang, sep, text = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"write {option} LANG=TEXT, like {option} en=Geneva")
        out[lang.strip()] = text
    return out


def _detail_options(command: Any) -> Any:
    for decorator in reversed((
        click.option("--name", "names", multiple=True, metavar="LANG=TEXT",
                     help="The meeting's name in one language; repeat for each language."),
        click.option("--symbol", help="The ITU document symbol it is cited under."),
        click.option("--starts-on", type=click.DateTime(["%Y-%m-%d"]), help="First day."),
        click.option("--ends-on", type=click.DateTime(["%Y-%m-%d"]), help="Last day."),
        click.option("--place", "places", multiple=True, metavar="LANG=TEXT",
                     help="Where it sits, per language; repeat for each language."),
        click.option("--online/--not-online", default=None,
                     help="Whether it can be followed online."),
    )):
        command = decorator(command)
    return command


def _save(write: Callable[[], Meeting], verb: str) -> None:
    try:
        meeting = write()
    except MeetingError as exc:
        db().rollback()
        raise click.ClickException(str(exc)) from None
    db().commit()
    click.echo(f"{verb} meeting {meeting.key}")


def _day(value: Any) -> date | None:
    return value.date() if value is not None else None


@click.group("meetings", help="The working group's meetings.")
def meetings_group() -> None:
    pass


@meetings_group.command("create")
@click.argument("key")
@_detail_options
@with_appcontext
def meetings_create(key: str, names: tuple[str, ...], symbol: str | None, starts_on: Any,
                    ends_on: Any, places: tuple[str, ...], online: bool | None) -> None:
    """Create the meeting KEY (like cwg-cop-2027-geneva)."""
    details = MeetingDetails(key=key, names=_texts(names, "--name"), symbol=symbol,
                             starts_on=_day(starts_on), ends_on=_day(ends_on),
                             place=_texts(places, "--place"), online=bool(online))
    _save(lambda: create_meeting(db(), details, actor_label=ACTOR), "created")


@meetings_group.command("edit")
@click.argument("key")
@click.option("--new-key", help="A new key (definitions that name the old one must change).")
@_detail_options
@with_appcontext
def meetings_edit(key: str, new_key: str | None, names: tuple[str, ...], symbol: str | None,
                  starts_on: Any, ends_on: Any, places: tuple[str, ...],
                  online: bool | None) -> None:
    """Change the meeting KEY: only the details given change; a --name or
    --place given replaces that language's text."""
    meeting = by_key(db(), key)
    if meeting is None:
        raise click.ClickException(f"no meeting with key {key}")
    details = MeetingDetails.of(meeting)
    details.key = new_key or details.key
    details.names = {**details.names, **_texts(names, "--name")}
    details.place = {**details.place, **_texts(places, "--place")}
    details.symbol = symbol if symbol is not None else details.symbol
    details.starts_on = _day(starts_on) or details.starts_on
    details.ends_on = _day(ends_on) or details.ends_on
    details.online = details.online if online is None else online
    _save(lambda: update_meeting(db(), meeting, details, actor_label=ACTOR), "saved")


@meetings_group.command("list")
@with_appcontext
def meetings_list() -> None:
    """Every meeting, newest first: key, dates, symbol, place, name."""
    for meeting in list_meetings(db()):
        click.echo("\t".join((meeting.key, _dates(meeting), meeting.symbol or "-",
                              _where(meeting), meeting.name("en"))))


def _dates(meeting: Meeting) -> str:
    if meeting.starts_on is None:
        return "dates to be fixed"
    first = meeting.starts_on.isoformat()
    last = meeting.ends_on.isoformat() if meeting.ends_on else first
    return first if first == last else f"{first}..{last}"


def _where(meeting: Meeting) -> str:
    return " + ".join(filter(None, (meeting.place_name("en"),
                                    "online" if meeting.online else ""))) or "-"
