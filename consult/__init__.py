"""consult: youth consultations for the ITU Council Working Group on Child Online Protection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    from consult import config as settings
    from consult import extensions, web
    from consult.consultations.cache import ConsultationCache
    from consult.db import make_engine, make_session_factory
    from consult.live.poll import StatePoll
    from consult.live.service import StepCache

    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"), instance_path=str(settings.INSTANCE))
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

    from consult.admin.views import bp as admin_bp
    from consult.auth.views import bp as auth_bp
    from consult.chair.views import bp as chair_bp
    from consult.help.views import bp as help_bp
    from consult.live.staff_views import chair_bp as live_chair_bp
    from consult.live.staff_views import moderate_bp as live_moderate_bp
    from consult.live.views import bp as live_bp
    from consult.moderate.views import bp as moderate_bp
    from consult.participate.views import bp as participate_bp
    from consult.results.views import bp as results_bp
    from consult.safeguarding.views import bp as safeguarding_bp
    from consult.staff.views import bp as staff_bp
    from consult.themes.views import bp as themes_bp

    for bp in (participate_bp, help_bp, auth_bp, staff_bp, moderate_bp, safeguarding_bp,
               admin_bp, results_bp, chair_bp, themes_bp, live_bp, live_chair_bp,
               live_moderate_bp):
        app.register_blueprint(bp)

    # The phones' poll is answered before Flask (see consult/live/poll.py).
    app.wsgi_app = StatePoll(app.wsgi_app, app.extensions["consult.live_steps"],  # type: ignore
                             web.SECURITY_HEADERS)

    from consult.cli import register

    register(app)
    return app
