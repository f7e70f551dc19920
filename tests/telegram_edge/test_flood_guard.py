"""The flood guard's token buckets, on a clock the test moves by hand."""

from __future__ import annotations

from bot.telegram_edge.flood_guard import FloodGuard


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def allowed(guard: FloodGuard, user: int, times: int) -> int:
    """How many of `times` messages in a row from `user` the guard lets through."""
    return sum(guard.check(user)[0] for _ in range(times))


def test_a_burst_of_half_the_minutes_allowance_then_refusal() -> None:
    guard = FloodGuard(20, clock=Clock())
    assert allowed(guard, 1, 30) == 10


def test_an_explicit_burst_and_a_tiny_allowance() -> None:
    assert allowed(FloodGuard(60, burst=3, clock=Clock()), 1, 10) == 3
    assert allowed(FloodGuard(1, clock=Clock()), 1, 10) == 1  # never a burst of nothing


def test_tokens_come_back_at_the_per_minute_rate() -> None:
    clock = Clock()
    guard = FloodGuard(60, burst=3, clock=clock)  # one message a second
    allowed(guard, 1, 3)
    clock.now += 0.5
    assert not guard.check(1)[0]
    clock.now += 0.5
    assert guard.check(1)[0] and not guard.check(1)[0]
    clock.now += 2
    assert allowed(guard, 1, 5) == 2


def test_a_long_silence_refills_only_up_to_the_burst() -> None:
    clock = Clock()
    guard = FloodGuard(20, clock=clock)
    allowed(guard, 1, 10)
    clock.now += 24 * 3600
    assert allowed(guard, 1, 30) == 10


def test_the_user_is_warned_once_per_flood() -> None:
    clock = Clock()
    guard = FloodGuard(20, clock=clock)
    allowed(guard, 1, 10)
    assert [guard.check(1) for _ in range(3)] == [(False, True), (False, False), (False, False)]
    clock.now += 3.5  # one token back (20 a minute)
    assert guard.check(1) == (True, False)
    assert guard.check(1) == (False, True)  # a new flood, a new warning


def test_users_do_not_share_a_bucket() -> None:
    guard = FloodGuard(20, clock=Clock())
    allowed(guard, 1, 50)
    assert allowed(guard, 2, 10) == 10


def test_at_max_users_the_user_seen_longest_ago_is_forgotten() -> None:
    clock = Clock()
    guard = FloodGuard(20, clock=clock, max_users=3)
    allowed(guard, 1, 10)  # the flooder drains their bucket
    guard.check(2)
    guard.check(3)
    clock.now += 5  # the flooder has one token back
    assert guard.check(1) == (True, False)  # ... and is seen again
    guard.check(4)  # a new user at the limit: user 2, seen longest ago, is forgotten
    assert len(guard) == 3
    assert allowed(guard, 1, 10) == 0  # the flooder was remembered, not reset to a full burst
    assert allowed(guard, 2, 10) == 10  # user 2 starts afresh


def test_the_table_never_grows_past_its_cap_even_when_every_user_floods() -> None:
    """Every bucket is drained, so none is "full" to forget: the cap must hold anyway."""
    guard = FloodGuard(20, clock=Clock(), max_users=3)
    for user in range(50):
        allowed(guard, user, 11)
        assert len(guard) <= 3


def test_a_cheaper_kind_of_update_draws_on_the_same_bucket() -> None:
    guard = FloodGuard(60, burst=2, clock=Clock())
    assert [guard.check(1, cost=0.25)[0] for _ in range(8)] == [True] * 8
    assert guard.check(1) == (False, True)  # the messages' bucket is empty too


def test_a_refusal_that_cannot_be_told_keeps_the_warning_for_later() -> None:
    guard = FloodGuard(60, burst=1, clock=Clock())
    allowed(guard, 1, 1)
    assert guard.check(1, cost=0.25, warn=False) == (False, False)
    assert guard.check(1) == (False, True)  # the first refusal the user can be told of
