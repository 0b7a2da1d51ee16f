"""The read side, as plain data in the CONTRACT's JSON shapes: the digest, search, about and entities,
sources, a chat's settings, trends, health and analyze. The terminal and Telegram render these."""
