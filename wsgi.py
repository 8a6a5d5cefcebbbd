"""The WSGI entry point for production servers: `gunicorn --preload -w 4 -b 0.0.0.0:8050 wsgi:server`.

With --preload the database is migrated once, in gunicorn's master, before the workers fork
(db.session drops pooled connections in each child); everything workers share lives in the
database or on disk (staged uploads, the outline cache), never in process memory.
"""

from app import build_app

app = build_app()
server = app.server
