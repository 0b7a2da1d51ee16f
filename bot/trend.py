"""`/trend`: mentions of a name per day, as a PNG chart.

Matplotlib 3.11+ shapes Arabic itself (contextual letter forms, right-to-left order), so
titles are passed as they are; reshaping them first (arabic-reshaper + python-bidi, what
older engines need) would reverse and mangle them a second time.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.commands import resolve_alias
from bot.reports import search_report
from storage import queries
from storage.models import Article

DAYS = 30


def mentions_per_day(engine: Engine, name: str, *, days: int = DAYS, today: date | None = None) -> dict[date, int]:
    """Articles mentioning `name` on each of the last `days` days (zeros included)."""
    today = today or datetime.now(UTC).date()
    with Session(engine) as session:
        canonical = resolve_alias(session, name)
    ids = [h["article_id"] for h in search_report(engine, canonical, limit=100_000)]
    counts: Counter[date] = Counter()
    with Session(engine) as session:
        for dated in session.exec(select(Article.dated_at).where(col(Article.id).in_(ids))):
            counts[queries.aware(dated).date()] += 1
    first = today - timedelta(days=days - 1)
    return {first + timedelta(days=n): counts.get(first + timedelta(days=n), 0) for n in range(days)}


def trend_png(name: str, counts: dict[date, int]) -> bytes:
    """A bar chart of `counts`, titled with the shaped name."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(figsize=(8, 3.6), dpi=100)
    try:
        days = list(counts)
        axes.bar(days, list(counts.values()), color="#1f6f8b")
        axes.set_title(f"{name} — عدد الأخبار يومياً", fontsize=14)
        axes.set_ylabel("أخبار")
        axes.yaxis.get_major_locator().set_params(integer=True)
        figure.autofmt_xdate()
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)
