"""Signing in and out through HTTP on a real database (SQLite and PostgreSQL): where the login
page sends a user afterwards (only a path on this site, in the language signed in with), where
signing out returns, and the login link every page builds (dashboard/server/login_urls.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from config import Settings
from dashboard.app import create_app
from dashboard.server.login_urls import login_href, safe_next, with_lang
from tests.web_client import PASSWORD, app_with_accounts, browser_client, csrf, sign_in

OFF_SITE = ["//evil.example/x", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
            "javascript:alert(1)", "evil.example/x", "/\t/evil.example", "/\n/evil.example",
            " //evil.example", "http:/evil.example"]


@pytest.fixture
def client(engine):
    return browser_client(app_with_accounts(engine))


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_never_sends_the_user_off_the_site(client, target):
    response = sign_in(client, "luan", next_page=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_signing_in_returns_to_the_page_with_its_query_in_the_language_signed_in_with(client):
    page = "/data?region=341500&indicator=rd_expenditure&selection=341500,340100"
    response = client.post("/login", data={"name": "luan", "password": PASSWORD, "next": page,
                                           "lang": "en", "_csrf_token": csrf(client)})
    assert response.headers["Location"] == page + "&lang=en"


def test_a_failed_sign_in_keeps_the_language_and_the_page_to_return_to(client):
    response = client.post("/login", data={"name": "luan", "password": "wrong password",
                                           "next": "/upload?lang=en", "_csrf_token": csrf(client)})
    assert response.status_code == 401
    assert '<html lang="en">' in response.text and "Wrong user name or password" in response.text
    assert 'name="next" value="/upload?lang=en"' in response.text


def test_the_login_page_speaks_the_language_of_the_page_it_came_from(client):
    english = client.get("/login?next=%2Fmap%3Flang%3Den").text
    assert '<html lang="en">' in english and 'id="brand-link"' in english
    assert 'href="/map?lang=en" id="login-back"' in english
    assert '<html lang="zh-CN">' in client.get("/login?next=/map").text


@pytest.mark.parametrize("target, back", [("/rankings?indicator=rd_expenditure&lang=en",
                                           "/rankings?indicator=rd_expenditure&lang=en"),
                                          ("//evil.example/x", "/"), (None, "/")])
def test_signing_out_returns_to_the_page_it_left_and_only_on_this_site(client, target, back):
    sign_in(client, "luan")
    form = {"_csrf_token": csrf(client)} | ({"next": target} if target else {})
    response = client.post("/logout", data=form)
    assert response.status_code == 302 and response.headers["Location"] == back
    assert "luan" not in client.get("/login").text, "signed out"


def test_a_page_that_needs_a_login_sends_its_whole_address_and_language_along(engine):
    settings = Settings(database_url="sqlite://unused", secret_key="test", allow_anonymous=False,
                        load_demo_if_empty=False)
    client = create_app(settings, engine).server.test_client()
    location = client.get("/rankings?region=341500&indicator=rd_expenditure&lang=en").headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert urlsplit(location).path == "/login" and query["lang"] == ["en"]
    assert query["next"] == ["/rankings?region=341500&indicator=rd_expenditure&lang=en"]


@pytest.mark.parametrize("target", OFF_SITE + ["", None, "/" + "x" * 3000])
def test_safe_next_refuses_what_a_browser_could_read_as_another_host(target):
    assert safe_next(target) == "/"


def test_the_language_of_the_return_page_is_set_and_the_rest_of_its_query_kept():
    assert with_lang("/compare?selection=341500,340100&lang=en", "zh") == "/compare?selection=341500,340100"
    assert with_lang("/compare?selection=341500,340100", "en") == "/compare?selection=341500,340100&lang=en"
    assert login_href("/upload?region=341500", "en") == (
        "/login?next=%2Fupload%3Fregion%3D341500%26lang%3Den&lang=en")
    assert login_href("https://evil.example/", "zh") == "/login?next=%2F"
