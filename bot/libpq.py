"""The libpq settings of every PostgreSQL connection the bot opens (the question log's and the
replicas' shared state): named in `pg_stat_activity`, and a server or a host that stops
answering is noticed within seconds instead of waited for without end."""

from __future__ import annotations

APPLICATION_NAME = "release-bot"

KEEPALIVES: dict[str, int] = {
    "keepalives": 1,
    "keepalives_idle": 10,  # s of silence before the first probe
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,  # ms: a connection whose data goes unacknowledged is dropped
}
