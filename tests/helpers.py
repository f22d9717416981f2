"""Shared test builders (imported by test modules; fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = sorted(SAMPLES.glob("*.txt"))


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict = {"data_dir": tmp_path / "data", "embedding": "fake", **overrides}
    return Settings(**values)
