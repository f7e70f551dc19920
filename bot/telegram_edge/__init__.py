"""The Telegram edge: python-telegram-bot over the answering core.

- `context`: the typed `CallbackContext` and the application's shared state;
- `services`: the services the handlers use (opened in post_init, closed in post_shutdown) and
  the one knowledge reload used by /reload and SIGHUP;
- handlers by kind, each module with its own `register(app)`: `flood_guard`, `commands`,
  `questions`, `buttons`, `inline`, `errors`; `sending` and `keyboards`, `callback_data` and
  `texts` are what they share;
- `application` builds the `Application`; `runner` runs it; `polling` fetches updates (and
  never gives up on its own); `webserver` serves the webhook, /healthz and /metrics, and
  `delivery` tells it whether an update got a reply; `metrics` holds the Prometheus counters;
  `chat_state` checks the data folder and keeps each chat's chosen release.

May import: python-telegram-bot, tornado, prometheus_client, `bot.core`, `bot.questionlog`,
`bot.settings`. Nothing outside this package imports it except the `run` command.
"""
