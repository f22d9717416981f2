"""`assistant` exports the public API, each name imported from its owner on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

import assistant
from tests.helpers import ROOT


def test_every_exported_name_is_the_owners_object():
    from assistant.compose.drafter import Drafter
    from assistant.errors import ConfigError
    from assistant.library.facade import Library

    assert (assistant.Library, assistant.Drafter, assistant.ConfigError) == (Library, Drafter, ConfigError)
    assert all(getattr(assistant, name) is not None for name in assistant.__all__)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="NoSuchThing"):
        _ = assistant.NoSuchThing


def test_importing_the_package_loads_no_model_vector_store_or_settings_library():
    heavy = ("chromadb", "torch", "jieba", "langchain_core", "numpy", "pydantic_settings")
    code = f"import sys, assistant; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_fazhi_help_loads_no_model_vector_store_or_search():
    heavy = ("chromadb", "torch", "jieba", "langchain_core", "numpy", "docx")
    code = (
        "import sys\nfrom assistant.cli.args import build_parser\nbuild_parser()\n"
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
