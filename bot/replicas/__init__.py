"""What webhook replicas of one bot share through PostgreSQL (RELEASE_BOT_DATABASE_URL), and the
one-poller lock.

- `database`: the connection pool, the tables and their expiry, and this replica's presence
  (a connection of its own, so that others can tell when it is gone).
- `claims`: update ids claimed before handling, so each update is answered once.
- `chat_choices`: each chat's chosen release and language, and its last answer.
- `flood`: the per-user token bucket, updated in one statement.
- `poller_lock`: polling runs as exactly one instance.

Without a PostgreSQL URL the bot is one process and keeps the same things in memory and in its
data folder (`bot.telegram_edge.chat_state`, `bot.telegram_edge.flood_guard`). This package
imports psycopg and `bot.libpq`, never Telegram.
"""
