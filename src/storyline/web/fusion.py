"""The story page's brief, claims table and figure series, from the fuse and report stages.

Those functions belong to the fuse stage (`storyline.fuse.claims`, `storyline.fuse.series`) and the
report (`storyline.report.brief.build_brief`); the web app never computes them itself, it only turns
their dataclasses into the dicts the JSON twin carries. Pages cache what these return per snapshot
(`Catalogue.memo`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from storyline.confidence import DEFAULT_MIN_CONFIDENCE
from storyline.fuse import claims as fuse_claims
from storyline.fuse import series as fuse_series
from storyline.model import Actor, Document, Event
from storyline.report.brief import build_brief
from storyline.store import Store

log = logging.getLogger(__name__)


def brief(
    db: Path, story_id: str, min_confidence: float = DEFAULT_MIN_CONFIDENCE
) -> dict[str, Any] | None:
    """The story's brief (facts, figures, disputes with numbered citations, references), told
    from the events shown at `min_confidence` (`hidden` counts the others).
    References keep their metadata, not their full text, and say whether the store holds them
    (`stored`: a source the store lost keeps its number but gets no link). None (and a warning in
    the log) when there is no such story, so the rest of the story page still shows."""
    try:
        with Store(db) as store:
            built = asdict(build_brief(store, story_id, min_confidence))
    except KeyError as error:
        log.warning("no brief for story %s: %s", story_id, error)
        return None
    built.pop("story", None)
    built["references"] = [
        {k: d.get(k) for k in ("id", "title", "publisher", "published", "url")}
        | {"stored": d["id"] not in built["missing"]}
        for d in built.get("references", [])
    ]
    return built


CLAIM_SIDES = ("asserted", "alleged", "denied", "other")
CLAIM_EVIDENCE = ("document", "sentence", "start", "end", "text")


def claims(event: Event, documents: Mapping[str, Document]) -> dict[str, Any]:
    """One event's sources that assert, allege or deny it, and the conflicts between them. Each
    claim keeps where its sentence is, not the whole reading (the event page has that), and
    whether the store still holds its document (`document_stored`)."""
    plain = asdict(fuse_claims(event, documents))
    for side in CLAIM_SIDES:
        for claim in plain[side]:
            claim["evidence"] = {k: claim["evidence"][k] for k in CLAIM_EVIDENCE}
            claim["document_stored"] = claim["document"] in documents
    return plain


def series(events: list[Event], actor_of: Callable[[str], Actor | None]) -> list[dict[str, Any]]:
    """Figure series (one figure over time, with its points) for the small line chart; each
    carries a `label` with the actors' names, for the chart's legend."""
    found = []
    for one in fuse_series(events, actor_of):
        plain = asdict(one)
        plain["label"] = _label(one.type, one.actors, one.recipients, one.unit, actor_of)
        found.append(plain)
    return found


def _label(
    kind: str,
    actors: list[str],
    recipients: list[str],
    unit: str | None,
    actor_of: Callable[[str], Actor | None],
) -> str:
    def names(ids: list[str]) -> str:
        return ", ".join(getattr(actor_of(i), "name", None) or i for i in ids)

    whom = f" → {names(recipients)}" if recipients else ""
    return f"{kind} {names(actors) or '?'}{whom}" + (f" ({unit})" if unit else "")
