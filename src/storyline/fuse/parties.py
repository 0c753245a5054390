"""Whether two events' participants can be the same ones: one comparison for merging events and
for grouping reported figures into series.

Two actors are taken as one party when they are the same actor, belong to the same country (a
state acts through its ministers and troops), are the same kind of unnamed agent ("the victim" of
one report and of another), or are people whose names end alike ("Teixeira", "Mark Teixeira").
Only firm participants can tell two events apart: an agent known to one document alone ("the
teenager" with no country) can agree with another report but never contradicts it, because the
resolver could not say who it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from storyline.model import Actor, Event


class Parties:
    """Participant comparisons, with actors' countries read through `actor_of`."""

    def __init__(self, actor_of: Callable[[str], Actor | None] | None = None) -> None:
        self.actor_of = actor_of
        self._countries: dict[str, str | None] = {}

    def country(self, actor_id: str) -> str | None:
        if actor_id not in self._countries:
            actor = self.actor_of(actor_id) if self.actor_of else None
            self._countries[actor_id] = actor.country if actor else None
        return self._countries[actor_id]

    def party(self, actor_id: str) -> str:
        """The actor's country, else the actor: who is counted as one party."""
        return self.country(actor_id) or actor_id

    def same(self, first: str, second: str) -> bool:
        if first == second:
            return True
        country = self.country(first)
        if country and country == self.country(second):
            return True
        if _is_agent(first) and _is_agent(second):
            return _agent_noun(first) == _agent_noun(second)
        return _surname(first) is not None and _surname(first) == _surname(second)

    def overlap(self, mine: Iterable[str], theirs: Iterable[str]) -> bool:
        theirs = list(theirs)
        return any(self.same(a, b) for a in mine for b in theirs)

    def sides_agree(self, event: Event, other: Event) -> bool:
        """No side on which both name firm participants with none in common, unless those are
        named on the other side by the other report (an active and a passive telling); and when
        both name firm participants, some are shared."""
        for mine, theirs, flipped in (
            (event.actors, other.actors, other.recipients),
            (event.recipients, other.recipients, other.actors),
        ):
            firm_mine, firm_theirs = _firm(mine), _firm(theirs)
            if (
                firm_mine
                and firm_theirs
                and not self.overlap(mine, theirs)
                and not self.overlap(firm_mine, flipped)
            ):
                return False
        everyone, others = _firm(participants(event)), _firm(participants(other))
        return not (everyone and others) or self.overlap(everyone, others)

    def shared(self, event: Event, other: Event) -> float:
        """Actors both name (1 each); else actors of one party on the same side (0.5 each)."""
        same = len(participants(event) & participants(other))
        if same:
            return float(same)
        found = 0.0
        for mine, theirs in ((event.actors, other.actors), (event.recipients, other.recipients)):
            found += 0.5 * sum(1 for a in mine if any(self.same(a, b) for b in theirs))
        return found

    def common(self, event: Event, other: Event) -> int:
        """How many parties (countries, else actors) both name: "North Korea sent arms to Russia"
        and "both countries deny trading arms" share two."""
        mine = {self.party(a) for a in participants(event)}
        return len(mine & {self.party(a) for a in participants(other)})

    def same_sides(self, event: Event, other: Event) -> bool:
        """Some party on the same side of both: the actors, or the recipients."""
        return bool(
            {self.party(a) for a in event.actors} & {self.party(a) for a in other.actors}
            or {self.party(a) for a in event.recipients} & {self.party(a) for a in other.recipients}
        )


def participants(event: Event) -> set[str]:
    return set(event.actors) | set(event.recipients)


def _firm(actors: Iterable[str]) -> list[str]:
    """Participants that can tell events apart: all but agents known to one document only."""
    return [a for a in actors if not (_is_agent(a) and a.count(":") >= 3)]


def _is_agent(actor_id: str) -> bool:
    return actor_id.startswith("agent:")


def _agent_noun(actor_id: str) -> str:
    """ "agent:XXX:victim:1a2b3c4d" -> "victim"."""
    parts = actor_id.split(":")
    return parts[2] if len(parts) > 2 else actor_id


def _surname(actor_id: str) -> str | None:
    """The last word of a person's name: "person:mark-teixeira" -> "teixeira"."""
    if not actor_id.startswith("person:"):
        return None
    last = actor_id.rsplit("-", 1)[-1].split(":")[-1]
    return last if len(last) > 2 else None
