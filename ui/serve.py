"""What `fazhi ui` runs: the app (ui/app.py) as a Streamlit st.App with the internal endpoints
gated (ui/endpoints.py). `streamlit run ui/serve.py` finds `app` and serves it."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/serve.py` from a checkout without an install
    sys.path.insert(0, str(ROOT))

from ui.endpoints import InternalEndpointsGate  # noqa: E402

app = st.App(str(Path(__file__).with_name("app.py")), middleware=[Middleware(InternalEndpointsGate)])
