"""The fuse stage: documents grouped into stories.

For now each document opens a story of its own (cross-document grouping and event merging are the
next step, see DESIGN.md); every event is assigned to its document's story.
"""

from __future__ import annotations

from storyline.model import Document, Event, Story


def group_stories(documents: list[Document], events: list[Event]) -> list[Story]:
    """One story per document, holding that document's events; sets `event.story`."""
    stories: dict[str, Story] = {}
    for document in documents:
        day = document.published or document.updated
        stories[document.id] = Story(
            id=f"story:{document.id}",
            title=document.title or document.text[:80],
            documents=[document.id],
            first_seen=day,
            last_seen=document.updated or day,
        )
    for event in events:
        story = stories.get(event.evidence[0].document) if event.evidence else None
        if story is not None:
            event.story = story.id
            story.events.append(event.id)
    return list(stories.values())
