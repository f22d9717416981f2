"""Login throttling per address and overall, the expiry notice, loopback by address, and
Streamlit's internal endpoints off loopback (issue 20, point 6)."""

from __future__ import annotations

import logging
import socket

import pytest
import streamlit as st
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from streamlit.config import set_option
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT
from ui import auth
from ui.endpoints import InternalEndpointsGate
from ui.loopback import is_loopback_host
from ui.throttle import FREE_TRIES, OVERALL_FREE_TRIES, LoginThrottle

APP = str(ROOT / "ui" / "app.py")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_address_waits_after_its_free_tries_and_the_wait_doubles_and_is_logged(caplog):
    clock = Clock()
    throttle = LoginThrottle(clock)
    with caplog.at_level(logging.WARNING, logger="ui.throttle"):
        for _ in range(FREE_TRIES):
            assert throttle.wait_seconds("10.0.0.5") == 0
            throttle.failed("10.0.0.5")
    assert throttle.wait_seconds("10.0.0.5") == 2.0 and throttle.wait_seconds("10.0.0.6") == 0
    throttle.failed("10.0.0.5")
    assert throttle.wait_seconds("10.0.0.5") == 4.0
    clock.now += 4.0
    assert throttle.wait_seconds("10.0.0.5") == 0
    assert "failed UI login from 10.0.0.5" in caplog.text
    throttle.succeeded("10.0.0.5")
    assert throttle.wait_seconds("10.0.0.5") == 0


def test_many_addresses_guessing_together_make_everyone_wait():
    clock = Clock()
    throttle = LoginThrottle(clock)
    for n in range(OVERALL_FREE_TRIES):
        throttle.failed(f"10.0.1.{n}")
    assert throttle.wait_seconds("10.0.2.1") > 0
    clock.now += 3600
    assert throttle.wait_seconds("10.0.2.1") == 0


def test_loopback_is_decided_on_the_resolved_address_not_the_name(monkeypatch):
    assert is_loopback_host("127.0.0.1") and is_loopback_host("::1") and is_loopback_host("127.0.0.2")
    assert not is_loopback_host("") and not is_loopback_host("0.0.0.0") and not is_loopback_host("10.1.2.3")
    answers = {"127.intranet.example": "10.9.8.7", "localhost": "127.0.0.1"}

    def resolve(host, *args, **kwargs):
        if host not in answers:
            raise socket.gaierror("unknown")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert not is_loopback_host("127.intranet.example") and is_loopback_host("localhost")
    assert not is_loopback_host("no-such-host")


def gated(host: str) -> TestClient:
    def ok(request):
        return PlainTextResponse("ok")

    routes = [Route(p, ok) for p in ("/_stcore/metrics", "/_stcore/host-config", "/_stcore/health")]
    app = Starlette(routes=routes, middleware=[Middleware(InternalEndpointsGate, host=lambda: host)])
    return TestClient(app)


def test_internal_endpoints_answer_nobody_when_served_beyond_loopback():
    client = gated("0.0.0.0")
    assert client.get("/_stcore/metrics").status_code == 404
    assert client.get("/_stcore/host-config").status_code == 404
    assert client.get("/_stcore/health").text == "ok"
    assert gated("127.0.0.1").get("/_stcore/metrics").text == "ok"


def test_the_served_app_is_the_gated_one():
    assert 'ui" / "serve.py' in (ROOT / "assistant" / "cli" / "library_commands.py").read_text(
        encoding="utf-8"
    )
    assert "InternalEndpointsGate" in (ROOT / "ui" / "serve.py").read_text(encoding="utf-8")


@pytest.fixture
def off_loopback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    monkeypatch.setenv("FAZHI_UI_PASSWORD", "right-one")
    monkeypatch.setattr(auth, "THROTTLE", LoginThrottle())
    set_option("server.address", "0.0.0.0")
    st.cache_resource.clear()
    yield
    set_option("server.address", "127.0.0.1")
    st.cache_resource.clear()


def login(at: AppTest, password: str) -> AppTest:
    at.text_input(key="ui_password").input(password)
    return at.button[0].click().run()


def test_the_page_stops_checking_passwords_after_too_many_failures(off_loopback):
    at = AppTest.from_file(APP, default_timeout=30).run()
    for _ in range(FREE_TRIES):
        assert "密码不正确" in login(at, "wrong").error[0].value
    assert "密码错误次数过多" in login(at, "right-one").error[0].value
    assert [t.key for t in at.text_input] == ["ui_password"]


def test_an_expired_login_shows_the_expiry_notice(off_loopback):
    at = login(AppTest.from_file(APP, default_timeout=30).run(), "right-one")
    assert at.session_state[auth.AUTH_KEY] > 0
    at.session_state[auth.AUTH_KEY] = 1.0  # long past
    at.run()
    assert any("登录已过期" in i.value for i in at.info) and [t.key for t in at.text_input] == ["ui_password"]
