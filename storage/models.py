"""Tables. Every table has `created_at`/`updated_at`; states are enums, never bare numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, LargeBinary, Text, UniqueConstraint, text
from sqlalchemy import true as sa_true
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Timestamped(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)
    updated_at: datetime = Field(
        default_factory=utcnow,
        sa_type=DateTime(timezone=True),
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )


class SourceKind(StrEnum):
    FOLDER = "folder"
    FEED = "feed"
    PAGE = "page"


class SourceState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"  # turned off by an admin, or by itself after too many errors


class StoryState(StrEnum):
    OPEN = "open"
    MERGED = "merged"  # folded into `merged_into_id`; kept so that the merge stays visible


class SummaryKind(StrEnum):
    ARTICLE = "article"
    STORY = "story"


class FilterKind(StrEnum):
    MUTE = "mute"  # leave out stories matching the word
    ONLY = "only"  # keep only stories matching one of these words


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Source(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=Text)
    kind: SourceKind
    location: str = Field(sa_type=Text, unique=True)  # folder path or URL
    state: SourceState = SourceState.ACTIVE
    poll_interval: int = 300
    etag: str | None = None
    last_modified: str | None = None
    last_success_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    last_error: str | None = Field(default=None, sa_type=Text)
    last_error_reason: str | None = Field(default=None, sa_type=Text)  # its FailureReason, said in words by bot
    error_count: int = 0
    next_check_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # A worker's lease: while `lease_until` lies ahead, no other worker reads this source.
    lease_owner: str | None = Field(default=None, sa_type=Text)
    leased_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    lease_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class Story(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_type=Text)
    state: StoryState = Field(default=StoryState.OPEN, index=True)
    merged_into_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    first_seen_at: datetime = Field(sa_type=DateTime(timezone=True))
    last_seen_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    centroid: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    entities: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    names: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))  # what it is about, ≤ 5
    # What matching needs (digest.story_core.StoryCore as JSON): its core members' event features and aggregates.
    core: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    member_count: int = 0
    drift_checked: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # originals at the last drift check


class Article(Timestamped, table=True):
    __table_args__ = (
        Index("ix_article_dated_at", "dated_at"),
        Index("ix_article_unindexed", "id", postgresql_where=text("NOT indexed"), sqlite_where=text("NOT indexed")),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    source_name: str = Field(sa_type=Text)
    url: str = Field(sa_type=Text, unique=True)  # normalised (`normalize_url`): what matching goes by
    given_url: str | None = Field(default=None, sa_type=Text)  # as the source gave it: what readers follow
    guid: str | None = Field(default=None, sa_type=Text, index=True)  # a feed entry's id
    title: str = Field(sa_type=Text)
    original_text: str = Field(sa_type=Text)
    clean_text: str = Field(sa_type=Text)
    normalized_text: str = Field(sa_type=Text)
    search_text: str = Field(sa_type=Text)
    sentences: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    terms: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(unique=True)
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    fetched_at: datetime = Field(sa_type=DateTime(timezone=True))
    # The article's time: published where the source states it, else first seen.
    dated_at: datetime = Field(sa_type=DateTime(timezone=True))
    duplicate_of_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    entities: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # canonical: kind
    # What kind of text it is: news, or an opinion column, a poll, a caption, a list (these never join news stories).
    kind: str = Field(default="news", sa_column_kwargs={"server_default": "news"})
    # Its counts and indexes (summary, term and line counts, entity index) are written: in a transaction of
    # their own after the one that places it, outside the store's write lock (bot.ingest.store).
    indexed: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})
    minhash: bytes | None = Field(default=None, sa_type=LargeBinary)


class StoryArticle(Timestamped, table=True):
    """Membership of an article in a story, with how well it matched when it joined."""

    __tablename__ = "story_article"

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    article_id: int = Field(foreign_key="article.id", unique=True)
    similarity: float = 1.0


class Summary(Timestamped, table=True):
    __table_args__ = (UniqueConstraint("kind", "article_id", "story_id", name="uq_summary_target"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: SummaryKind
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    sentences: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    method: str = "lexrank"


class Chat(Timestamped, table=True):
    id: int = Field(sa_type=BigInteger, primary_key=True)  # the Telegram chat id
    title: str | None = None
    language: str = "ar"


class Subscription(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id", unique=True)
    language: str = "ar"
    timezone: str = "UTC"
    digest_time: str = "08:00"
    active: bool = True


class Delivery(Timestamped, table=True):
    """Which digest went to which chat for which day: the guard against sending twice."""

    __table_args__ = (UniqueConstraint("chat_id", "digest_date", name="uq_delivery_chat_day"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id", index=True)
    digest_date: date
    state: DeliveryState = DeliveryState.PENDING
    parts_sent: int = 0  # messages of this digest already delivered: a retry resumes after them
    sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    error: str | None = Field(default=None, sa_type=Text)


class SourceLine(Timestamped, table=True):
    """In how many articles of a source a short line occurred: the evidence for template lines."""

    __tablename__ = "source_line"
    __table_args__ = (UniqueConstraint("source_name", "line_key", name="uq_source_line"),)

    id: int | None = Field(default=None, primary_key=True)
    source_name: str = Field(sa_type=Text)
    line_key: str
    documents: int = 0


class Follow(Timestamped, table=True):
    """An entity a chat follows: it gets its own section in the chat's digest."""

    __table_args__ = (UniqueConstraint("chat_id", "key", name="uq_follow_chat_key"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id", index=True)
    name: str = Field(sa_type=Text)  # as the reader wrote it
    key: str = Field(sa_type=Text)  # normalised, for matching


class ChatFilter(Timestamped, table=True):
    """A word a chat muted (`mute`) or asked for alone (`only`), matched like search matches."""

    __tablename__ = "chat_filter"
    __table_args__ = (UniqueConstraint("chat_id", "kind", "key", name="uq_chat_filter"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id", index=True)
    kind: FilterKind
    word: str = Field(sa_type=Text)  # as the reader wrote it
    key: str = Field(sa_type=Text)  # normalised, for matching


class ChatStory(Timestamped, table=True):
    """A story a chat has been shown, up to which article: what is new for it next time."""

    __tablename__ = "chat_story"
    __table_args__ = (UniqueConstraint("chat_id", "story_id", name="uq_chat_story"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id", index=True)
    story_id: int = Field(foreign_key="story.id")
    last_article_id: int  # the newest member article the chat was shown


_WRITTEN_FORMS = frozenset("أإآؤئةى")  # letters normalisation folds away


class Entity(Timestamped, table=True):
    """A person, place or organisation as the store knows it: one row per spelling key (see `entity_key`)."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_type=Text, unique=True)
    surname: str | None = Field(default=None, sa_type=Text, index=True)  # last word's key, for people
    spellings: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    kinds: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    mentions: int = Field(default=0, index=True)  # articles (originals) naming it
    last_seen_at: datetime = Field(sa_type=DateTime(timezone=True))

    @property
    def name(self) -> str:
        """The commonest spelling; between equals, the one that keeps hamza and taa marbuta (أون over اون)."""
        if not self.spellings:
            return self.key
        return max(self.spellings, key=lambda s: (self.spellings[s], sum(c in _WRITTEN_FORMS for c in s), s))

    @property
    def kind(self) -> str:
        return max(self.kinds, key=lambda k: (self.kinds[k], k)) if self.kinds else "MISC"


class ArticleEntity(SQLModel, table=True):
    """An article names an entity; dated like the article, so an entity's recent articles are one index scan."""

    __tablename__ = "article_entity"
    __table_args__ = (Index("ix_article_entity_recent", "entity_id", "dated_at"),)

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", primary_key=True)
    dated_at: datetime = Field(sa_type=DateTime(timezone=True))


class IndexState(SQLModel, table=True):
    """Derived indexes that must be (re)built from stored data once, e.g. after an upgrade."""

    __tablename__ = "index_state"

    name: str = Field(primary_key=True)
    complete: bool = False


class EntityAlias(Timestamped, table=True):
    """An admin's merge of two spellings: `variant` is read as `canonical` everywhere."""

    __tablename__ = "entity_alias"

    id: int | None = Field(default=None, primary_key=True)
    variant_key: str = Field(sa_type=Text, unique=True)
    variant: str = Field(sa_type=Text)
    canonical: str = Field(sa_type=Text)
    created_by: int | None = Field(default=None, sa_type=BigInteger)


class AdminAction(Timestamped, table=True):
    """Who did what, when: every admin command, allowed or refused."""

    __tablename__ = "admin_action"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_type=BigInteger, index=True)
    command: str
    detail: str = Field(default="", sa_type=Text)
    allowed: bool = True


class TermStat(SQLModel, table=True):
    """In how many stored articles a term (or an entity, `e:` + name) occurs: the IDF of clustering."""

    __tablename__ = "term_stat"

    term: str = Field(sa_type=Text, primary_key=True)
    documents: int = 0


class StoryTerm(SQLModel, table=True):
    """Inverted index from a story's distinctive terms and entities to the story, for candidate lookup."""

    __tablename__ = "story_term"
    __table_args__ = (Index("ix_story_term_lookup", "term", "last_seen_at"),)

    story_id: int = Field(foreign_key="story.id", primary_key=True)
    term: str = Field(sa_type=Text, primary_key=True)
    last_seen_at: datetime = Field(sa_type=DateTime(timezone=True))


class ArticleBand(SQLModel, table=True):
    """MinHash LSH bands of an article body: articles sharing a band are near-duplicate candidates."""

    __tablename__ = "article_band"

    band: str = Field(primary_key=True)
    article_id: int = Field(foreign_key="article.id", primary_key=True)


class ReprocessStep(StrEnum):
    NLP = "nlp"  # entities, summaries and term vectors made again from the stored text (any order, in parallel)
    STORIES = "stories"  # articles placed again in stories, in date order
    DONE = "done"


class ReprocessRun(Timestamped, table=True):
    """One `nashra reprocess`: which articles (dated since `since`, stored up to `up_to_id`), what, how far."""

    __tablename__ = "reprocess_run"

    id: int | None = Field(default=None, primary_key=True)
    what: str = Field(sa_type=Text)  # comma-separated, sorted: entities,stories,summaries
    since: date | None = None
    up_to_id: int = 0  # articles stored after the run began were made by the current NLP already
    total: int = 0  # original articles in the run (copies follow their originals)
    step: ReprocessStep = ReprocessStep.NLP
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ReprocessDone(Timestamped, table=True):
    """An article one step of a run has finished with, written in the same transaction as its new data:
    a resumed or retried chunk skips it, and nothing is done twice."""

    __tablename__ = "reprocess_done"

    run_id: int = Field(foreign_key="reprocess_run.id", primary_key=True)
    step: ReprocessStep = Field(primary_key=True)
    article_id: int = Field(primary_key=True)
    worker: str = Field(default="", sa_type=Text)  # host:pid of the process that did it


class JobError(Timestamped, table=True):
    """An exception a queue job raised (PostgreSQL workers): what `nashra jobs` shows as the last errors."""

    __tablename__ = "job_error"

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(sa_type=BigInteger, index=True)
    task: str = Field(sa_type=Text)
    attempt: int = 0
    worker: str = Field(default="", sa_type=Text)
    error: str = Field(sa_type=Text)
