"""The offline draft as a product: the county bureau's 8 fact lines and the seed library give a
report of ≥ 1,500 characters in standard phrasing, honest and free of copy findings."""

import re
from pathlib import Path

import pytest

from assistant.compose.drafter import Drafter
from assistant.compose.offline_outline import draft_length
from assistant.compose.phrasing import shared_clauses, topic_openings
from assistant.library.facade import Library
from assistant.search import PrecedentSearch
from assistant.types import DraftRequest
from tests.helpers import SEEDS, make_settings
from vectorstore.embeddings import FakeEmbedder

COUNTY = (Path(__file__).parent / "fixtures" / "facts" / "county_bureau_numbered.txt").read_text(
    encoding="utf-8"
)


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    library = Library(make_settings(tmp_path_factory.mktemp("lib")), FakeEmbedder())
    library.add_paths(SEEDS)
    return PrecedentSearch(library)


@pytest.fixture(scope="module")
def county(search):
    request = DraftRequest(unit="某县司法局", year=2024, level="县", facts=COUNTY)
    return Drafter(search, None).draft(request).draft


def test_the_county_bureau_offline_draft_reaches_1500_characters(county):
    assert draft_length(county) >= 1500
    assert [len(p.text) >= 150 for p in county.parts] == [True] * 4


def test_the_county_bureau_offline_draft_has_no_copy_finding_and_no_other_units_name(county, search):
    assert not [f for f in county.findings if f.kind in ("copy", "name")]
    units = {d.unit for d in search.library.documents()}
    text = county.preamble + "".join(p.text for p in county.parts)
    assert not [u for u in units if u and u in text]


def test_the_county_bureau_offline_draft_states_only_the_facts_figures(county):
    numbers = re.compile(r"\d+(?:\.\d+)?")
    stated = set(numbers.findall(re.sub(r"^\d+\.\s*", "", COUNTY, flags=re.MULTILINE)))
    written = set(numbers.findall("".join(p.text for p in county.parts)))
    assert written - stated <= {"2024", "2025"} and stated <= written
    assert "配齐执法记录仪" in county.parts[3].text and "针对执法装备不足" in county.parts[3].text


def test_standard_phrasing_is_wording_many_units_share_never_one_units_own():
    shared = "坚持把法治政府建设摆在全局工作的突出位置"
    documents = [
        (f"单位{n}", f"一年来{shared}，第{n}项独有的说法是本单位自己写的句子{n}号。") for n in range(1, 5)
    ]
    documents.append(("单位5", "只有一家单位这样写的一句话不应被当成标准表述。"))
    clauses = shared_clauses(documents)
    assert any(shared in c for c in clauses)
    assert not [c for c in clauses if "独有" in c or "只有一家" in c]
    assert topic_openings(clauses)["leadership_org"].startswith("{me}")
