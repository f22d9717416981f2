"""kill -9 at every step of add and remove (the CLI's FAZHI_TEST_CRASH_AT hook), then reopen:
nothing lost, no orphan chunk in Chroma or in search, no half document — every time."""

import sys

import pytest

from assistant.library.facade import ADD_STEPS, REMOVE_STEPS
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import reliability_crash  # noqa: E402

# Killed before the record is written: the document is not there; after: it is, whole.
EXPECTED = {
    "add:begin": "gone",
    "add:chunks": "gone",
    "add:record": "present",
    "add:end": "present",
    **{step: "gone" for step in REMOVE_STEPS},
}


@pytest.fixture(scope="module")
def crashes():
    return reliability_crash.run(ADD_STEPS + REMOVE_STEPS)["points"]


@pytest.mark.parametrize("step", ADD_STEPS + REMOVE_STEPS)
def test_a_command_killed_at_a_step_leaves_whole_documents_only(crashes, step):
    point = crashes[step]
    assert point["killed"], point.get("stderr")
    assert (point["lost"], point["orphans"], point["half"]) == (0, 0, 0)
    assert point["outcome"] == EXPECTED[step]
