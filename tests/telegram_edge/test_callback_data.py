"""Callback data: what the bot's buttons carry fits Telegram's 64 bytes and parses back; nothing
else parses."""

from __future__ import annotations

import pytest

from bot.telegram_edge.callback_data import MAX_BYTES, Action, Callback, decode, encode, release_key

RELEASE = "moj-fi-hakkanen-konovalov-moscow"
KEY = release_key(RELEASE)


@pytest.mark.parametrize(
    ("action", "entry_id"),
    [(Action.ANSWER, "meeting"), (Action.CONTACT, ""), (Action.RELEASE, "")],
)
def test_what_the_bot_issues_decodes_to_the_same_button(action: Action, entry_id: str) -> None:
    data = encode(action, RELEASE, entry_id)
    assert data is not None
    assert decode(data) == Callback(action, KEY, entry_id)


def test_release_keys_are_short_stable_and_tell_releases_apart() -> None:
    ids = [RELEASE, RELEASE + "-2", "x", "a" * 500]
    keys = [release_key(i) for i in ids]
    assert keys == [release_key(i) for i in ids]  # stable
    assert len(set(keys)) == len(ids)
    assert all(len(k) == 8 and set(k) <= set("0123456789abcdef") for k in keys)


def test_a_long_release_id_still_fits() -> None:
    assert encode(Action.ANSWER, "release-" * 40, "meeting") is not None


def longest_entry_id() -> int:
    """The longest ASCII entry id the bot issues an answer button for."""
    return max(n for n in range(1, 100) if encode(Action.ANSWER, RELEASE, "e" * n) is not None)


def test_data_is_issued_up_to_exactly_64_bytes_and_no_further() -> None:
    issued = [encode(Action.ANSWER, RELEASE, "e" * n) for n in range(1, 100)]
    sizes = [len(data.encode()) for data in issued if data is not None]
    assert max(sizes) == MAX_BYTES  # all of the room is used ...
    first_refused = issued.index(None)
    assert all(data is None for data in issued[first_refused:])  # ... and never exceeded
    longest = "e" * longest_entry_id()
    assert decode(str(encode(Action.ANSWER, RELEASE, longest))) == Callback(
        Action.ANSWER, KEY, longest
    )


def test_the_limit_counts_bytes_not_characters() -> None:
    room = longest_entry_id()
    fits, too_long = "ä" * (room // 2), "ä" * (room // 2 + 1)  # two bytes each
    assert decode(encode(Action.ANSWER, RELEASE, fits) or "") == Callback(Action.ANSWER, KEY, fits)
    assert len(too_long) <= room  # would fit if characters were counted
    assert encode(Action.ANSWER, RELEASE, too_long) is None
    assert decode(f"a:{KEY}:{too_long}") is None


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "nonsense",
        "a:zzzzzzzz:meeting",  # not a key
        f"a:{KEY.upper()}:meeting",  # keys are lower-case hex
        f"a:{KEY[:7]}:meeting",  # too short
        f"a:{KEY}0:meeting",  # too long
        f"x:{KEY}:meeting",  # no such action
        f"a:{KEY}:",  # an answer must name its entry
        f"c:{KEY}:meeting",  # the contact names none
        f"r:{KEY}:meeting",  # nor does a release
        f"a:{KEY}:meet:ing",  # one colon too many
        f"a:{KEY}",  # one too few
        f"a:{KEY}:" + "m" * 60,  # over 64 bytes
    ],
)
def test_forged_data_is_refused(data: str | None) -> None:
    assert decode(data) is None
