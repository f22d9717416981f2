"""The one "no phone home" set-up, run first by every edge (the CLI, the UI, the test suite): no
model downloads from the Hugging Face hub, no Chroma telemetry, no LangSmith tracing of prompts."""

from __future__ import annotations

import os

# langchain sends prompts to LangSmith when these are set; a government tool must not.
TRACING_VARIABLES = ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING", "LANGSMITH_API_KEY")
# huggingface_hub contacts its hub even for local models unless told it is offline; Chroma reports
# usage unless told not to. setdefault: a user who sets one on purpose keeps it.
OFFLINE_DEFAULTS = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}


def go_offline() -> None:
    for name in TRACING_VARIABLES:
        os.environ.pop(name, None)
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)
