"""Feeds and web pages over real HTTP on loopback: teasers, conditional requests, hostile answers, health."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from bot.answers.sources import SourceError, add_source, export_opml, import_opml
from bot.ingest.passes import fetch_settings, ingest_sources
from bot.settings import SettingsError, load_settings
from digest.sources import http as http_module
from digest.sources.health import MAX_CONSECUTIVE_ERRORS
from digest.sources.http import Fetcher, FetchSettings, check_address
from digest.sources.model import Failure, FailureReason
from storage.engine import open_database
from storage.models import Article, Source, SourceKind, SourceState
from tests.doubles import Route, WebDouble, article_page, rss

FAST = FetchSettings(timeout=2.0, max_bytes=200_000, allow_private=True, min_host_interval=0.0)
TOPICS = ["معرض الكتاب", "أمطار جدة", "مباراة الهلال", "أسعار الفائدة", "رحلات الطيران", "مهرجان التمور"]


def paragraphs(n: int) -> list[str]:
    topic = TOPICS[n % len(TOPICS)]
    return [
        f"أعلنت الجهات المختصة اليوم تفاصيل جديدة عن {topic} في الخبر رقم {n} الذي تابعه عدد كبير من القراء.",
        f"وقال مسؤول إن الاستعدادات الخاصة بـ{topic} اكتملت، وإن الفرق تعمل على مدار الساعة لضمان النجاح.",
        f"وأضاف أن المرحلة المقبلة ستشهد خطوات إضافية تتعلق بـ{topic} خلال الأسابيع القليلة القادمة.",
    ]


@pytest.fixture
def web():
    with WebDouble() as double:
        yield double


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return open_database(f"sqlite:///{tmp_path / 'nashra.db'}")


def _feed_source(engine: Engine, url: str, kind: SourceKind = SourceKind.FEED) -> int:
    return add_source(engine, url, kind=kind, allow_private=True)["id"]


def _count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Article)).one()


def _source(engine: Engine, source_id: int) -> Source:
    with Session(engine) as session:
        return session.get(Source, source_id)


def test_full_text_feed_is_ingested_once_and_teasers_fetch_their_pages(web: WebDouble, engine: Engine):
    full = [
        {
            "guid": f"urn:nashra:g{i}",
            "link": web.url(f"/a/{i}"),
            "title": f"خبر {i}",
            "description": " ".join(paragraphs(i) * 3),
        }
        for i in range(3)
    ]
    teasers = [
        {
            "guid": f"urn:nashra:t{i}",
            "link": web.url(f"/p/{i}?utm_source=rss"),
            "title": f"موجز {i}",
            "description": "تفاصيل الخبر في الرابط...",
        }
        for i in range(3, 5)
    ]
    web.routes["/feed.xml"] = Route(rss(full + teasers), content_type="application/rss+xml")
    for i in range(3, 5):
        web.routes[f"/p/{i}?utm_source=rss"] = Route(article_page(f"موجز {i}", paragraphs(i)))
    _feed_source(engine, web.url("/feed.xml"))

    report = ingest_sources(engine, FAST)
    assert (report.ingested, report.duplicates, report.failed) == (5, 0, [])
    assert [p for p in web.paths_requested() if p.startswith("/a/")] == []  # full entries need no page
    with Session(engine) as session:
        stored = {a.guid: a for a in session.exec(select(Article))}
    assert stored["urn:nashra:t3"].url == web.url("/p/3")  # tracking parameters dropped
    assert "الرئيسية" not in stored["urn:nashra:t3"].clean_text and "var t" not in stored["urn:nashra:t3"].clean_text

    before = len(web.requests)
    again = ingest_sources(engine, FAST)
    assert (again.ingested, again.duplicates) == (0, 5)
    assert web.paths_requested()[before:] == ["/feed.xml"]  # known entries: no page fetched again
    assert _count(engine) == 5


def test_conditional_requests_use_the_stored_etag(web: WebDouble, engine: Engine):
    items = [{"guid": "x", "link": web.url("/a/x"), "title": "خبر", "description": " ".join(paragraphs(1) * 3)}]
    web.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml", etag='"v1"')
    source_id = _feed_source(engine, web.url("/feed.xml"))
    ingest_sources(engine, FAST)
    assert _source(engine, source_id).etag == '"v1"'
    report = ingest_sources(engine, FAST)
    assert web.requests[-1][1].get("If-None-Match") == '"v1"'
    assert (report.seen, report.ingested, report.failed) == (0, 0, [])
    assert _source(engine, source_id).error_count == 0


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(b"<html><body><h1>500 Internal Server Error</h1></body></html>"), FailureReason.NOT_A_FEED),
        (Route(b"\x00\x01garbage{{{"), FailureReason.NOT_A_FEED),
        (Route(b"oops", status=500), FailureReason.HTTP_ERROR),
        (Route(b"<rss/>", delay=3.0), FailureReason.UNREACHABLE),
        (Route(b"<rss>" + b"x" * 300_000, content_type="application/rss+xml"), FailureReason.TOO_LARGE),
        (Route(b"<rss>" + b"x" * 300_000, declare_length=False), FailureReason.TOO_LARGE),
    ],
    ids=["html-error-page", "garbage", "http-500", "slow", "huge", "huge-undeclared"],
)
def test_a_broken_feed_is_a_failure_with_a_reason_and_does_not_stop_the_others(
    web: WebDouble, engine: Engine, route: Route, reason: FailureReason
):
    web.routes["/bad.xml"] = route
    items = [{"guid": "ok", "link": web.url("/a/ok"), "title": "خبر", "description": " ".join(paragraphs(2) * 3)}]
    web.routes["/good.xml"] = Route(rss(items), content_type="application/rss+xml")
    bad = _feed_source(engine, web.url("/bad.xml"))
    _feed_source(engine, web.url("/good.xml"))
    report = ingest_sources(engine, FAST)
    assert report.ingested == 1
    assert [f.reason for f in report.failed] == [reason]
    health = _source(engine, bad)
    assert health.error_count == 1 and health.last_error == report.failed[0].message


def test_redirects_are_followed_up_to_a_limit(web: WebDouble):
    web.routes["/r1"] = Route(redirect="/r2")
    web.routes["/r2"] = Route(redirect=web.url("/final"))
    web.routes["/final"] = Route(b"done")
    web.routes["/loop"] = Route(redirect="/loop")
    with Fetcher(FAST) as fetcher:
        response = fetcher.fetch(web.url("/r1"))
        assert not isinstance(response, Failure) and response.content == b"done"
        looped = fetcher.fetch(web.url("/loop"))
    assert isinstance(looped, Failure) and "redirects" in looped.message


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://localhost:8080/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "file:///etc/passwd",
        "ftp://example.com/",
    ],
)
def test_private_and_non_http_addresses_are_refused(url: str):
    assert check_address(url, allow_private=False) is not None


def test_loopback_feed_refused_unless_allowed(web: WebDouble, engine: Engine):
    web.routes["/feed.xml"] = Route(rss([]), content_type="application/rss+xml")
    with pytest.raises(SourceError, match="loopback or private"):
        add_source(engine, web.url("/feed.xml"))
    with Fetcher(FetchSettings(allow_private=False)) as fetcher:
        refused = fetcher.fetch(web.url("/feed.xml"))
    assert isinstance(refused, Failure) and refused.reason is FailureReason.REFUSED
    assert web.requests == []  # nothing was sent


def test_every_redirect_hop_is_checked(web: WebDouble, monkeypatch: pytest.MonkeyPatch):
    """A public-looking first hop that redirects to an internal address is stopped at that hop."""
    web.routes["/start"] = Route(redirect="http://127.0.0.2:9/internal")
    real_check = http_module.check_address
    monkeypatch.setattr(
        http_module,
        "check_address",
        lambda url, allow: None if url.startswith("http://127.0.0.1:") else real_check(url, False),
    )
    with Fetcher(FetchSettings(min_host_interval=0.0)) as fetcher:
        result = fetcher.fetch(web.url("/start"))
    assert isinstance(result, Failure) and result.reason is FailureReason.REFUSED
    assert "127.0.0.2" in result.message


def test_failing_source_backs_off_then_switches_itself_off_and_tells_the_admins(web: WebDouble, engine: Engine):
    web.routes["/down.xml"] = Route(b"down", status=503)
    source_id = _feed_source(engine, web.url("/down.xml"))
    told: list[str] = []
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    delays = []
    for n in range(MAX_CONSECUTIVE_ERRORS):
        ingest_sources(engine, FAST, now=now, notify=told.append)
        source = _source(engine, source_id)
        delays.append(source.next_check_at.replace(tzinfo=UTC) - now)
        assert source.error_count == n + 1
    assert delays == sorted(delays) and delays[1] == 2 * delays[0]  # doubling, capped
    assert delays[-1] <= timedelta(hours=6)
    assert _source(engine, source_id).state is SourceState.DISABLED
    assert len(told) == 1 and "switched off" in told[0] and "503" in told[0]
    web.routes["/down.xml"] = Route(rss([]), content_type="application/rss+xml")
    assert ingest_sources(engine, FAST).seen == 0  # disabled sources are not polled


def test_due_only_passes_respect_next_check(web: WebDouble, engine: Engine):
    web.routes["/feed.xml"] = Route(rss([]), content_type="application/rss+xml")
    _feed_source(engine, web.url("/feed.xml"))
    now = datetime.now(UTC)
    ingest_sources(engine, FAST, now=now)
    count = len(web.requests)
    ingest_sources(engine, FAST, now=now + timedelta(seconds=10), due_only=True)
    assert len(web.requests) == count  # not due yet (the interval is 300 s)
    ingest_sources(engine, FAST, now=now + timedelta(seconds=301), due_only=True)
    assert len(web.requests) == count + 1


def test_article_page_and_section_page_sources(web: WebDouble, engine: Engine):
    web.routes["/story"] = Route(article_page("خبر الصفحة", paragraphs(4)))
    links = "".join(f"<li><a href='/news/{i}'>عنوان الخبر رقم {i} في القسم اليوم</a></li>" for i in range(6))
    web.routes["/section"] = Route(f"<html><body><ul>{links}</ul><a href='/about'>من نحن</a></body></html>".encode())
    for i in range(6):
        web.routes[f"/news/{i}"] = Route(article_page(f"خبر {i}", paragraphs(10 + i)))
    _feed_source(engine, web.url("/story"), SourceKind.PAGE)
    _feed_source(engine, web.url("/section"), SourceKind.PAGE)
    report = ingest_sources(engine, FAST)
    assert (report.ingested, report.failed) == (7, [])
    assert "/about" not in web.paths_requested()
    assert ingest_sources(engine, FAST).ingested == 0


def test_opml_import_and_export(web: WebDouble, engine: Engine, tmp_path: Path):
    opml = f"""<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
      <outline text="أخبار"><outline text="واس" xmlUrl="{web.url("/spa.xml")}"/>
      <outline text="عكاظ" xmlUrl="{web.url("/okaz.xml")}"/></outline>
      <outline text="مكرر" xmlUrl="{web.url("/spa.xml")}"/></body></opml>"""
    result = import_opml(engine, opml, allow_private=True)
    assert [s["name"] for s in result["added"]] == ["واس", "عكاظ"]
    assert len(result["skipped"]) == 1 and "already a source" in result["skipped"][0]["error"]
    exported = export_opml(engine)
    assert web.url("/okaz.xml") in exported and "عكاظ" in exported
    again = import_opml(open_database(f"sqlite:///{tmp_path / 'other.db'}"), exported, allow_private=True)
    assert len(again["added"]) == 2
    with pytest.raises(SourceError, match="not valid XML"):
        import_opml(engine, "<opml><body>")


def test_requests_to_one_host_are_spaced_out(web: WebDouble):
    web.routes["/a"] = Route(b"a")
    web.routes["/b"] = Route(b"b")
    with Fetcher(FetchSettings(allow_private=True, min_host_interval=0.4)) as fetcher:
        start = time.monotonic()
        fetcher.fetch(web.url("/a"))
        fetcher.fetch(web.url("/b"))
        elapsed = time.monotonic() - start
    assert elapsed >= 0.4
    assert web.requests[0][1]["User-Agent"].startswith("Nashra/")


def test_the_spacing_between_requests_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    monkeypatch.delenv("NASHRA_HOST_INTERVAL", raising=False)
    assert fetch_settings(load_settings()).min_host_interval == 1.0
    monkeypatch.setenv("NASHRA_HOST_INTERVAL", "0")
    assert fetch_settings(load_settings()).min_host_interval == 0.0
    monkeypatch.setenv("NASHRA_HOST_INTERVAL", "-1")
    with pytest.raises(SettingsError, match="NASHRA_HOST_INTERVAL"):
        load_settings()
