"""Where inputs come from: expanding folders into files, and loading a file or URL as bytes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.errors import IngestError
from storyline.ingest.fetch import Fetched, fetch


def is_url(source: str) -> bool:
    """An http(s) URL rather than a path."""
    return source.lower().startswith(("http://", "https://"))


def expand(sources: Iterable[str]) -> Iterator[str | IngestError]:
    """Files and URLs to read: folders recursively (sorted, hidden entries skipped), files and
    URLs as given, an IngestError for a path that does not exist."""
    for source in sources:
        if is_url(source):
            yield source
        elif os.path.isdir(source):
            yield from _walk(Path(source), set())
        elif os.path.exists(source):
            yield source
        else:
            yield IngestError(source, "no such file or directory")


def _walk(folder: Path, seen: set[Path]) -> Iterator[str | IngestError]:
    """Files under `folder` in name order; a symlink loop is visited once."""
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        yield IngestError(str(folder), f"cannot list folder: {error.strerror or error}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.is_file():
            yield str(entry)


def load(source: str, *, max_bytes: int, timeout: float) -> Fetched:
    """The bytes of a file or URL, refusing missing, empty and over-size inputs."""
    if is_url(source):
        fetched = fetch(source, max_bytes=max_bytes, timeout=timeout)
    else:
        fetched = Fetched(_read_file(source, max_bytes), None, None, source)
    if not fetched.data.strip():
        raise IngestError(source, "empty file" if not is_url(source) else "empty response")
    return fetched


def _read_file(source: str, max_bytes: int) -> bytes:
    """A file's bytes, its size checked before reading."""
    path = Path(source)
    try:
        if path.is_dir():
            raise IngestError(source, "is a folder; expand() it into files first")
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(source, f"file is {size:,} bytes, over the {max_bytes:,} limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(source, "no such file or directory") from None
    except OSError as error:
        raise IngestError(source, f"cannot read: {error.strerror or error}") from None
