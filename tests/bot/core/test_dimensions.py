from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.dimensions import (
    Dimension,
    Level,
    canonical_part,
    known_parts,
    nest,
    parse_shares,
    split_by_amount,
    split_by_history,
    split_by_percent,
    split_by_weight,
)
from bot.core.errors import SplitError

FIVE_MILLION = Decimal("5000000.00")


def test_regions_split_by_percent_from_the_managers_text() -> None:
    split = split_by_percent(
        FIVE_MILLION, parse_shares("华东 40%, 华南 35%, 华北 25%"), dimension=Dimension.REGION
    )
    assert split.parts == {
        "华东": Decimal("2000000.00"),
        "华南": Decimal("1750000.00"),
        "华北": Decimal("1250000.00"),
    }
    assert list(split.parts) == ["华东", "华南", "华北"]  # the order the manager typed


def test_chinese_channel_names_mean_the_same_parts_as_english_ones() -> None:
    split = split_by_percent(
        FIVE_MILLION,
        {"直销": Decimal(60), "渠道": Decimal(30), "电商": Decimal(10)},
        dimension=Dimension.CHANNEL,
    )
    assert split.parts == {
        "direct": Decimal("3000000.00"),
        "agent": Decimal("1500000.00"),
        "online": Decimal("500000.00"),
    }
    assert split["线上"] == split["online"] == Decimal("500000.00")


def test_customer_types_accept_chinese_names() -> None:
    split = split_by_percent(
        Decimal("1000.00"),
        parse_shares("新客户 30%, 老客户 60%, 潜在客户 10%"),
        dimension=Dimension.CUSTOMER_TYPE,
    )
    assert split.parts == {
        "new": Decimal("300.00"),
        "existing": Decimal("600.00"),
        "potential": Decimal("100.00"),
    }
    assert known_parts(Dimension.CUSTOMER_TYPE) == ("new", "existing", "potential")


def test_thirds_that_add_to_99_99_percent_are_close_enough_and_still_exact() -> None:
    split = split_by_percent(
        Decimal("100.00"), {"a": Decimal("33.33"), "b": Decimal("33.33"), "c": Decimal("33.33")}
    )
    assert split.parts == {"a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}


def test_shares_off_100_are_refused_saying_what_they_add_to() -> None:
    with pytest.raises(SplitError) as caught:
        split_by_percent(FIVE_MILLION, parse_shares("华东 40%, 华南 35%, 华北 20%"))
    assert caught.value.code == "shares_not_100"
    assert "95%" in caught.value.message("en")
    assert "95%" in caught.value.message("zh-Hans")
    assert "华东 40%" in caught.value.message("zh-Hans")  # an example of the right form


def test_an_unknown_channel_is_named_and_the_allowed_ones_listed() -> None:
    with pytest.raises(SplitError) as caught:
        split_by_percent(FIVE_MILLION, {"direct": 50, "retail": 50}, dimension=Dimension.CHANNEL)
    english = caught.value.message("en")
    assert "retail" in english
    assert "direct, agent, online" in english
    assert "retail" in caught.value.message("zh-Hans")
    assert "渠道" in caught.value.message("zh-Hans")
    assert "direct/直销" in caught.value.message("zh-Hans")


def test_an_alias_and_its_canonical_name_together_are_a_duplicate() -> None:
    with pytest.raises(SplitError) as caught:
        split_by_percent(FIVE_MILLION, {"直销": 50, "direct": 50}, dimension=Dimension.CHANNEL)
    assert caught.value.code == "duplicate_part"


def test_free_dimensions_take_any_name() -> None:
    assert canonical_part("  Widget Pro ", Dimension.PRODUCT) == "Widget Pro"
    assert canonical_part("retail", Dimension.REGION) == "retail"


def test_weights_of_any_scale_split_in_proportion() -> None:
    split = split_by_weight(
        Decimal("600.00"), {"direct": 3, "agent": 2, "online": 1}, dimension=Dimension.CHANNEL
    )
    assert split.parts == {
        "direct": Decimal("300.00"),
        "agent": Decimal("200.00"),
        "online": Decimal("100.00"),
    }


def test_all_zero_weights_are_refused() -> None:
    with pytest.raises(SplitError) as caught:
        split_by_weight(Decimal("600.00"), {"a": 0, "b": 0})
    assert caught.value.code == "zero_weights"


def test_explicit_amounts_must_add_up_to_the_total() -> None:
    amounts = {"华东": Decimal("2000000"), "华南": Decimal("1500000"), "华北": Decimal("1400000")}
    with pytest.raises(SplitError) as caught:
        split_by_amount(FIVE_MILLION, amounts)
    assert "4900000" in caught.value.message("en")
    assert "5000000.00" in caught.value.message("zh-Hans")


def test_explicit_amounts_with_a_rest_part_give_it_the_remainder() -> None:
    amounts = {"华东": Decimal("2000000"), "华南": Decimal("1500000")}
    split = split_by_amount(FIVE_MILLION, amounts, rest="华北")
    assert split.parts == {
        "华东": Decimal("2000000.00"),
        "华南": Decimal("1500000.00"),
        "华北": Decimal("1500000.00"),
    }
    assert sum(split.parts.values()) == FIVE_MILLION


def test_amounts_above_the_total_are_refused_even_with_a_rest_part() -> None:
    with pytest.raises(SplitError) as caught:
        split_by_amount(Decimal("100.00"), {"a": Decimal("150")}, rest="b")
    assert caught.value.code == "amounts_exceed_total"


def test_history_carries_last_periods_proportions() -> None:
    last_quarter = {"alice": Decimal("1200000"), "bob": Decimal("600000"), "carol": Decimal(0)}
    split = split_by_history(Decimal("3000000.00"), last_quarter, dimension=Dimension.REP)
    assert split.parts == {
        "alice": Decimal("2000000.00"),
        "bob": Decimal("1000000.00"),
        "carol": Decimal("0"),
    }


def test_history_of_nothing_cannot_guide_a_split() -> None:
    with pytest.raises(SplitError) as caught:
        split_by_history(FIVE_MILLION, {"alice": Decimal(0), "bob": Decimal(0)})
    assert caught.value.code == "empty_history"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("direct 60, agent 30, online 10", {"direct": 60, "agent": 30, "online": 10}),
        ("40% 华东，60％ 华南", {"华东": 40, "华南": 60}),
        ("华东:40；华南=35、华北25", {"华东": 40, "华南": 35, "华北": 25}),
        ("Team 2 50%, Team 10 50%", {"Team 2": 50, "Team 10": 50}),
        ("华东 ４０.５%, 华南 59.5%", {"华东": Decimal("40.5"), "华南": Decimal("59.5")}),
    ],
)
def test_parse_shares_reads_the_forms_managers_type(
    text: str, expected: dict[str, Decimal | int]
) -> None:
    assert parse_shares(text) == {k: Decimal(v) for k, v in expected.items()}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "no_parts"),
        (" , ,", "no_parts"),
        ("华东", "bad_share"),
        ("华东 40% 华南 60%", "bad_share"),
        ("华东 40, 华东 60", "duplicate_part"),
        ("华东 -40%, 华南 140%", "negative_share"),
    ],
)
def test_unreadable_shares_get_a_bilingual_reason(text: str, code: str) -> None:
    with pytest.raises(SplitError) as caught:
        parse_shares(text)
    assert caught.value.code == code
    assert caught.value.message("en").endswith(caught.value.example)
    assert caught.value.zh in caught.value.message("zh-Hans")


@pytest.mark.parametrize("total", [Decimal("-1.00"), Decimal("1.001"), Decimal("NaN")])
def test_a_total_that_is_not_money_is_refused(total: Decimal) -> None:
    with pytest.raises(SplitError) as caught:
        split_by_weight(total, {"a": 1})
    assert caught.value.code == "bad_total"


def test_company_region_team_rep_nest_exactly() -> None:
    tree = nest(
        Decimal("100.00"),
        [
            Level(Dimension.REGION, {"company": {"华东": 1, "华南": 2}}),
            Level(Dimension.TEAM, {"华东": {"east-1": 1, "east-2": 1}, "华南": {"south": 1}}),
            Level(Dimension.REP, {"east-1": {"alice": 1, "bob": 1, "carol": 1}}),
        ],
    )
    assert tree.amount == Decimal("100.00")
    assert [c.amount for c in tree.children] == [Decimal("33.33"), Decimal("66.67")]
    east_1 = tree.find("east-1")
    assert east_1 is not None
    assert east_1.dimension is Dimension.TEAM
    assert [rep.amount for rep in east_1.children] == [
        Decimal("5.56"),
        Decimal("5.56"),
        Decimal("5.55"),
    ]
    assert {leaf.name for leaf in tree.leaves()} == {"alice", "bob", "carol", "east-2", "south"}
    for node in tree.walk():
        if node.children:
            assert sum(c.amount for c in node.children) == node.amount


def test_nest_with_percent_levels_checks_each_group_adds_to_100() -> None:
    with pytest.raises(SplitError) as caught:
        nest(
            Decimal("100.00"),
            [
                Level(Dimension.REGION, {"company": {"华东": 50, "华南": 50}}, percent=True),
                Level(Dimension.REP, {"华东": {"alice": 50, "bob": 40}}, percent=True),
            ],
        )
    assert "90%" in caught.value.message("en")


def test_nest_refuses_a_parent_that_is_not_in_the_level_above() -> None:
    with pytest.raises(SplitError) as caught:
        nest(
            Decimal("100.00"),
            [
                Level(Dimension.REGION, {"company": {"华东": 1}}),
                Level(Dimension.REP, {"华西": {"alice": 1}}),
            ],
        )
    assert caught.value.code == "unknown_parent"
    assert "华西" in caught.value.message("zh-Hans")


cents = st.integers(min_value=0, max_value=10**14).map(lambda n: Decimal(n) / 100)
weight_maps = st.dictionaries(
    st.text(alphabet="abcdefgh华东南北", min_size=1, max_size=4),
    st.integers(min_value=0, max_value=10**6).map(Decimal),
    min_size=1,
    max_size=12,
).filter(lambda ws: any(ws.values()))


@settings(max_examples=200)
@given(total=cents, weights=weight_maps)
def test_weight_and_history_splits_always_add_back_exactly(
    total: Decimal, weights: dict[str, Decimal]
) -> None:
    for split in (split_by_weight(total, weights), split_by_history(total, weights)):
        assert sum(split.parts.values()) == total
        assert all(amount >= 0 for amount in split.parts.values())
        assert list(split.parts) == list(weights)


@settings(max_examples=200)
@given(
    total=cents, raw=st.lists(st.integers(min_value=1, max_value=10**4), min_size=1, max_size=10)
)
def test_percent_splits_always_add_back_exactly(total: Decimal, raw: list[int]) -> None:
    # Arbitrary weights turned into percentages with two decimals that add up to exactly 100.
    shares = split_by_weight(Decimal("100.00"), {f"p{i}": w for i, w in enumerate(raw)}).parts
    split = split_by_percent(total, shares)
    assert sum(split.parts.values()) == total


@settings(max_examples=100)
@given(
    total=cents,
    regions=st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=5),
    reps=st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=6).filter(any),
)
def test_every_nested_node_is_the_exact_sum_of_its_children(
    total: Decimal, regions: list[int], reps: list[int]
) -> None:
    region_names = [f"r{i}" for i in range(len(regions))]
    tree = nest(
        total,
        [
            Level(Dimension.REGION, {"company": dict(zip(region_names, regions, strict=True))}),
            Level(
                Dimension.REP,
                {r: {f"{r}-rep{j}": w for j, w in enumerate(reps)} for r in region_names},
            ),
        ],
    )
    for node in tree.walk():
        if node.children:
            assert sum(c.amount for c in node.children) == node.amount


@settings(max_examples=300)
@given(text=st.text())
def test_parse_shares_raises_nothing_but_split_error(text: str) -> None:
    try:
        shares = parse_shares(text)
    except SplitError:
        return
    assert shares
    assert all(value >= 0 for value in shares.values())
