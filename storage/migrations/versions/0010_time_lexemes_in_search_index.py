"""time lexemes in PostgreSQL's full-text index

Search ranks the matches of the newest day, week, month... first. A GIN index on the words
alone answers "a common word, this week" by reading the word's whole posting list (a third of
a million-article store) and then filtering by date. Indexing each article's day and week
beside its words ('~d20415', '~w2916') lets the query ask for "word AND (one of these days)":
GIN then walks the short list of the window's articles and skips through the word's list, so
the cost follows the window, not the store. (Months were tried too: a half-year window holds a
quarter of the store, and its month lists cost more to walk than a moderately common word's.)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Seconds since the epoch do not depend on the session's time zone, so the function is immutable.
# COST and SET keep it a real call (not inlined) that the planner prices high: otherwise it
# judges a small table cheaper to scan, concatenating every row's vector (125 ms at 10k articles),
# than to search through the index, which never calls it.
TIME_LEXEMES = """
CREATE OR REPLACE FUNCTION nashra_time_lexemes(moment timestamptz) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 1000 SET search_path = pg_catalog AS $$
    SELECT array_to_tsvector(ARRAY[
        '~d' || floor(extract(epoch FROM moment - timestamptz '1970-01-01 00:00:00+00') / 86400)::bigint::text,
        '~w' || floor(extract(epoch FROM moment - timestamptz '1970-01-01 00:00:00+00') / 604800)::bigint::text
    ])
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(TIME_LEXEMES)
    op.execute("DROP INDEX IF EXISTS ix_article_search")
    op.execute("CREATE INDEX ix_article_search ON article USING GIN ((search_vector || nashra_time_lexemes(dated_at)))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_article_search")
    op.execute("CREATE INDEX ix_article_search ON article USING GIN (search_vector)")
    op.execute("DROP FUNCTION IF EXISTS nashra_time_lexemes(timestamptz)")
