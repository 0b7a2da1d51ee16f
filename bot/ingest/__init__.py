"""Ingestion, the only writer: passes, storing, placing in stories, the entity index, the schedule, workers.

Passes over the sources (`passes`), storing one article exactly once (`store`), placing it in a story
(`stories`), the entity index (`entities`), the schedule (`schedule`), the PostgreSQL job queue's workers
(`queue`) and reprocessing (`reprocess`).
"""
