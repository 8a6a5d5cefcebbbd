"""Talking to the app over HTTP as a browser does: the first page sets the CSRF cookie (and
makes Dash register its callbacks), forms and callbacks send the token back, users sign in."""

from __future__ import annotations

from config import Settings
from db.accounts import add_user

PASSWORD = "correct horse battery"
LUAN = "341500"


def app_with_accounts(engine, **settings):
    """The app on engine with an uploader for 六安市 (luan), an admin (boss), a viewer (reader)."""
    from dashboard.app import create_app

    add_user(engine, "luan", PASSWORD, "uploader", [LUAN])
    add_user(engine, "boss", PASSWORD, "admin")
    add_user(engine, "reader", PASSWORD, "viewer")
    return create_app(Settings(database_url="sqlite://unused", secret_key="test",
                               load_demo_if_empty=False, **settings), engine)


def browser_client(app):
    """A test client that has opened the first page, as a browser has before it posts."""
    client = app.server.test_client()
    client.get("/")
    return client


def csrf(client) -> str:
    return client.get_cookie("_csrf_token").value


def sign_in(client, name: str, password: str = PASSWORD, next_page: str = "/"):
    return client.post("/login", data={"name": name, "password": password,
                                       "_csrf_token": csrf(client), "next": next_page})


# The shell's callback (dashboard.layout.update_shell), its outputs in its order.
SHELL_OUTPUTS = [("brand-title", "children"), ("brand-link", "href"), ("nav-links", "children"),
                 ("nav-account", "children"), ("lang-zh", "href"), ("lang-en", "href"),
                 ("lang-zh", "className"), ("lang-en", "className"), ("demo-banner", "children"),
                 ("footer", "children")]


def shell_request(pathname="/", search="") -> dict:
    """The body the renderer posts for the shell on a page load."""
    return {"output": ".." + "...".join(f"{i}.{p}" for i, p in SHELL_OUTPUTS) + "..",
            "outputs": [{"id": i, "property": p} for i, p in SHELL_OUTPUTS],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"]}
