"""The story page's brief, claims table and figure series, from the fuse and report stages.

Those functions belong to the fuse stage (`storyline.fuse.claims`, `storyline.fuse.series`) and the
report (`storyline.report.brief.build_brief`). Until they exist each hook returns None and the
page's block renders nothing; the web app never computes them itself.
The JSON twin carries their dataclasses as dicts (`_plain`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from storyline.model import Document, Event
from storyline.store import Store


def brief(db: Path, story_id: str) -> dict[str, Any] | None:
    """The story's brief (facts, figures, disputes with numbered citations, references), or None
    while there is no brief builder. References keep their metadata, not their full text."""
    try:
        from storyline.report.brief import build_brief
    except ImportError:
        return None
    with Store(db) as store:
        built = _plain(build_brief(store, story_id))
    built.pop("story", None)
    built["references"] = [
        {k: d.get(k) for k in ("id", "title", "publisher", "published", "url")}
        for d in built.get("references", [])
    ]
    return built


def claims(events: list[Event], documents: Mapping[str, Document]) -> list[dict[str, Any]] | None:
    """Per event: the sources asserting, alleging, denying it, and the conflicts between them."""
    try:
        from storyline.fuse import claims as fuse_claims
    except ImportError:
        return None
    return [_plain(fuse_claims(event, documents)) for event in events]


def series(events: list[Event]) -> list[dict[str, Any]] | None:
    """Figure series (one figure over time, with its points) for the small line chart."""
    try:
        from storyline.fuse import series as fuse_series
    except ImportError:
        return None
    return [_plain(one) for one in fuse_series(events)]


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return value
