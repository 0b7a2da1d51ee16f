"""Web pages: is a page an article, or a section page listing articles? (pure; fetching is in `http`)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from digest.sources.urls import normalize_url

MIN_HEADLINE_WORDS = 4
MIN_SECTION_LINKS = 5


def article_links(page: str, base_url: str, limit: int = 50) -> list[str]:
    """Links of a section page that look like articles: same site, deeper path, a headline as anchor text."""
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    base = urlsplit(base_url)
    links: list[str] = []
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        text = " ".join(anchor.text_content().split())
        if not href or len(text.split()) < MIN_HEADLINE_WORDS:
            continue
        url = normalize_url(urljoin(base_url, href))
        parts = urlsplit(url)
        if parts.hostname != base.hostname or parts.path.rstrip("/") in ("", base.path.rstrip("/")):
            continue
        if url not in links:
            links.append(url)
        if len(links) >= limit:
            break
    return links


def is_section_page(links: list[str]) -> bool:
    return len(links) >= MIN_SECTION_LINKS
