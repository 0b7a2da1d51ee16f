"""`about`: what the store knows about a name — a first version built on full-text search.

The card: the canonical spelling (after admin aliases), its other spellings, how many
articles mention it, its recent stories with their summaries, and the names that
appear with it most. An unknown name is not an error: it gets search results instead.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.commands import resolve_alias
from bot.reports import search_report
from digest.arabic import normalize, spelling_variants
from digest.entities import extract_entities
from storage import queries
from storage.models import Article, EntityAlias, Story, StoryArticle, SummaryKind

MAX_HITS = 1000
CONTEXT_ARTICLES = 30


def about_report(engine: Engine, name: str, *, stories: int = 5) -> dict[str, Any]:
    query = " ".join(name.split())
    with Session(engine) as session:
        canonical = resolve_alias(session, query)
        aliases = [a.variant for a in session.exec(select(EntityAlias).where(EntityAlias.canonical == canonical))]
    hits_by_spelling = {
        spelling: found
        for spelling in spelling_variants(canonical)
        if (found := search_report(engine, spelling, limit=MAX_HITS))
    }
    hits = list({h["article_id"]: h for found in hits_by_spelling.values() for h in found}.values())
    if hits_by_spelling:
        commonest = max(hits_by_spelling, key=lambda sp: len(hits_by_spelling[sp]))
        written = {_displayed_spelling(engine, found, sp) or sp for sp, found in hits_by_spelling.items()}
        name = _displayed_spelling(engine, hits_by_spelling[commonest], commonest) or commonest
        if normalize(name) != normalize(canonical):
            aliases = [*aliases, query]
        canonical = name
        aliases = [*aliases, *sorted(w for w in written if w != name and w not in aliases)]
    if not hits:
        words = sorted(query.split(), key=len, reverse=True)
        results = search_report(engine, words[0], limit=5) if words else []
        return {
            "query": query,
            "entity": None,
            "mentions": 0,
            "stories": [],
            "results": results,
            "suggestions": sorted({r["title"] for r in results})[:3],
        }
    article_ids = [h["article_id"] for h in hits]
    with Session(engine) as session:
        kind, related = _context(session, canonical, article_ids[:CONTEXT_ARTICLES])
        story_ids = list(
            dict.fromkeys(
                session.exec(select(StoryArticle.story_id).where(col(StoryArticle.article_id).in_(article_ids))).all()
            )
        )
        members = queries.story_articles(session, story_ids)
        summaries = queries.summaries_for(session, SummaryKind.STORY, story_ids)
        newest = sorted(story_ids, key=lambda s: max(queries.aware(a.dated_at) for a in members[s]), reverse=True)
        cards = [
            {
                "id": sid,
                "title": _story_title(session, sid),
                "summary": summaries.get(sid, []),
                "articles": [
                    {"id": a.id, "title": a.title, "source": a.source_name, "url": a.url} for a in members[sid]
                ],
            }
            for sid in newest[:stories]
        ]
    return {
        "query": query,
        "entity": {"id": normalize(canonical), "name": canonical, "kind": kind, "aliases": aliases},
        "mentions": len(hits),
        "stories": cards,
        "related": related,
    }


def _displayed_spelling(engine: Engine, hits: list[dict[str, Any]], matched: str) -> str | None:
    """The matched spelling as the articles write it (with hamza and taa marbuta), from the first snippet."""
    wanted = matched.split()
    for hit in hits[:5]:
        words = hit["snippet"].split()
        for i in range(len(words) - len(wanted) + 1):
            window = words[i : i + len(wanted)]
            if [normalize(w).strip('،.:؛«»"') for w in window] == wanted:
                return " ".join(w.strip('،.:؛«»"') for w in window)
    return None


def _story_title(session: Session, story_id: int) -> str:
    story = session.get(Story, story_id)
    return story.title if story else ""


def _context(session: Session, canonical: str, article_ids: list[int]) -> tuple[str | None, list[dict[str, Any]]]:
    """The entity's kind as the extractor sees it, and the names that co-occur with it most."""
    key = normalize(canonical)
    kinds: Counter[str] = Counter()
    others: Counter[tuple[str, str]] = Counter()
    for article in session.exec(select(Article).where(col(Article.id).in_(article_ids))):
        seen = set()
        for entity in extract_entities(article.clean_text):
            name = normalize(entity.canonical)
            if key in name or name in key:
                kinds[entity.kind] += 1
            elif (entity.canonical, entity.kind) not in seen:
                seen.add((entity.canonical, entity.kind))
                others[(entity.canonical, entity.kind)] += 1
    related = [{"name": n, "kind": k, "articles": c} for (n, k), c in others.most_common(5)]
    return (kinds.most_common(1)[0][0] if kinds else None), related


def top_entities(engine: Engine, top: int = 20) -> list[dict[str, Any]]:
    """The most mentioned entities (articles mentioning them), spellings merged by admin aliases and g-letters."""
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    spellings: dict[str, set[str]] = {}
    with Session(engine) as session:
        aliases = {a.variant_key: a.canonical for a in session.exec(select(EntityAlias))}
        for entities in session.exec(select(Article.entities).where(col(Article.duplicate_of_id).is_(None))):
            seen = set()
            for name, kind in entities.items():
                name = aliases.get(normalize(name), name)
                key = min(spelling_variants(name))  # one key for كيم جونغ أون and كيم جونج أون
                spellings.setdefault(key, set()).add(name)
                kinds.setdefault(key, Counter())[kind] += 1
                if key not in seen:
                    seen.add(key)
                    counts[key] += 1
    result = []
    for key, mentions in counts.most_common(top):
        names = sorted(spellings[key], key=lambda n: (-len(n), n))
        result.append(
            {"name": names[0], "kind": kinds[key].most_common(1)[0][0], "aliases": names[1:], "mentions": mentions}
        )
    return result
