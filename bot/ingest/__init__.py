"""Ingestion, the only writer: passes over the sources (`passes`), storing one article exactly once
(`store`), placing it in a story (`stories`), the entity index (`entities`) and the schedule (`schedule`)."""
