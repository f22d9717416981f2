"""Parts saved to the drafts store as the model finishes them, so a reload or a closed tab during
drafting loses nothing: the draft reopens with the parts done, marked 中断, and 继续起草余下部分
drafts the rest. The saves share one version (DRAFTING_REASON) that the finished draft replaces."""

from __future__ import annotations

import logging

from assistant.drafts.store import DRAFTING_REASON, DraftStore, DraftStoreError
from assistant.text.sections import standard_title
from assistant.types import Draft, DraftMode, DraftPart, DraftRequest, Hit

log = logging.getLogger(__name__)
INTERRUPTED = "起草中断：已保存此前完成的部分。请点击“继续起草余下部分”完成其余部分。"


class PartialSaver:
    def __init__(
        self,
        store: DraftStore,
        request: DraftRequest,
        mode: DraftMode,
        saved_id: str = "",
        *,
        source: str = "",
        outline: dict | None = None,
    ) -> None:
        self.store, self.request, self.mode = store, request, mode
        self.saved_id, self.source = saved_id, source
        self.outline = outline  # the edited 提纲's JSON, saved with the draft for 继续起草 after a reload
        self.outline_saved = False
        self.headings: dict[str, str] = {}
        self.parts: list[DraftPart] = []

    def started(self, key: str, heading: str) -> None:
        self.headings[key] = heading

    def done(self, key: str, text: str, precedents: dict[str, list[Hit]] | None = None) -> None:
        """Part `key` is finished: save the parts so far as the draft's 起草中 version."""
        self.parts = [p for p in self.parts if p.key != key]
        self.parts.append(DraftPart(key, self.headings.get(key, key), text))
        r = self.request
        draft = Draft(standard_title(r.unit, r.year), r.unit, r.year, self.mode, tuple(self.parts),
                      errors=(INTERRUPTED,))  # fmt: skip
        try:
            if self.saved_id:
                self.store.save_version(self.saved_id, draft, DRAFTING_REASON, r)
            else:
                self.saved_id = self.store.create(r, draft, DRAFTING_REASON, self.source).id
            if not self.outline_saved:
                self.store.save_outline(self.saved_id, self.outline)
                self.outline_saved = True
            if precedents:
                self.store.save_precedents(self.saved_id, precedents)
        except (OSError, DraftStoreError) as exc:  # saving is a safety net: drafting goes on
            log.warning("part %s not saved while drafting: %s", key, exc)
