"""The one gazetteer: the unit parser and the checks read the same division names."""

import pytest

from assistant.parsing.units import infer_level
from assistant.text import divisions
from assistant.text.divisions import COUNTY, gazetteer


@pytest.mark.parametrize(
    "unit", ["禄丰市人民政府", "京山市人民政府", "杭州市钱塘区人民政府", "嫩江市人民政府"]
)
def test_county_level_cities_and_districts_made_after_2018_are_ranked_as_counties(unit: str) -> None:
    assert infer_level(unit) == "县"


@pytest.mark.parametrize("name", ["禄丰市", "禄丰县", "渝北区", "临平区"])
def test_the_unit_parser_knows_the_county_names_of_both_eras_the_checks_know(name: str) -> None:
    known = [gazetteer().divisions[i] for i in gazetteer().by_name[name]]
    assert any(d.level == COUNTY for d in known)
    assert divisions.is_division(name)
    assert divisions.rank_of(name) == "县"


def test_a_renamed_prefecture_expands_to_its_current_name() -> None:
    assert divisions.expand_short("那曲") == "那曲市"
