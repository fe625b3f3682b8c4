"""Every parser a user's text reaches, fed hostile strings: it answers or refuses with our own
error, and never raises anything else.

The strings come from the pools `benchmarks/bench_fuzz.py` draws its 100,000 from (Chinese,
English, numbers such as 1e400 and 九千九百亿亿亿, emoji, control, bidi and zero-width characters,
injections, mentions, commands, regex traps), joined by hypothesis, plus any text at all.
Timing is the benchmark's business, not these tests'.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_corpus import (
    BACKTRACKING,
    PARSERS,
    POOLS,
    SEPARATORS,
    TODAY,
    Parser,
    fuzz_string,
)
from bot.core.dimensions import MAX_SHARE_ITEM_CHARS, parse_shares
from bot.core.errors import PlanningError, SplitError
from bot.services.targets import BROADCAST, MENTION, parse_set
from bot.services.teams import CHANNEL

pieces = st.one_of(*(st.sampled_from(pool) for pool in POOLS))
joined = st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), min_size=1, max_size=6).map(
    lambda parts: "".join(piece + separator for piece, separator in parts)
)
verbs = st.sampled_from(["set", "log", "milestone add", "away", "split", "settings"])
commanded = st.tuples(verbs, joined).map(" ".join)
hostile = st.one_of(
    joined,
    commanded,
    st.sampled_from(BACKTRACKING),
    st.text(max_size=300),
    st.randoms(use_true_random=False).map(fuzz_string),
)


def check(parser: Parser, text: str) -> None:
    """The parser answers, or refuses with one of the errors the Slack surface explains."""
    with contextlib.suppress(parser.expected):
        parser.parse(text)


@pytest.mark.parametrize("parser", PARSERS, ids=[parser.name for parser in PARSERS])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile)
def test_a_parser_answers_or_refuses_with_our_own_error(parser: Parser, text: str) -> None:
    check(parser, text)


@pytest.mark.parametrize("parser", PARSERS, ids=[parser.name for parser in PARSERS])
def test_every_regex_trap_is_answered(parser: Parser) -> None:
    for text in BACKTRACKING:
        check(parser, text)


# -- what the fuzz found --------------------------------------------------------------------------


def test_mentions_still_read_with_and_without_a_label_and_stop_at_the_next_escape() -> None:
    text = "set 5M 2027Q1 <@U01ALICE|alice> <@W0ENT> <@U9|<@U02LILEI|lei>"

    assert MENTION.findall(text) == ["U01ALICE", "W0ENT", "U02LILEI"]
    assert CHANNEL.fullmatch("<#C0SALES|sales>") is not None
    assert CHANNEL.fullmatch("<#C0SALES|sa<les>") is None


@pytest.mark.parametrize(
    "text", ["<!channel>", "<!here|here>", "<!subteam^S1|@sales>", "<!subteam^S1>", "@everyone"]
)
def test_every_broadcast_form_is_still_caught(text: str) -> None:
    assert BROADCAST.search(f"set 5M 2027Q1 {text}") is not None


def test_an_unclosed_broadcast_or_mention_run_is_not_one() -> None:
    assert BROADCAST.search("<!subteam^" * 2000) is None
    assert MENTION.findall("<@U1|" * 2000) == []


def test_a_share_longer_than_a_name_and_a_number_is_refused_with_an_example() -> None:
    with pytest.raises(SplitError) as refused:
        parse_shares("华东 40%, " + "1" * (MAX_SHARE_ITEM_CHARS + 1) + "e")

    assert refused.value.code == "share_too_long"
    assert "华东 40%" in refused.value.message("zh-Hans")


def test_spaces_and_colons_between_a_name_and_its_share_still_read() -> None:
    assert parse_shares("华东 : 40%, 华南=35, north   25") == {
        "华东": 40,
        "华南": 35,
        "north": 25,
    }


def test_a_set_command_reads_either_order_and_refuses_a_wall_of_words() -> None:
    assert parse_set("本季度 500万", today=TODAY).amount.amount == 5_000_000
    assert parse_set("5M next quarter", today=TODAY).period.label == "2027Q2"

    with pytest.raises(PlanningError):
        parse_set("500万 2027Q1 " + "Acme " * 800, today=TODAY)
