"""Run the dashboard: `python app.py` serves on HOST:PORT (default 127.0.0.1:8050) with the
database at DATABASE_URL (default: a SQLite file under data/), created if needed and filled
when it holds no observations with the official national R&D series (data/official) and the
simulated detail of the demo province (LOAD_DEMO=0 turns that off).
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from config import Settings, check_serving

log = logging.getLogger("app")


def prepare_database(settings: Settings) -> Engine:
    """Create or migrate the database; load the demo data into an empty one if allowed."""
    from db.queries import has_observations
    from metrics.refresh import open_database

    engine = open_database(settings.database_url)
    if settings.load_demo_if_empty and not has_observations(engine):
        from etl.demo import load_demo
        from etl.official import load_official

        log.info("Empty database: loading the official national R&D series (NBS bulletins) and "
                 "the simulated demo province (LOAD_DEMO=0 to skip)")
        load_official(engine)
        load_demo(engine)
    return engine


def build_app(settings: Settings | None = None, host: str | None = None):
    """The app from the environment, on a prepared database (also wsgi.py's entry). Refuses
    (config.UnsafeConfiguration) a configuration that would let sessions be forged, before it
    touches the database; host: the address served on, when not settings.host."""
    from dashboard.app import create_app
    from dashboard.server.logs import cap_logged_text
    from db.session import checkpoint_in_background

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    cap_logged_text()
    settings = settings or Settings.from_env()
    check_serving(settings, host)
    engine = prepare_database(settings)
    # A server lives long enough to copy SQLite's log back after an upload, off its path.
    checkpoint_in_background(settings.database_url)
    return create_app(settings, engine)


def main() -> None:
    settings = Settings.from_env()
    build_app(settings).run(host=settings.host, port=settings.port, debug=False)


if __name__ == "__main__":
    main()
