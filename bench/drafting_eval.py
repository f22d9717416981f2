"""What a clerk gets from the three kinds of facts (tests/fixtures/model_answers/*/facts.txt):

    python bench/drafting_eval.py                → JSON on stdout and bench/results/drafting.json
    python bench/drafting_eval.py --library real  → the same against the seeds and the 67 dev-split
                                                     excerpts (72 real reports; needs ../shared/eval)

For each case, against a library of the sample reports (fake embedder, so the figures do not wait
for a model): the `约N字` each part's request asks for, the offline draft's length per part with
its 【待补充】 and copy findings, and the LLM draft's length per part when a scripted fake server
answers each part with the realistic model answer of tests/fixtures/model_answers (faults planted,
listed in its README) — with the kinds of finding the draft then carries and the repairs made.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import emit  # noqa: E402
from perf_startup import real_reports  # noqa: E402

from assistant.offline import go_offline  # noqa: E402
from tests.model_answers import ANSWERS, CASES, PART_MARKERS, TARGET, part_replies  # noqa: E402

go_offline()

from assistant.compose.drafter import Drafter  # noqa: E402
from assistant.compose.offline_outline import draft_length  # noqa: E402
from assistant.library.facade import Library  # noqa: E402
from assistant.llm.chat import chat_model_from_settings  # noqa: E402
from assistant.llm.fakes import FakeOpenAIServer  # noqa: E402
from assistant.search import PrecedentSearch  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.types import DraftRequest  # noqa: E402
from vectorstore.embeddings import FakeEmbedder  # noqa: E402


def _lengths(draft) -> dict[str, int]:  # noqa: ANN001
    return {part.key: len(part.text) for part in draft.parts}


def run_case(search: PrecedentSearch, data_dir: Path, case: str) -> dict:
    unit, level = CASES[case]
    facts = (ANSWERS / case / "facts.txt").read_text("utf-8")
    request = DraftRequest(unit=unit, year=2024, facts=facts, level=level)
    offline = Drafter(search, None).draft(request).draft
    with FakeOpenAIServer(["（本应只有起草请求）"], part_replies=part_replies(case)) as server:
        settings = Settings(
            data_dir=data_dir,
            embedding="fake",
            llm_base_url=server.base_url,
            llm_model="fake",
            llm_max_retries=0,
        )
        llm = Drafter(search, chat_model_from_settings(settings)).draft(request).draft
        asked = [TARGET.search(r.body["messages"][-1]["content"]) for r in server.chat_requests[:4]]
    return {
        "requested": dict(zip(PART_MARKERS, (int(m.group(1)) if m else 0 for m in asked), strict=True)),
        "offline": {
            "parts": _lengths(offline),
            "total": sum(_lengths(offline).values()),
            "length": draft_length(offline),  # what the clerk gets: preamble, part headings and parts
            "placeholders": sum(p.text.count("【待补充") for p in offline.parts),
            "placeholder_chars": sum(
                len(m) for p in offline.parts for m in re.findall(r"【待补充[^】]*】", p.text)
            ),
            "copy_findings": sum(f.kind == "copy" for f in offline.findings),
        },
        "llm": {
            "parts": _lengths(llm),
            "total": sum(_lengths(llm).values()),
            "findings": dict(Counter(f"{f.severity}:{f.kind}" for f in llm.findings)),
            "repairs": [(r.part, r.outcome) for r in llm.repairs],
        },
    }


def main(which: str = "samples") -> dict:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        library = Library(Settings(data_dir=data_dir, embedding="fake"), FakeEmbedder())
        reports = (
            real_reports(Path(folder) / "reports")
            if which == "real"
            else sorted((ROOT / "samples").glob("*.txt"))
        )
        library.add_paths(reports)
        search = PrecedentSearch(library)
        return {"library": {"kind": which, "documents": len(library.documents())}} | {
            case: run_case(search, data_dir, case) for case in CASES
        }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", choices=("samples", "real"), default="samples")
    which = parser.parse_args().library
    emit("drafting" if which == "samples" else "drafting_real", main(which))
