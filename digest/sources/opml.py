"""OPML import and export of feed lists (pure: text in, data out)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree


@dataclass(frozen=True)
class FeedOutline:
    url: str
    name: str


class OpmlError(ValueError):
    """The document is not OPML we can read."""


def read_opml(text: str) -> list[FeedOutline]:
    """Every outline with an xmlUrl, however deeply nested in folders."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise OpmlError(f"not valid XML: {exc}") from None
    if root.tag.lower() != "opml":
        raise OpmlError("not an OPML document (the root element is not <opml>)")
    outlines = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            outlines.append(
                FeedOutline(url=url.strip(), name=(outline.get("title") or outline.get("text") or url).strip())
            )
    return outlines


def write_opml(feeds: list[FeedOutline], title: str = "Nashra sources") -> str:
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    body = SubElement(root, "body")
    for feed in feeds:
        SubElement(body, "outline", type="rss", text=feed.name, title=feed.name, xmlUrl=feed.url)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode")
