"""A password in front of the UI when it is served beyond this machine.

Bound to a loopback address (the default) nothing changes. Bound to any other address the page
asks for FAZHI_UI_PASSWORD first, and refuses to serve at all when it is not set. A login lasts
FAZHI_UI_SESSION_MINUTES (default 480) in that browser tab's session; a reload asks again.
Failed logins are slowed per client address and overall (ui/throttle.py) and logged."""

from __future__ import annotations

import hmac
import os
import time

import streamlit as st

from ui.loopback import is_loopback_host
from ui.throttle import THROTTLE

AUTH_KEY = "ui_login_until"
EXPIRED_KEY = "ui_login_expired"
DEFAULT_MINUTES = 480


def served_beyond_loopback() -> bool:
    # Streamlit with no address listens on every interface.
    return not is_loopback_host(str(st.get_option("server.address") or ""))


def client_address() -> str:
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        return "unknown"
    return address if isinstance(address, str) and address else "unknown"


def session_minutes() -> float:
    try:
        return max(1.0, float(os.environ.get("FAZHI_UI_SESSION_MINUTES", DEFAULT_MINUTES)))
    except ValueError:
        return DEFAULT_MINUTES


def gate() -> None:
    """Stop the run unless this session may see the app."""
    if not served_beyond_loopback():
        return
    password = os.environ.get("FAZHI_UI_PASSWORD", "")
    if not password:
        st.error(
            "界面绑定在本机以外的地址上，但没有设置访问密码：为保护资料和草稿，已拒绝访问。"
            "请设置环境变量 FAZHI_UI_PASSWORD 后重新启动，或改回默认地址 127.0.0.1。"
        )
        st.stop()
    until = st.session_state.get(AUTH_KEY, 0.0)
    if until > time.time():
        return
    if until:  # logged in once in this tab, and the login ran out
        st.session_state.pop(AUTH_KEY, None)
        st.session_state[EXPIRED_KEY] = True
    _login(password)
    st.stop()


def _login(password: str) -> None:
    st.title("法治政府建设年度报告写作助手")
    if st.session_state.get(EXPIRED_KEY):
        st.info("登录已过期，请重新输入密码。")
    with st.form("ui_login"):
        given = st.text_input("访问密码", type="password", key="ui_password")
        submitted = st.form_submit_button("登录", type="primary")
    if not submitted:
        return
    address = client_address()
    wait = THROTTLE.wait_seconds(address)
    if wait > 0:
        st.error(f"密码错误次数过多，请在 {max(1, round(wait))} 秒后再试。")
        return
    if hmac.compare_digest(given.encode(), password.encode()):
        THROTTLE.succeeded(address)
        st.session_state.pop(EXPIRED_KEY, None)
        st.session_state[AUTH_KEY] = time.time() + session_minutes() * 60
        st.rerun()
    THROTTLE.failed(address)
    time.sleep(1.0)  # slows guessing
    st.error("密码不正确，请重新输入。")
