"""One unit across years and name forms (assistant.text.identity.same_unit)."""

from __future__ import annotations

import pytest

from assistant.checks import Reference, check_passage
from assistant.text.identity import same_unit


@pytest.mark.parametrize(
    "a, b",
    [
        ("天津市静海区人民政府", "静海区人民政府"),
        ("天津市静海区人民政府", "静海区政府"),
        ("静海区", "天津市静海区人民政府"),
        ("四川省广元市青川县司法局", "青川县司法局"),
        ("清波街道", "清波街道办事处"),
        ("深圳市卫生健康委员会", "深圳市卫生健康委"),
    ],
)
def test_name_forms_of_one_unit_are_the_same_unit(a: str, b: str) -> None:
    assert same_unit(a, b) and same_unit(b, a)


@pytest.mark.parametrize(
    "a, b",
    [
        ("青川县司法局", "青川县人民政府"),
        ("北京市海淀区人民政府", "北京市通州区人民政府"),
        ("区政府办公室", "北京市通州区人民政府办公室"),
        ("", "青川县司法局"),
    ],
)
def test_different_units_or_an_unplaced_name_are_not_the_same_unit(a: str, b: str) -> None:
    assert not same_unit(a, b)


def test_the_own_report_of_another_year_under_the_full_name_is_no_leak() -> None:
    last_year = Reference(
        "ly", "2023年报告", "天津市静海区人民政府", 2023, text="打造“邻里和事佬”调解品牌，静海区全面推进。"
    )
    findings = check_passage(
        "打造“邻里和事佬”调解品牌。", unit="静海区政府", year=2024, references=[last_year]
    )
    assert [f for f in findings if f.kind == "name"] == []
