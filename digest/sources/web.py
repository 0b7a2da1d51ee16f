"""Feeds and web pages turned into raw articles: fetch (through `Fetcher`), then parse.

Reading a feed or a page is one function each; what to do with the items (skip those
stored already, store the rest) is the caller's, passed in as `AlreadyStored`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from digest.sources.decode import DecodeError, decode_bytes
from digest.sources.feeds import Feed, parse_feed
from digest.sources.http import Fetcher, Response
from digest.sources.model import Failure, RawArticle, WebSource, looks_like_html
from digest.sources.pages import article_links, is_section_page
from digest.sources.urls import normalize_url

# Asked before any page is fetched: is this entry (guid or URL) stored already?
AlreadyStored = Callable[[str | None, str], bool]


@dataclass
class SourceFetch:
    """The outcome of reading one web source: its items, or why the source itself failed."""

    items: list[RawArticle | Failure]
    error: Failure | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    skipped: int = 0  # entries already stored, not fetched again


def read_feed(fetcher: Fetcher, source: WebSource, stored: AlreadyStored) -> SourceFetch:
    response = fetcher.fetch(source.location, etag=source.etag, last_modified=source.last_modified)
    if isinstance(response, Failure):
        return SourceFetch(items=[], error=response)
    if response.not_modified:
        return SourceFetch(items=[], etag=source.etag, last_modified=source.last_modified, not_modified=True)
    feed = parse_feed(response.content, source.location)
    if isinstance(feed, Failure):
        return SourceFetch(items=[], error=feed)
    result = SourceFetch(items=[], etag=response.etag, last_modified=response.last_modified)
    for item in _feed_items(fetcher, source, feed, stored, result):
        result.items.append(item)
    return result


def _feed_items(
    fetcher: Fetcher, source: WebSource, feed: Feed, stored: AlreadyStored, result: SourceFetch
) -> Iterator[RawArticle | Failure]:
    for entry in feed.entries:
        url = entry.url or f"{source.location}#{entry.guid}"  # as the feed gives it; matched normalised
        if stored(entry.guid, normalize_url(url)):
            result.skipped += 1
            continue
        if entry.is_teaser and entry.url:
            page = _page(fetcher, entry.url)
            if isinstance(page, Failure):
                yield page
                continue
            yield RawArticle(
                item=entry.url,
                text=page,
                url=url,
                title=entry.title,
                published=entry.published,
                source=source.name,
                is_html=True,
                guid=entry.guid,
            )
        else:
            yield RawArticle(
                item=entry.url or entry.guid,
                text=entry.text,
                url=url,
                title=entry.title,
                published=entry.published,
                source=source.name,
                is_html=looks_like_html(entry.text),
                guid=entry.guid,
            )


def read_page(fetcher: Fetcher, source: WebSource, stored: AlreadyStored, max_links: int = 30) -> SourceFetch:
    """An article page gives itself; a section page gives the articles it links to."""
    response = fetcher.fetch(source.location, etag=source.etag, last_modified=source.last_modified)
    if isinstance(response, Failure):
        return SourceFetch(items=[], error=response)
    if response.not_modified:
        return SourceFetch(items=[], etag=source.etag, last_modified=source.last_modified, not_modified=True)
    text = _text(response)
    if isinstance(text, Failure):
        return SourceFetch(items=[], error=text)
    result = SourceFetch(items=[], etag=response.etag, last_modified=response.last_modified)
    links = article_links(text, response.url)
    if not is_section_page(links):
        url = response.url
        if stored(None, normalize_url(url)):
            result.skipped += 1
        else:
            result.items.append(RawArticle(item=source.location, text=text, url=url, source=source.name, is_html=True))
        return result
    for link in links[:max_links]:
        if stored(None, link):
            result.skipped += 1
            continue
        page = _page(fetcher, link)
        result.items.append(
            page
            if isinstance(page, Failure)
            else RawArticle(item=link, text=page, url=link, source=source.name, is_html=True)
        )
    return result


def _page(fetcher: Fetcher, url: str) -> str | Failure:
    response = fetcher.fetch(url)
    if isinstance(response, Failure):
        return response
    return _text(response)


def _text(response: Response) -> str | Failure:
    try:
        return decode_bytes(response.content)
    except DecodeError as exc:
        return Failure(response.url, exc.reason, str(exc))
