"""From a raw article to everything Nashra stores about it: a pure step, no I/O."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from digest.arabic import normalize, search_terms
from digest.cleaning import Block, CleanArticle, clean_article
from digest.clustering import TermVector, term_vector
from digest.entities import extract_entities
from digest.entity_lexicon import first_names, gazetteer
from digest.entity_linking import link_names
from digest.event_features import EventFeatures, from_processed
from digest.near_duplicates import signature, to_bytes
from digest.salience import shown_name_ok
from digest.sentences import split_sentences
from digest.sources.html import extract_page
from digest.sources.model import Failure, FailureReason, RawArticle
from digest.summarize import Summarizer, summarize_article

MIN_ARTICLE_WORDS = 15
# The NLP reads this much of a body: about 9,000 words, more than any news report runs to (SaudiNewsNet's
# longest is 33,687 characters). Without it the NLP of a 3 MB single-line file took 22 s, and grows with
# the size; the whole text is still stored and searchable.
NLP_BUDGET_CHARS = 50_000


@dataclass(frozen=True)
class ProcessedArticle:
    raw: RawArticle
    title: str
    clean: CleanArticle
    normalized_text: str
    search_text: str
    sentences: tuple[str, ...]  # of the body paragraphs; headings are not sentences
    summary: tuple[str, ...]
    content_hash: str
    minhash: bytes  # the body's MinHash signature (near_duplicates), worked out with the rest of the NLP
    terms: TermVector
    entities: dict[str, str]  # canonical name: kind
    event: EventFeatures | None = None  # what the same-event decision needs (digest.event_features)

    @property
    def clean_text(self) -> str:
        return self.clean.text


def process(
    raw: RawArticle, summarizer: Summarizer | None = None, template: frozenset[str] = frozenset()
) -> ProcessedArticle | Failure:
    """Clean, normalise, split, summarise and fingerprint one article; a Failure if it holds none.

    `template` holds the line keys known to recur across this source's articles (see `boilerplate`).
    """
    text, title, published, url = raw.text, raw.title, raw.published, raw.url
    if raw.is_html:
        page = extract_page(raw.text, url=None if url.startswith("file:") else url)
        if page is None:
            return Failure(raw.item, FailureReason.NO_ARTICLE, "no article text found in the page")
        text, title = page.text, title or page.title
        published = published or page.published
        url = url if url.startswith(("http:", "https:")) else (page.url or url)
    clean = clean_article(text, title=title, template=template)
    n_words = len(clean.text.split())
    if n_words < MIN_ARTICLE_WORDS:
        detail = "no article text found (only headlines, lists or page furniture)"
        return Failure(raw.item, FailureReason.NO_ARTICLE, f"{detail}: {n_words} words of body")
    raw = replace(raw, url=url, title=title, published=published)
    normalized_body = normalize(clean.text)
    head = within_budget(clean, NLP_BUDGET_CHARS)
    sentences = tuple(s for p in head.paragraphs for s in split_sentences(p))
    processed = ProcessedArticle(
        raw=raw,
        title=clean.title,
        clean=clean,
        normalized_text=normalized_body,
        search_text=search_terms(f"{clean.title}\n{clean.text}"),
        sentences=sentences,
        summary=tuple(summarize_article(sentences, summarizer=summarizer)),
        content_hash=content_hash(normalized_body),
        minhash=to_bytes(signature(normalized_body if head is clean else normalize(head.text))),
        terms=term_vector(clean.title, head.paragraphs),
        entities=entity_names(f"{clean.title}\n{head.text}"),
    )
    return replace(processed, event=from_processed(processed))


def within_budget(article: CleanArticle, chars: int) -> CleanArticle:
    """The article's blocks up to `chars` characters (the last one cut between words); itself when shorter."""
    if len(article.text) <= chars:
        return article
    kept: list[Block] = []
    left = chars
    for block in article.blocks:
        if left <= 0:
            break
        if len(block.text) > left:
            head = block.text[: left + 1]  # one more: is the cut between two words?
            cut = head[:left] if head[left:].isspace() else head[:left].rsplit(None, 1)[0]
            if cut.strip():
                kept.append(replace(block, text=cut.rstrip()))
            break
        kept.append(block)
        left -= len(block.text) + 2  # the blank line between blocks
    return replace(article, blocks=tuple(kept))


INDEXED_KINDS = frozenset({"PER", "LOC", "ORG"})  # who and where; currencies and prizes (MISC) are not news subjects


def entity_names(text: str) -> dict[str, str]:
    """Each person, place and organisation once, with its kind, by its fullest name in the text: spellings,
    acronyms and short forms of one entity merged (`digest.entity_linking`), lone first names and words
    that cannot be names left out (`digest.salience.shown_name_ok`)."""
    kinds: dict[str, str] = {}
    for entity in extract_entities(text):
        if entity.kind in INDEXED_KINDS and shown_name_ok(entity.canonical, entity.kind):
            kinds.setdefault(entity.canonical, entity.kind)
    linked = link_names(kinds, kinds)
    return {name: kinds[name] for name in dict.fromkeys(linked.values()) if not _lone_first_name(name, kinds[name])}


def _lone_first_name(name: str, kind: str) -> bool:
    """A person named by one word that is a first name, or that the gazetteer does not know (يانغ، يون):
    a fragment, unless a full name in the text took it (`link_names`)."""
    words = normalize(name).split()
    return kind == "PER" and len(words) == 1 and (words[0] in first_names() or (words[0],) not in gazetteer())


def content_hash(normalized_text: str) -> str:
    """Fingerprint of an article body: identical text after normalisation gives the same hash."""
    return hashlib.sha256(" ".join(normalized_text.split()).encode("utf-8")).hexdigest()
