"""Where inputs come from: expanding folders into files, and loading a file or URL as bytes."""

from __future__ import annotations

import os
import stat
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
        else:
            yield str(entry)  # _read_file refuses what is not a regular file, with a reason


def load(
    source: str, *, max_bytes: int, timeout: float, allow_private: bool = False
) -> Fetched:
    """The bytes of a file or URL, refusing missing, empty and over-size inputs."""
    if is_url(source):
        fetched = fetch(source, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private)
    else:
        fetched = Fetched(_read_file(source, max_bytes), None, None, source)
    if not fetched.data.strip():
        raise IngestError(source, "empty file" if not is_url(source) else "empty response")
    return fetched


def _read_file(source: str, max_bytes: int) -> bytes:
    """A regular file's bytes, never more than `max_bytes` + 1 read.

    Symlinks are resolved first and the file is checked after opening it (no race with a swap):
    a device (/dev/zero), FIFO or socket would block or never end, and a size from `stat` can
    lie (procfs, a file still growing), so the read itself stops at the limit."""
    try:
        real = Path(source).resolve(strict=True)
    except FileNotFoundError:
        raise IngestError(source, "no such file or directory") from None
    except RuntimeError:  # a symlink loop
        raise IngestError(source, "symlink loop") from None
    except OSError as error:
        raise IngestError(source, f"cannot read: {error.strerror or error}") from None
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise IngestError(source, f"cannot read: {error.strerror or error}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IngestError(source, "is a folder; expand() it into files first")
        if not stat.S_ISREG(mode):
            raise IngestError(source, f"not a regular file ({_file_kind(mode)})")
        data = _read_at_most(descriptor, max_bytes + 1)
    except OSError as error:
        raise IngestError(source, f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:
        size = os.stat(real).st_size
        if size > max_bytes:
            raise IngestError(source, f"file is {size:,} bytes, over the {max_bytes:,} limit")
        raise IngestError(source, f"file is over the {max_bytes:,} byte limit")
    return data


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """Up to `limit` bytes from an open file."""
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(descriptor, min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, kind in (
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a file"
