"""The application factory, and the `consult` command that wraps it.

Every blueprint is defined in its package's ``__init__`` and gets its routes
from that package's views modules, imported here: the one place that knows
every part of the web side (docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.cli import FlaskGroup

from consult import (
    admin,
    auth,
    author,
    chair,
    cli,
    extensions,
    help,
    live,
    meetings,
    moderate,
    participate,
    progress,
    results,
    safeguarding,
    staff,
    themes,
    web,
)
from consult import config as settings
from consult.admin import staff_views as admin_staff_views  # noqa: F401  (routes)
from consult.admin import views as admin_views  # noqa: F401
from consult.auth import views as auth_views  # noqa: F401
from consult.author import preview_views  # noqa: F401
from consult.author import views as author_views  # noqa: F401
from consult.chair import group_views as chair_group_views  # noqa: F401
from consult.chair import translation_views as chair_translation_views  # noqa: F401
from consult.chair import views as chair_views  # noqa: F401
from consult.consultations.cache import ConsultationCache
from consult.db import make_engine, make_session_factory
from consult.help import staff_views as help_staff_views  # noqa: F401
from consult.help import views as help_views  # noqa: F401
from consult.live import staff_views as live_staff_views  # noqa: F401
from consult.live import views as live_views  # noqa: F401
from consult.live.poll import StatePoll, StepCache
from consult.meetings import views as meetings_views  # noqa: F401
from consult.moderate import views as moderate_views  # noqa: F401
from consult.participate import return_views  # noqa: F401
from consult.progress import views as progress_views  # noqa: F401
from consult.results import views as results_views  # noqa: F401
from consult.safeguarding import views as safeguarding_views  # noqa: F401
from consult.staff import views as staff_views  # noqa: F401
from consult.themes import views as themes_views  # noqa: F401

BLUEPRINTS = (participate.bp, help.bp, auth.bp, auth.account_bp, staff.bp, moderate.bp,
              safeguarding.bp, admin.bp, results.bp, chair.bp, chair.translation_bp,
              themes.bp, live.bp, live.chair_bp, live.moderate_bp, meetings.bp, author.bp,
              progress.bp, help.staff_bp)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask("consult", template_folder=str(settings.ROOT / "templates"),
                static_folder=str(settings.ROOT / "static"),
                instance_path=str(settings.INSTANCE))
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)

    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["consult.engine"] = engine
    app.extensions["consult.session"] = make_session_factory(engine)
    app.extensions["consult.consultations"] = ConsultationCache()
    app.extensions["consult.live_steps"] = StepCache(engine)

    extensions.init_app(app)
    web.init_app(app)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    # The phones' poll is answered before Flask (see consult/live/poll.py).
    app.wsgi_app = StatePoll(app.wsgi_app, app.extensions["consult.live_steps"],  # type: ignore
                             web.SECURITY_HEADERS)
    cli.register(app)
    return app


main = FlaskGroup(name="consult", create_app=create_app, add_default_commands=False,
                  help="consult: youth consultations for CWG-COP.")
