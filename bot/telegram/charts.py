"""`/trend` charts: mentions per day as a PNG.

Matplotlib 3.11+ shapes Arabic itself (contextual letter forms, right-to-left order), so
titles are passed as they are; reshaping them first (arabic-reshaper + python-bidi, what
older engines need) would reverse and mangle them a second time.
"""

from __future__ import annotations

import io
from datetime import date


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
