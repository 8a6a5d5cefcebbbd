"""Talking to the app over HTTP as a browser does: the first page sets the CSRF cookie (and
makes Dash register its callbacks), forms and callbacks send the token back, users sign in."""

from __future__ import annotations

PASSWORD = "correct horse battery"


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
