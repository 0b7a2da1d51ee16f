"""Persistence: tables, engine and migrations, queries, full-text search. Imports neither bot nor digest."""
