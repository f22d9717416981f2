"""Sentences that address a language model rather than a reader: the one place that knows them.

Library text and facts are data. A published report never tells its reader to ignore earlier
instructions, print a system prompt or an API key, or take on a new role; text that does was
planted for the model that drafts from it. Such sentences are found here, dropped before any
prompt, and reported as a warning on the document at ingest."""

from __future__ import annotations

import re
import secrets

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』]?|\n|$)")
_ADDRESSES_MODEL = re.compile(
    "|".join(
        (
            r"(?:忽略|无视|忘记|忘掉|不要理会|不必理会|不要遵守|跳过)(?:掉)?"
            r"(?:你|之前|以上|上述|前面|此前|先前|所有|全部|一切|原有|原来|这些)[^。！？\n]{0,14}"
            r"(?:指令|指示|提示|要求|规则|设定|约束|限制)",
            r"系统提示词|系统提示语|系统指令|系统消息|系统设定|提示词内容|(?:输出|泄露|告诉我|显示)(?:你的)?提示词",
            r"接口密钥|API\s*[-_]?\s*key|api[-_ ]?密钥|访问令牌|secret\s*key",
            r"system\s*prompt|ignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier)"
            r"|disregard\s+(?:all\s+|the\s+)?(?:previous|prior|above)|you\s+are\s+now|act\s+as\s+an?\b",
            r"你现在是|你现在扮演|从现在(?:起|开始)你|你的新(?:任务|角色|身份)|请扮演|假装你是|作为(?:一个)?AI",
            r"在(?:报告|正文|文中|本部分|草稿|输出)[^。！？\n]{0,6}(?:写入|加入|插入|写上|注明)",
        )
    ),
    re.IGNORECASE,
)
# Lines that mark a chat role or a prompt block: `### system`, <|im_start|>, [INST], 【系统】…
_ROLE_MARKER = re.compile(
    r"^\s*(?:#{1,6}\s*(?:system|user|assistant|系统|用户|助手)\b"
    r"|<\|?/?(?:im_start|im_end|system|user|assistant|endoftext)\|?>"
    r"|\[/?(?:INST|SYS)\]|<</?SYS>>"
    r"|(?:system|assistant|user|系统|助手)\s*[:：]"
    r"|【\s*(?:系统|system|指令|助手)[^】]{0,6}】)",
    re.IGNORECASE,
)
# Block fences the prompts use; quoted material must not carry its own.
_FENCES = (("<<<", "＜＜＜"), (">>>", "＞＞＞"))


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s]


def addresses_model(sentence: str) -> bool:
    """Whether one sentence or line speaks to the model (an instruction, a role marker)."""
    return bool(_ROLE_MARKER.search(sentence) or _ADDRESSES_MODEL.search(sentence))


def injected_sentences(text: str) -> list[str]:
    """The sentences of `text` that address the model, as written (stripped)."""
    return [s.strip() for s in _sentences(text) if s.strip() and addresses_model(s)]


def without_injection(text: str) -> str:
    """`text` with every sentence that addresses the model dropped and block fences defused."""
    kept = "".join(s for s in _sentences(text) if not (s.strip() and addresses_model(s)))
    return defuse_fences(kept)


def defuse_fences(text: str) -> str:
    """<<< and >>> as full-width look-alikes, so quoted text cannot open or close a prompt block."""
    for fence, look_alike in _FENCES:
        text = text.replace(fence, look_alike)
    return text


def block_tag() -> str:
    """A fresh random tag for one request's quoted blocks: text written before the request
    cannot know it, so cannot close its block."""
    return secrets.token_hex(4)


def injection_warning(text: str) -> str:
    """The ingest warning for a document with sentences that address the model ("" when none)."""
    found = injected_sentences(text)
    if not found:
        return ""
    sample = found[0] if len(found[0]) <= 40 else found[0][:40] + "…"
    return (
        f"文中有 {len(found)} 句像是写给大模型的指令（如“{sample}”），起草时不会交给模型："
        "请核对这份文件的来源。"
    )
