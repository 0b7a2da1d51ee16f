"""Chats and what they asked for: subscriptions, followed names, filters, the stories each was shown,
admin actions, and the delivery log."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from storage.models import (
    AdminAction,
    Chat,
    ChatFilter,
    ChatStory,
    Delivery,
    DeliveryState,
    FilterKind,
    Follow,
    Story,
    Subscription,
)


def upsert_chat(session: Session, chat_id: int, *, title: str | None = None, language: str | None = None) -> Chat:
    """The chat's row, created on first contact; its language follows the user's latest message."""
    chat = session.get(Chat, chat_id) or Chat(id=chat_id, title=title)
    if language is not None:
        chat.language = language
    session.add(chat)
    session.flush()
    return chat


def subscription_of(session: Session, chat_id: int) -> Subscription | None:
    return session.exec(select(Subscription).where(Subscription.chat_id == chat_id)).first()


def save(session: Session, row: Subscription | Follow) -> None:
    session.add(row)
    session.flush()


def active_subscriptions(session: Session) -> list[Subscription]:
    return list(session.exec(select(Subscription).where(Subscription.active).order_by(col(Subscription.chat_id))))


def follows_of(session: Session, chat_id: int) -> list[Follow]:
    return list(session.exec(select(Follow).where(Follow.chat_id == chat_id).order_by(col(Follow.id))))


def add_follow(session: Session, chat_id: int, name: str, key: str) -> None:
    exists = session.exec(select(Follow).where(Follow.chat_id == chat_id, Follow.key == key)).first()
    if exists is None:
        session.add(Follow(chat_id=chat_id, name=name, key=key))


def remove_follow(session: Session, chat_id: int, key: str) -> int:
    rows = list(session.exec(select(Follow).where(Follow.chat_id == chat_id, Follow.key == key)))
    for row in rows:
        session.delete(row)
    return len(rows)


def record_admin_action(session: Session, user_id: int, command: str, detail: str, allowed: bool) -> None:
    session.add(AdminAction(user_id=user_id, command=command, detail=detail[:500], allowed=allowed))


# --- the delivery log: one row per chat and day ---------------------------------------


def delivery_of(session: Session, chat_id: int, day: date) -> Delivery | None:
    return session.exec(select(Delivery).where(Delivery.chat_id == chat_id, Delivery.digest_date == day)).first()


def open_delivery(session: Session, chat_id: int, day: date) -> Delivery:
    """The day's delivery row, created if need be (a concurrent creator makes the flush fail: read again)."""
    if session.get(Chat, chat_id) is None:
        session.add(Chat(id=chat_id))
        session.flush()
    row = delivery_of(session, chat_id, day)
    if row is None:
        row = Delivery(chat_id=chat_id, digest_date=day)
        session.add(row)
        session.flush()
    return row


def record_progress(
    session: Session, delivery_id: int, *, parts: int, state: DeliveryState, error: str | None = None
) -> None:
    row = session.get(Delivery, delivery_id)
    if row is not None:
        row.parts_sent, row.state, row.error = parts, state, error
        if state is DeliveryState.SENT:
            row.sent_at = datetime.now(UTC)
        session.add(row)


# --- filters and the stories a chat was shown ---------------------------------------------


def filters_of(session: Session, chat_id: int) -> list[ChatFilter]:
    query = select(ChatFilter).where(ChatFilter.chat_id == chat_id).order_by(col(ChatFilter.id))
    return list(session.exec(query))


def add_filter(session: Session, chat_id: int, kind: FilterKind, word: str, key: str) -> None:
    exists = session.exec(
        select(ChatFilter).where(ChatFilter.chat_id == chat_id, ChatFilter.kind == kind, ChatFilter.key == key)
    ).first()
    if exists is None:
        session.add(ChatFilter(chat_id=chat_id, kind=kind, word=word, key=key))


def remove_filters(session: Session, chat_id: int, kind: FilterKind, keys: Collection[str] | None = None) -> int:
    """Remove the chat's filters of this kind (only those with these keys, when given); how many went."""
    query = select(ChatFilter).where(ChatFilter.chat_id == chat_id, ChatFilter.kind == kind)
    if keys is not None:
        query = query.where(col(ChatFilter.key).in_(list(keys)))
    rows = list(session.exec(query))
    for row in rows:
        session.delete(row)
    return len(rows)


def shown_stories(session: Session, chat_id: int, story_ids: Collection[int]) -> dict[int, int]:
    """{story id: newest article id the chat was shown of it}, for those of these stories it was shown.

    A story that absorbed others (merges) counts as shown up to the newest article shown of any of them.
    """
    if not story_ids:
        return {}
    absorbed = dict(
        session.exec(select(Story.id, Story.merged_into_id).where(col(Story.merged_into_id).in_(list(story_ids)))).all()
    )
    wanted = [*story_ids, *absorbed]
    rows = session.exec(
        select(ChatStory.story_id, ChatStory.last_article_id).where(
            ChatStory.chat_id == chat_id, col(ChatStory.story_id).in_(wanted)
        )
    )
    shown: dict[int, int] = {}
    for story_id, last_article_id in rows:
        target = absorbed.get(story_id, story_id)
        shown[target] = max(shown.get(target, 0), last_article_id)
    return shown


def record_shown(session: Session, chat_id: int, shown: dict[int, int]) -> None:
    """The chat has now been shown these stories up to these article ids."""
    if not shown:
        return
    existing = {
        row.story_id: row
        for row in session.exec(
            select(ChatStory).where(ChatStory.chat_id == chat_id, col(ChatStory.story_id).in_(list(shown)))
        )
    }
    for story_id, last_article_id in shown.items():
        row = existing.get(story_id) or ChatStory(chat_id=chat_id, story_id=story_id, last_article_id=0)
        row.last_article_id = max(row.last_article_id, last_article_id)
        session.add(row)
