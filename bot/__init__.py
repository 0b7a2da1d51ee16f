"""The application: uses `digest` (the NLP) and `storage` (the database); neither uses it.

- `ingest/`    the only writer: passes over the sources, storing, placing in stories, the entity index, the schedule
- `answers/`   the read side as plain data: digest, search, about, sources, chats, trend, health, analyze
- `commands`   every bot command in one table (Telegram, `nashra chat`, /help)
- `views`      how answers look (Telegram HTML; the terminal shows it as text); `messages`: what is said, ar/en
- `terminal/`  the command line, `nashra chat`, text output
- `telegram/`  the Telegram application, its handlers, daily delivery, message splitting, charts
"""
