"""Streamlit's own HTTP endpoints that say things about the server (/_stcore/metrics,
/_stcore/host-config) answer no one when the UI is served beyond this machine: they sit outside
the page's login, so they are switched off there (on loopback they stay for the developer)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ui.loopback import is_loopback_host

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]
INTERNAL_PATHS = ("/_stcore/metrics", "/_stcore/host-config")


def is_internal(path: str) -> bool:
    return any(path.rstrip("/").endswith(p) for p in INTERNAL_PATHS)


class InternalEndpointsGate:
    """ASGI middleware: 404 for the internal endpoints unless the server is bound to loopback."""

    def __init__(self, app: ASGIApp, host: Callable[[], str] | None = None) -> None:
        self.app = app
        self.host = host or _configured_host

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and is_internal(str(scope.get("path", ""))):
            if not is_loopback_host(self.host()):
                await _not_found(send)
                return
        await self.app(scope, receive, send)


def _configured_host() -> str:
    import streamlit as st

    return str(st.get_option("server.address") or "")


async def _not_found(send: Any) -> None:
    body = "此地址不对外提供。".encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": body})
