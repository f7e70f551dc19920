"""The question log: what people asked that the bot could not answer well, and the report on it.

- `masking`: personal data out of user text (everything that stores it uses this);
- `records`: one logged question (nothing that identifies who asked) and retention;
- `policy`: what is recorded, decided on the engine's match (core types, not replies);
- `storage`: SQLAlchemy Core over SQLite or PostgreSQL; `front`: the bot's non-blocking writes;
- `grouping`, `report`, `render`: the press office's report.

May import: the answering core (`bot.core`), `bot.libpq`, SQLAlchemy and psycopg. Never
Telegram or the HTTP server.
"""
