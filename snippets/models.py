"""SQL tables. Models hold data only: the services do the work."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC, whatever the database keeps."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return value.replace(tzinfo=timezone.utc) if value is not None else None


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(39))
    username_lower: Mapped[str] = mapped_column(String(39), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class Snippet(Base):
    """One fork: one Mercurial repository owned by one user."""

    __tablename__ = "snippets"
    __table_args__ = (UniqueConstraint("owner_id", "name_lower"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_lower: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    blurb: Mapped[str] = mapped_column(Text, default="")
    cell: Mapped[str] = mapped_column(Text, default="")
    forked_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("snippets.id", ondelete="SET NULL"), index=True
    )
    forked_from_rev: Mapped[str | None] = mapped_column(String(40))
    root_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    head_rev: Mapped[str] = mapped_column(String(40))
    head_number: Mapped[int] = mapped_column(default=0)
    head_message: Mapped[str] = mapped_column(Text, default="")
    head_author: Mapped[str] = mapped_column(String(255), default="")
    head_date: Mapped[datetime] = mapped_column(default=utcnow)
    file_count: Mapped[int] = mapped_column(default=0)
    forks_count: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[int] = mapped_column(default=0)
    rating_count: Mapped[int] = mapped_column(default=0)
    thumbnail_png: Mapped[bytes | None] = mapped_column(LargeBinary)

    owner: Mapped[User] = relationship(lazy="joined")
    forked_from: Mapped[Snippet | None] = relationship(remote_side=[id], lazy="joined", join_depth=1)
    tags: Mapped[list[Tag]] = relationship(
        secondary="snippet_tags", order_by="Tag.name", lazy="selectin"
    )

    @property
    def full_id(self) -> str:
        return f"{self.owner.username}/{self.name}"

    @property
    def rating_average(self) -> float:
        return round(self.rating_sum / self.rating_count, 2) if self.rating_count else 0.0


class Tag(Base):
    """A tag like ``calculus/limits``; its ancestors are implied by the name."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class SnippetTag(Base):
    __tablename__ = "snippet_tags"

    snippet_id: Mapped[int] = mapped_column(
        ForeignKey("snippets.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True)


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    snippet_id: Mapped[int] = mapped_column(ForeignKey("snippets.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    rev: Mapped[str] = mapped_column(String(40))
    path: Mapped[str | None] = mapped_column(String(500))
    line: Mapped[int | None]
    created: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")


class Rating(Base):
    __tablename__ = "ratings"

    snippet_id: Mapped[int] = mapped_column(ForeignKey("snippets.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    stars: Mapped[int]
    updated: Mapped[datetime] = mapped_column(default=utcnow)


class Computation(Base):
    """A queued run of one cell (or of one interact update) and its outcome."""

    __tablename__ = "computations"
    __table_args__ = (Index("ix_computations_status_created", "status", "created"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    code: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(8), default="cell")
    snippet_id: Mapped[int | None] = mapped_column(ForeignKey("snippets.id", ondelete="SET NULL"))
    snippet_ref: Mapped[str | None] = mapped_column(String(140))
    rev: Mapped[str | None] = mapped_column(String(40))
    session_id: Mapped[str | None] = mapped_column(String(32))
    interact_id: Mapped[str | None] = mapped_column(String(64))
    values: Mapped[dict[str, Any] | None]
    device: Mapped[str | None] = mapped_column(String(100))
    created: Mapped[datetime] = mapped_column(default=utcnow)
    started: Mapped[datetime | None]
    finished: Mapped[datetime | None]
    last_seq: Mapped[int] = mapped_column(default=0)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("computation_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    computation_id: Mapped[str] = mapped_column(ForeignKey("computations.id", ondelete="CASCADE"))
    seq: Mapped[int]
    msg_type: Mapped[str] = mapped_column(String(32))
    body: Mapped[dict[str, Any]]


class StoredFile(Base):
    """A file a computation created or changed; bytes in SQL or on disk."""

    __tablename__ = "stored_files"
    __table_args__ = (UniqueConstraint("computation_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    computation_id: Mapped[str] = mapped_column(ForeignKey("computations.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(500))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    disk_path: Mapped[str | None] = mapped_column(String(1000))
