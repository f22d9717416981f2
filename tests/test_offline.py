"""go_offline: no LangSmith tracing, no hub downloads, no telemetry — a value the user set stays."""

from __future__ import annotations

import os

from assistant.offline import OFFLINE_DEFAULTS, TRACING_VARIABLES, go_offline


def test_tracing_variables_are_removed_and_the_offline_defaults_set(monkeypatch):
    for name in TRACING_VARIABLES:
        monkeypatch.setenv(name, "true")
    for name in OFFLINE_DEFAULTS:
        monkeypatch.delenv(name, raising=False)
    go_offline()
    assert not [name for name in TRACING_VARIABLES if name in os.environ]
    assert {name: os.environ[name] for name in OFFLINE_DEFAULTS} == OFFLINE_DEFAULTS


def test_an_offline_variable_the_user_set_is_kept(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    go_offline()
    assert os.environ["HF_HUB_OFFLINE"] == "0"
