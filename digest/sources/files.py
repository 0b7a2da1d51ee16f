"""Article files: `.txt`, `.html`/`.htm`, `.json`, `.jsonl` (CONTRACT, "Article files").

Reading follows one readable order: size check, binary check, decode with
encoding detection, parse, reject what holds no article. A failure is a value
(`Failure` with a `FailureReason`), never an exception that stops a pass.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from digest.sources.decode import DecodeError, decode_bytes
from digest.sources.model import Failure, FailureReason, RawArticle, parse_time

MAX_FILE_BYTES = 20 * 1024 * 1024
SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl"})
# Documents a person may drop in expecting them read; they are reported, not skipped in silence
# (other files in a folder, such as a saved page's images, are passed over).
DOCUMENT_SUFFIXES = frozenset(
    {".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".pages", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp"}
)


@dataclass(frozen=True)
class FileResult:
    """What one file gave: its articles, or a failure."""

    item: str
    articles: tuple[RawArticle, ...] = ()
    failure: Failure | None = None


def walk_folder(root: Path) -> Iterator[Path | Failure]:
    """Article files under `root`, recursively, in a stable order; links that lead out are refused."""
    root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        for name in list(dirnames):
            if name.startswith("."):
                dirnames.remove(name)
            elif (here / name).is_symlink() and not _inside(here / name, root):
                yield Failure(str(here / name), FailureReason.OUTSIDE_FOLDER, "symbolic link leads out of the folder")
        for name in sorted(filenames):
            path = here / name
            if name.startswith("."):
                continue
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                yield _unsupported(path)
                continue
            if path.suffix.lower() not in SUFFIXES:
                continue
            if path.is_symlink() and not _inside(path, root):
                yield Failure(str(path), FailureReason.OUTSIDE_FOLDER, "symbolic link leads out of the folder")
                continue
            yield path


def _unsupported(path: Path) -> Failure:
    detail = f"{path.suffix.lower()} files are not read: save the article as .txt, .html or .json"
    return Failure(str(path), FailureReason.UNSUPPORTED, detail)


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except OSError:
        return False


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> FileResult:
    """Read and parse one article file as it is now."""
    item = str(path)
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return FileResult(item, failure=_unsupported(path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _failed(item, FailureReason.TOO_LARGE, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        return _failed(item, FailureReason.UNREADABLE, f"cannot read file: {exc.strerror or exc}")
    return parse_file_bytes(data, suffix=path.suffix.lower(), item=item, default_url=path.resolve().as_uri())


def parse_file_bytes(data: bytes, *, suffix: str, item: str, default_url: str) -> FileResult:
    """Parse the bytes of an article file whose kind is given by `suffix`."""
    if not data.strip():
        return _failed(item, FailureReason.EMPTY, "file is empty")
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        return _failed(item, exc.reason, str(exc))
    if suffix in (".html", ".htm"):
        article = RawArticle(item=item, text=text, url=default_url, is_html=True)
        return FileResult(item, articles=(article,))
    if suffix == ".json":
        return _parse_json_objects(item, [text], default_url)
    if suffix == ".jsonl":
        return _parse_json_objects(item, text.splitlines(), default_url)
    return FileResult(item, articles=(RawArticle(item=item, text=text, url=default_url),))


def _parse_json_objects(item: str, chunks: list[str], default_url: str) -> FileResult:
    articles: list[RawArticle] = []
    problems: list[str] = []
    for number, chunk in enumerate(chunks, start=1):
        if not chunk.strip():
            continue
        where = f"line {number}: " if len(chunks) > 1 else ""
        try:
            obj = json.loads(chunk)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            problems.append(f'{where}no "text" field with the article')
            continue
        url = obj.get("url") if isinstance(obj.get("url"), str) and obj["url"].strip() else None
        articles.append(
            RawArticle(
                item=f"{item}#{number}" if len(chunks) > 1 else item,
                text=obj["text"],
                title=obj["title"] if isinstance(obj.get("title"), str) else None,
                url=url or (f"{default_url}#{number}" if len(chunks) > 1 else default_url),
                published=parse_time(obj.get("published")),
                source=obj["source"] if isinstance(obj.get("source"), str) else None,
            )
        )
    if problems and not articles:
        return _failed(item, FailureReason.BAD_JSON, "; ".join(problems[:3]))
    failure = Failure(item, FailureReason.BAD_JSON, "; ".join(problems[:3])) if problems else None
    return FileResult(item, articles=tuple(articles), failure=failure)


def _failed(item: str, reason: FailureReason, detail: str) -> FileResult:
    return FileResult(item, failure=Failure(item, reason, detail))
