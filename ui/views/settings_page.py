"""设置: the LLM connection set up in the page (provider preset → base URL, model list from the
endpoint, key entered once and shown only as 已设置, 测试连接), saved to the data dir's settings
file; what is in force and where it came from; what stays offline."""

from __future__ import annotations

import os

import streamlit as st

from assistant import AssistantError, Settings
from assistant.llm.providers import BY_NAME, CUSTOM, PROVIDERS, key_for_listing, list_models, provider_for
from assistant.user_config import config_path, config_problem, read_config, write_config
from ui.components import escape, page
from ui.state import chat_model_or_error, get_settings, library_or_error, library_ready, reload_settings

NOTICE_KEY = "settings_notice"
MODELS_KEY = "settings_models"
OFFLINE_GUARANTEES = """\
- 不发送任何使用统计：界面和向量库的匿名统计均已关闭，大模型调用追踪变量在启动时清除。
- 浏览器不从外部加载任何字体、图标或脚本。
- 不在运行时下载任何模型：向量模型随程序安装，或从本机目录加载；分词词典随程序安装。
- 资料库、检索索引、草稿和本页的设置都保存在本机的资料库目录中（设置文件只有本机账户可读）。
- 唯一的对外网络请求是发往您配置的大模型接口；未配置时完全离线运行。
"""
LLM_VARIABLES = {
    "llm_base_url": "FAZHI_LLM_BASE_URL",
    "llm_model": "FAZHI_LLM_MODEL",
    "llm_api_key": "FAZHI_LLM_API_KEY",
}


@page
def render() -> None:
    st.title("设置")
    st.page_link("views/guide_page.py", label="不知道怎么填？打开使用说明（各服务商的设置步骤、内网使用）")
    settings = get_settings()
    notice = st.session_state.pop(NOTICE_KEY, "")
    if notice:
        st.success(escape(notice))
    _llm_form(settings)
    _llm_test()
    _current(settings)
    st.subheader("离线保证")
    st.markdown(OFFLINE_GUARANTEES)


def _from_environment() -> list[str]:
    return [var for var in LLM_VARIABLES.values() if os.environ.get(var)]


def _llm_form(settings: Settings) -> None:
    st.subheader("大模型接口")
    st.caption("选择服务商后填写接口密钥和模型名，保存即可；不配置时起草生成离线草稿。")
    env = _from_environment()
    if env:
        st.info(f"环境变量 {'、'.join(env)} 已设置：环境变量优先于本页保存的设置。")
    problem = config_problem(settings.data_dir)
    if problem:
        st.warning(escape(problem + "在本页重新保存即可替换它（原文件改名为 settings.json.damaged 保留）。"))
    saved = {} if problem else read_config(settings.data_dir)
    if "settings_provider" not in st.session_state:
        st.session_state["settings_provider"] = saved.get("llm_provider") or provider_for(
            settings.llm_base_url
        )
        st.session_state["settings_base_url"] = settings.llm_base_url
    names = [p.name for p in PROVIDERS]
    st.selectbox("服务商", names, key="settings_provider", on_change=_preset_chosen)
    provider = BY_NAME.get(st.session_state["settings_provider"], BY_NAME[CUSTOM])
    base_url = st.text_input(
        "接口地址", key="settings_base_url", placeholder="例如：https://api.deepseek.com/v1"
    )
    key_state = "已设置" if settings.llm_api_key else "未设置"
    api_key = st.text_input(
        f"接口密钥（当前：{key_state}）", type="password", key="settings_api_key",
        placeholder="留空则保留已保存的密钥" if settings.llm_api_key else ("本地模型可不填" if not provider.needs_key else ""),
    )  # fmt: skip
    listing_key = key_for_listing(base_url, api_key, settings.llm_base_url, settings.llm_api_key)
    model = _model_choice(settings, provider.models, base_url, listing_key)
    if st.button("保存", type="primary", key="settings_save"):
        _save(settings, provider.name, base_url, api_key, model)


def _preset_chosen() -> None:
    provider = BY_NAME.get(st.session_state["settings_provider"])
    if provider is not None and provider.name != CUSTOM:
        st.session_state["settings_base_url"] = provider.base_url
    st.session_state.pop(MODELS_KEY, None)


def _model_choice(settings: Settings, suggested: tuple[str, ...], base_url: str, api_key: str) -> str:
    if st.button("获取模型列表", key="settings_list_models", disabled=not base_url.strip()):
        with st.spinner("正在向接口查询可用模型…"):
            found = list_models(base_url.strip(), api_key)
        st.session_state[MODELS_KEY] = found
        if not found:
            st.warning("接口没有返回模型列表：请直接填写模型名（见服务商的文档）。")
    models = st.session_state.get(MODELS_KEY) or list(suggested)
    current = settings.llm_model
    if models:
        options = [*models, *([current] if current and current not in models else [])]
        index = options.index(current) if current in options else 0
        return str(st.selectbox("模型", options, index, key="settings_model_pick"))
    return st.text_input("模型名", current, key="settings_model_text", placeholder="例如：qwen2.5:7b")


def _save(settings: Settings, provider: str, base_url: str, api_key: str, model: str) -> None:
    updates: dict[str, object] = {"llm_provider": provider, "llm_base_url": base_url, "llm_model": model}
    if api_key.strip():
        updates["llm_api_key"] = api_key
    try:
        write_config(settings.data_dir, updates)
    except (AssistantError, OSError) as exc:
        st.error(escape(f"设置没有保存：{exc}"))
        return
    st.session_state.pop("settings_api_key", None)
    reload_settings()
    st.session_state[NOTICE_KEY] = f"已保存到 {config_path(settings.data_dir)}（只有本机账户可读）。"
    st.rerun()


def _llm_test() -> None:
    model = chat_model_or_error()
    clicked = st.button("测试连接", key="settings_test_llm", disabled=model is None)
    if model is None:
        st.caption("保存接口地址和模型名后可以测试连接。")
        return
    if not clicked:
        return
    from assistant.llm.chat import complete

    try:
        with st.spinner("正在连接大模型…"):
            reply = complete(model, "你是连接测试助手。", "请只回复一个字：好")
    except AssistantError as exc:
        st.error(escape(str(exc)))
        return
    st.success(f"连接正常：{escape(model.description)}。模型回复：{escape(reply.strip()[:60])}")


def _current(settings: Settings) -> None:
    st.subheader("正在使用的设置")
    chroma = (
        f"向量库服务器 {settings.chroma_host}:{settings.chroma_port}"
        if settings.chroma_host
        else f"本机向量库（{settings.data_dir.resolve() / 'chroma'}）"
    )
    rows = {
        "资料库目录": str(settings.data_dir.resolve()),
        "向量模型": settings.embedding,
        "向量库": chroma,
        "资料库": _library_summary(),
        "大模型接口": settings.llm_base_url or "未配置（离线模式）",
        "模型名": settings.llm_model or "未配置",
        "接口密钥": "已设置" if settings.llm_api_key else "未设置",
        "超时与重试": f"{settings.llm_timeout:g} 秒，最多重试 {settings.llm_max_retries} 次",
        "单个文件上限": f"{settings.max_file_mb} MB",
    }
    st.markdown("\n".join(f"- **{escape(name)}**：{escape(value)}" for name, value in rows.items()))
    with st.expander("用环境变量或命令行设置（管理员）"):
        st.markdown(
            "环境变量 FAZHI\\_LLM\\_BASE\\_URL、FAZHI\\_LLM\\_MODEL、FAZHI\\_LLM\\_API\\_KEY（或启动目录下的 "
            ".env 文件）优先于本页的设置；命令行的设置命令写入同一个设置文件（见使用说明第六节）。"
        )
        st.page_link("views/guide_page.py", label="打开使用说明：各服务商的设置步骤")
        if st.button("重新读取设置", key="settings_reload"):
            reload_settings()
            st.rerun()


def _library_summary() -> str:
    if not library_ready():
        return "正在后台加载…"
    library = library_or_error()
    if library is None:
        return "无法打开（原因见上方）"
    return f"{len(library.documents())} 篇文档"


if __name__ == "__main__":
    render()
