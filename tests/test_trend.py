from datetime import UTC, date, datetime
from pathlib import Path

from bot.answers.trend import mentions_per_day
from bot.ingest.passes import ingest_paths
from bot.telegram.charts import trend_png
from storage.engine import open_database

ROOT = Path(__file__).resolve().parent.parent


def test_mentions_per_day_counts_articles_and_fills_empty_days(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'n.db'}")
    ingest_paths(engine, [str(ROOT / "digest" / "samples")], now=datetime(2026, 11, 20, 9, tzinfo=UTC))
    counts = mentions_per_day(engine, "جدة", days=7, today=date(2026, 11, 23))
    assert list(counts) == [date(2026, 11, d) for d in range(17, 24)]
    assert counts[date(2026, 11, 20)] == 2 and sum(counts.values()) == 2
    png = trend_png("جدة", counts)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
