"""Daily digests to 10,000 subscribed chats through the Bot API double, with 429s injected.

    .venv/bin/python -m bench.delivery [--chats 10000] [--throttled 20]

Real HTTP on loopback and PTB's rate limiter (Telegram allows about 30 messages a
second). Reports messages per second against that limit, and checks that every chat
got its digest exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session
from telegram.ext import AIORateLimiter, ExtBot

from bench.common import markdown_table
from bot.answers.chats import active_subscriptions
from bot.ingest.passes import ingest_paths
from bot.telegram.delivery import DigestCache, deliver
from storage.engine import open_database
from storage.models import Chat, Subscription
from tests.doubles import TelegramDouble

ROOT = Path(__file__).resolve().parent.parent
TELEGRAM_RATE = 30  # messages per second, Telegram's documented broadcast limit


async def _deliver_all(double: TelegramDouble, engine, subscriptions: list[dict], now: datetime) -> Counter[str]:
    bot = ExtBot("123:BENCH", base_url=double.api_url, rate_limiter=AIORateLimiter(max_retries=5))
    cache: DigestCache = {}
    gate = asyncio.Semaphore(64)

    async def one(sub: dict) -> str:
        async with gate:
            return await deliver(bot, engine, sub, now, cache)

    async with bot:
        return Counter(await asyncio.gather(*(one(s) for s in subscriptions)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--throttled", type=int, default=20, help="chats whose first send gets a 429")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        ingest_paths(engine, [str(ROOT / "digest" / "samples")])
        with Session(engine) as session:
            session.add_all([Chat(id=1_000_000 + n) for n in range(args.chats)])
            session.flush()
            session.add_all(
                [Subscription(chat_id=1_000_000 + n, language="en" if n % 5 == 0 else "ar") for n in range(args.chats)]
            )
            session.commit()
        subscriptions = active_subscriptions(engine)
        with TelegramDouble(retry_after=1) as double:
            for chat in random.Random(0).sample([s["chat_id"] for s in subscriptions], args.throttled):
                double.too_many[chat] = 1
            start = time.perf_counter()
            outcomes = asyncio.run(_deliver_all(double, engine, subscriptions, datetime.now(UTC)))
            seconds = time.perf_counter() - start
            per_chat = Counter(int(c.params["chat_id"]) for c in double.sent())
            throttled = len(double.sent(method="sendMessage:429"))
            again = asyncio.run(_deliver_all(double, engine, subscriptions, datetime.now(UTC)))
            after_rerun = Counter(int(c.params["chat_id"]) for c in double.sent())
    lost = args.chats - len(per_chat)
    doubled = sum(1 for n in after_rerun.values() if n > 1)
    rate = sum(per_chat.values()) / seconds
    print(f"## Daily digests to {args.chats:,} chats through the Bot API double\n")
    print(
        markdown_table(
            [
                "chats",
                "messages",
                "429s injected",
                "seconds",
                "messages/s",
                "× Telegram's 30/s",
                "lost",
                "sent twice",
                "second run",
            ],
            [
                [
                    args.chats,
                    sum(per_chat.values()),
                    throttled,
                    f"{seconds:.0f}",
                    f"{rate:.1f}",
                    f"{rate / TELEGRAM_RATE:.2f}",
                    lost,
                    doubled,
                    dict(again),
                ]
            ],
        )
    )
    print(f"\nOutcomes: {dict(outcomes)}")


if __name__ == "__main__":
    main()
