"""`about` and `entities`: cards from the entity index (see `storage.entity_index`).

The card: the canonical spelling (after admin aliases), its other spellings, how many
articles name it, its recent stories with their summaries, and the names that appear with
it most. Spellings merge through one key (g-letters, hamza, taa marbuta), admin aliases and,
for a person asked by one name, the best-known full name ending in it (بوتين → فلاديمير بوتين).
A name the index does not know but the articles hold gets a card from full-text search; a name
found nowhere gets the closest known names and search results for its words.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from bot.answers.chats import resolve_alias
from bot.answers.search import search_report
from digest.arabic import names_without_article, normalize
from digest.entity_lexicon import first_names
from digest.entity_linking import link_key, query_words, search_alternatives
from digest.salience import named_in
from storage import articles, entity_index, stories
from storage.models import Entity, SummaryKind
from storage.search import search_articles

RECENT_ARTICLES = 200  # the stories on a card come from the entity's newest articles
STORIES_CONSIDERED = 50  # of their stories, the newest this many are looked at for one named in its title
CONTEXT_ARTICLES = 30  # related names: those named most often alongside it in its newest articles
RELATED = 5
SUGGESTIONS = 3
TEXT_HITS = 200  # for a name known only from full text, mentions are counted up to this


def about_report(engine: Engine, name: str, *, limit: int = 5) -> dict[str, Any]:
    query = " ".join(name.split())
    with Session(engine) as session:
        canonical = resolve_alias(session, query)
        aliases = entity_index.aliases_of(session, canonical)
        entities = _entities_named(session, [canonical, *aliases, query])
        if not entities:
            return _from_text(session, query, canonical, aliases, limit) or _unknown(engine, session, query)
        ids = [e.id for e in entities if e.id is not None]
        recent = entity_index.recent_articles(session, ids, RECENT_ARTICLES)
        related = entity_index.co_mentioned(session, recent[:CONTEXT_ARTICLES], ids, RELATED)
        cards = _story_cards(session, recent, limit, names=_spellings(entities, aliases, query))
        mentions = entity_index.mention_count(session, entities)
    main = max(entities, key=lambda e: (e.mentions, -(e.id or 0)))
    spellings = Counter[str]()
    for entity in entities:
        spellings.update(entity.spellings)
    display = main.name if normalize(canonical) == normalize(query) else canonical
    others = [s for s, _ in spellings.most_common() if s != display]
    for asked in (*aliases, query):
        if normalize(asked) not in {normalize(display), *map(normalize, others)}:
            others.append(asked)
    return {
        "query": query,
        "entity": {"id": main.key, "name": display, "kind": main.kind, "aliases": others},
        "mentions": mentions,
        "stories": cards,
        "related": [{"name": e.name, "kind": e.kind, "articles": n} for e, n in related],
    }


def is_known(engine: Engine, name: str) -> bool:
    """Has the store seen this name: an entity of that spelling (or an alias), or articles holding it?"""
    query = " ".join(name.split())
    with Session(engine) as session:
        if _entities_named(session, [resolve_alias(session, query), query]):
            return True
        terms = [t for t in (search_alternatives(w) for w in query_words(query)) if t]
        return bool(terms) and bool(search_articles(session, terms, limit=1, newest_first=True))


def top_entities(engine: Engine, top: int = 20) -> list[dict[str, Any]]:
    """The most mentioned entities, spellings merged by key, admin aliases and short-to-full names."""
    with Session(engine) as session:
        aliases = {a.variant_key: a.canonical for a in entity_index.all_aliases(session)}
        rows = entity_index.most_mentioned(session, top * 3 + 20)
        groups: dict[str, list[Entity]] = {}
        for entity in rows:
            groups.setdefault(_group_key(entity, aliases), []).append(entity)
        _fold_short_names(groups)
        result = []
        for members in groups.values():
            mentions = entity_index.mention_count(session, members)
            main = max(members, key=lambda e: e.mentions)
            spellings = Counter[str]()
            for entity in members:
                spellings.update(entity.spellings)
            names = [s for s, _ in spellings.most_common()]
            result.append(
                {
                    "name": main.name,
                    "kind": main.kind,
                    "aliases": [n for n in names if n != main.name],
                    "mentions": mentions,
                }
            )
    return sorted(result, key=lambda e: (-e["mentions"], e["name"]))[:top]


def _entities_named(session: Session, names: list[str]) -> list[Entity]:
    """Index entries for these spellings; a single word that is no first name also finds full names ending in it."""
    keys = {link_key(n) for n in names}
    found = {e.id: e for e in entity_index.by_keys(session, keys)}
    for name in names:
        words = normalize(name).split()
        if len(words) == 1 and words[0] not in first_names():
            for entity in entity_index.by_surname(session, link_key(words[0]), limit=1):
                found.setdefault(entity.id, entity)
    for key in keys:  # a person's name, and that name said in full: الملك سلمان بن عبدالعزيز [آل سعود]
        if len(key.split()) >= 2:
            longer = entity_index.starting_with(session, key + " ", limit=3)
            found.update((e.id, e) for e in longer[:1] if e.kind == "PER")
    return list(found.values())


def _group_key(entity: Entity, aliases: dict[str, str]) -> str:
    canonical = aliases.get(normalize(entity.name))
    return link_key(canonical) if canonical else entity.key


def _fold_short_names(groups: dict[str, list[Entity]]) -> None:
    """A person's one-word name joins the best-known full name ending in it: بوتين into فلاديمير بوتين."""
    full_names: dict[str, str] = {}
    for key, members in groups.items():
        for entity in members:
            if entity.surname and entity.surname not in full_names:
                full_names[entity.surname] = key
    for key in list(groups):
        members = groups[key]
        if len(key.split()) == 1 and key in full_names and key not in first_names() and members[0].kind == "PER":
            groups[full_names[key]].extend(groups.pop(key))


def _story_cards(
    session: Session, article_ids: list[int], limit: int, names: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The stories of these articles, each with its title, summary and articles: newest first, and when
    `names` are given, those whose title names it before those that only mention it (a card on الهلال
    leads with the club's news, not with a match report that names it in passing)."""
    story_of = stories.stories_of_articles(session, article_ids)
    story_ids = list(dict.fromkeys(story_of[a] for a in article_ids if a in story_of))
    story_ids = story_ids[: max(limit, STORIES_CONSIDERED) if names else limit]
    titles = stories.titles_of(session, story_ids)  # read once: for the order and for the cards
    if names:
        about = {sid for sid in story_ids if named_in(titles.get(sid, ""), names)}
        story_ids = sorted(story_ids, key=lambda sid: sid not in about)  # stable: newest first within each
    story_ids = story_ids[:limit]
    members = stories.story_articles(session, story_ids)
    summaries = stories.summaries_for(session, SummaryKind.STORY, story_ids)
    return [
        {
            "id": sid,
            "title": titles.get(sid, ""),
            "summary": summaries.get(sid, []),
            "articles": [{"id": a.id, "title": a.title, "source": a.source_name, "url": a.url} for a in members[sid]],
        }
        for sid in story_ids
    ]


def _spellings(entities: Sequence[Entity], aliases: Sequence[str], query: str) -> list[str]:
    """Every way the card's entity is written: its spellings, the admin's aliases, what was asked."""
    return list(dict.fromkeys([*(s for e in entities for s in e.spellings), *aliases, query]))


def _from_text(session: Session, query: str, canonical: str, aliases: list[str], limit: int) -> dict[str, Any] | None:
    """A name the extractor never tagged but the articles hold (a club's nickname, say): a card from full text.

    Its newest articles, unranked: they are counted and their stories shown newest first, like an entity's.
    """
    article_ids = list(
        dict.fromkeys(
            hit.article_id
            for spelling in (canonical, *aliases)
            for hit in search_articles(
                session, [search_alternatives(w) for w in query_words(spelling)], limit=TEXT_HITS, newest_first=True
            )
        )
    )
    word = normalize(query)
    if len(word.split()) == 1 and not word.startswith("ال"):  # مالي asked: المالي (financial) is not it
        texts = articles.titles_and_texts(session, article_ids)
        article_ids = [
            i
            for i in article_ids
            if i in texts and names_without_article(f"{normalize(texts[i][0])}\n{texts[i][1]}", word)
        ]
    if not article_ids:
        return None
    related = entity_index.co_mentioned(session, article_ids[:CONTEXT_ARTICLES], [], RELATED)
    others = list(dict.fromkeys(a for a in (*aliases, query) if normalize(a) != normalize(canonical)))
    return {
        "query": query,
        "entity": {"id": link_key(canonical), "name": canonical, "kind": None, "aliases": others},
        "mentions": len(article_ids),
        "stories": _story_cards(session, article_ids, limit),
        "related": [{"name": e.name, "kind": e.kind, "articles": n} for e, n in related],
    }


def _unknown(engine: Engine, session: Session, query: str) -> dict[str, Any]:
    """No entity by that name: the closest known names, and articles holding the words."""
    key = link_key(query)
    words = key.split()
    candidates = {e.id: e for e in entity_index.starting_with(session, key[:3], limit=50)}
    if words:
        candidates.update((e.id, e) for e in entity_index.by_surname(session, words[-1], limit=10))
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, e.key).ratio(), e.mentions, e.name) for e in candidates.values()),
        reverse=True,
    )
    longest = max(query.split(), key=len, default="")
    results = search_report(engine, longest, limit=5) if len(query.split()) > 1 else []  # the whole name found nothing
    return {
        "query": query,
        "entity": None,
        "mentions": 0,
        "stories": [],
        "results": results,
        "suggestions": [name for ratio, _, name in scored if ratio >= 0.5][:SUGGESTIONS],
    }
