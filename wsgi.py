"""The WSGI entry point for production servers: `gunicorn -c gunicorn.conf.py wsgi:server`
(the bind address, worker class and timeouts are in gunicorn.conf.py).

With preload the database is migrated once, in gunicorn's master, before the workers fork
(db.session drops pooled connections in each child); everything workers share lives in the
database or on disk (staged uploads, the outline cache), never in process memory.

This is a deployment: unless APP_ENV says development, it is treated as production (no
anonymous browsing, no demo data, Secure cookies) and refuses to start without a strong
SECRET_KEY (config.check_serving).
"""

from app import build_app
from config import Settings

# Checked against HOST here; gunicorn.conf.py checks every address gunicorn binds as well.
app = build_app(Settings.from_env(deployed=True))
server = app.server
