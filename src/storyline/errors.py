"""Storyline's own exception types: each carries the input it is about and the reason."""

from __future__ import annotations


class StorylineError(Exception):
    """Base class for errors a user can act on."""


class IngestError(StorylineError):
    """An input that could not be read into documents; the batch goes on without it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class GazetteerError(StorylineError):
    """A gazetteer file that cannot be loaded (bad columns, bad dates)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
