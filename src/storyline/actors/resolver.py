"""Link entity mentions and role descriptions to canonical actors.

Order of trust: exact name or alias; capital or metonym for a government; demonym for a country;
a surname already resolved earlier in the same document; a role description resolved by date
("the Russian defence minister"); a close spelling whose context agrees (a typo); else a new actor
of its own, so nothing named is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import spacy
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

from storyline.actors.coreference import (
    covered_offsets,
    covering,
    link_references,
    token_mention,
)
from storyline.actors.gazetteer import Gazetteer, normalise_name
from storyline.model import Actor, Event, Mention

ENTITY_LABELS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "country", "NORP": "group", "LOC": "place",
}  # fmt: skip
KIND_FOR_LABEL = {
    "PERSON": {"person"},
    "ORG": {"organisation", "media"},
    "GPE": {"country"},
    "NORP": {"country", "group"},
    "LOC": {"country", "place"},
}
PERSON_MATCH = StringStore().add("PERSON")  # match ids are string hashes, the same in any vocab
GOVERNMENT_NOUNS = {"government", "regime", "administration", "authority", "cabinet"}
MEDIA_WORDS = {"agency", "news", "newspaper", "broadcaster", "daily", "outlet", "channel", "paper"}


@dataclass
class _DocumentMemory:
    """Names already resolved in one document, for surnames and short forms that follow."""

    people: dict[str, str] = field(default_factory=dict)  # name token -> actor id


class ActorResolver:
    """Resolves the mentions of analysed documents; remembers every actor it hands out."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.actors: dict[str, Actor] = {}
        self._person_keys = _keys_of(gazetteer, {"person"})
        self._organisation_keys = _keys_of(gazetteer, {"organisation", "media"})
        self._role_pattern = _role_pattern(gazetteer)
        self._place_matcher: PhraseMatcher | None = None

    def resolve(self, doc: Doc, document_id: str, day: date | None) -> list[Mention]:
        """Mentions of `doc` (entities and role descriptions), each linked to an actor."""
        memory = _DocumentMemory()
        starts = [s.start_char for s in doc.sents]
        roles = list(self._role_mentions(doc, document_id, day, starts))
        taken = [(m.start, m.end) for m in roles]
        mentions = roles
        entities = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
        known = self._known_names(doc)
        people = [k for k in known if k.label_ == "PERSON"]  # known full names win over NER
        places = [k for k in known if k.label_ != "PERSON"]
        found = [*people, *entities, *places]
        for ent in [*found, *self._missed_names(doc, found)]:
            span = _trim(ent)
            if span is None or any(s <= span.start_char < e for s, e in taken):
                continue
            taken.append((span.start_char, span.end_char))
            actor = self._resolve_span(span, day, memory)
            index = _sentence_index(starts, span.start_char)
            mentions.append(
                Mention(document_id, index, span.start_char, span.end_char, span.text,
                        ent.label_, actor.id)
            )  # fmt: skip
        mentions += _surnames_left(doc, document_id, starts, mentions, memory)
        mentions += self._agent_mentions(doc, document_id, starts, mentions)
        linked, groups = link_references(doc, document_id, mentions, self.gazetteer, self._actor)
        for group in groups:
            self._remember(group)
        mentions += linked
        mentions.sort(key=lambda m: m.start)
        return mentions

    def redate_roles(self, events: list[Event], mentions: list[Mention]) -> None:
        """An event dated away from the article gets the holder of a role on the event's date:
        "in 2019 the Russian defence minister visited Minsk" is 2019's minister."""
        roles = [m for m in mentions if m.label == "ROLE"]
        for event in events:
            day = _middle_of(event.date, event.date_precision)
            if day is None or not event.evidence:
                continue
            sentence = event.evidence[0].sentence
            for mention in (m for m in roles if m.sentence == sentence):
                holder = self._holder_then(mention.text, day)
                if holder is None or holder.id == mention.actor:
                    continue
                self._remember(holder)
                for ids in (event.actors, event.recipients):
                    ids[:] = [holder.id if i == mention.actor else i for i in ids]

    def _holder_then(self, text: str, day: date) -> Actor | None:
        for _, _, country, role_phrase in self._role_pattern.finditer(text):
            iso3 = self.gazetteer.country_forms.get(country.casefold())
            role, _ = self.gazetteer.roles[normalise_name(role_phrase)]
            return self.gazetteer.holder(iso3, role, day) if iso3 else None
        return None

    def _actor(self, actor_id: str) -> Actor | None:
        return self.gazetteer.actors.get(actor_id) or self.actors.get(actor_id)

    def _agent_mentions(
        self, doc: Doc, document_id: str, starts: list[int], mentions: list[Mention]
    ) -> list[Mention]:
        """Unnamed actors: "German prosecutors", "police in Lagos", "the rebels". A noun that
        describes a named person ("the actress Jane Roe", "Roe, the actress") is that person, and
        so is the same description later in the document ("the actress said ...")."""
        covered = covered_offsets(mentions)
        people = [m for m in mentions if m.label in ("PERSON", "ROLE") and m.actor]
        described: dict[str, str] = {}  # lemma -> the person it described
        found = []
        for token in doc:
            lemma = token.lemma_.lower()
            agent = self.gazetteer.agents.get(lemma)
            if agent is None or token.pos_ != "NOUN" or token.idx in covered:
                continue
            person = _described_person(token, people)
            if person is not None:
                described[lemma] = person
            actor_id = person or described.get(lemma)
            if actor_id is None:
                country = self._agent_country(token, mentions)
                agent_actor = _agent_actor(self.gazetteer, lemma, agent, country, document_id)
                actor_id = self._remember(agent_actor).id
            index = _sentence_index(starts, token.idx)
            found.append(token_mention(document_id, index, token, "AGENT", actor_id))
        return found

    def _agent_country(self, token: Token, mentions: list[Mention]) -> str | None:
        """The country of "Nigerian police", "Iran's army", "police in Paris"."""
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
        places = [
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("in", "of", "from")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        for candidate in modifiers + places:
            for mention in mentions:
                if mention.start <= candidate.idx < mention.end and mention.actor:
                    actor = self.gazetteer.actors.get(mention.actor)
                    if actor is not None and actor.country:
                        return actor.country
        return None

    def _known_names(self, doc: Doc) -> list[Span]:
        """Known countries, capitals, governments and people the NER missed ("sent from
        pyongyang", a minister's name it did not tag)."""
        if self._place_matcher is None:
            self._place_matcher = _place_matcher(self.gazetteer)
        covered = {t.i for e in doc.ents if e.label_ in ENTITY_LABELS for t in e}
        named = {
            t.i for e in doc.ents if e.label_ != "PERSON" and e.label_ in ENTITY_LABELS for t in e
        }
        found = []
        for match_id, start, end in sorted(
            self._place_matcher(doc), key=lambda m: (m[1], -(m[2] - m[1]))
        ):
            person = match_id == PERSON_MATCH
            span = Span(doc, start, end, label="PERSON" if person else "GPE")
            blocked = named if person else covered  # "Furious Theresa" must not hide Theresa May
            if blocked.isdisjoint(range(start, end)) and (
                span.text[0].isupper() or normalise_name(span.text) in self.gazetteer.governments
            ):
                found.append(span)
                covered.update(range(start, end))
                named.update(range(start, end))
        return found

    def _missed_names(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Proper-noun runs the NER missed that name a known organisation, even misspelt."""
        covered = {t.i for span in found for t in span}
        spans, run = [], []
        for token in [*doc, None]:
            if token is not None and token.pos_ == "PROPN" and token.i not in covered:
                run.append(token)
                continue
            if run:
                span = Span(doc, run[0].i, run[-1].i + 1, label="ORG")
                key = normalise_name(span.text)
                known = self._exact(key, "ORG", None)
                if (known and known.kind in ("organisation", "media")) or self._typo(
                    key, span, self._organisation_keys
                ):
                    spans.append(span)
                run = []
        return spans

    def _remember(self, actor: Actor) -> Actor:
        self.actors.setdefault(actor.id, actor)
        return actor

    def _resolve_span(self, span: Span, day: date | None, memory: _DocumentMemory) -> Actor:
        text, label = span.text, span.label_
        key = normalise_name(text)
        actor = self._exact(key, label, day) or self._metonym(key)
        if actor is None and label == "PERSON":
            actor = self._person(key, span, day, memory)
        if actor is None and label == "ORG":
            actor = self._typo(key, span, self._organisation_keys)
        if actor is None:
            actor = _new_actor(text, label)
        if actor.kind == "person" or label == "PERSON":
            memory.people[key] = actor.id
            # A known person's surname is theirs for the rest of the document; an unknown
            # name's only if no known person has claimed it (NER errors stay contained).
            known = actor.id in self.gazetteer.actors
            if known:  # any part: family names come first in Korean or Chinese names
                parts = {p for n in [actor.name, *actor.aliases] for p in normalise_name(n).split()}
            else:  # an unknown name lends only its last word
                parts = {key.split()[-1]} if key else set()
            for part in parts:
                holder = memory.people.get(part)
                if holder is None or (known and holder not in self.gazetteer.actors):
                    memory.people[part] = actor.id
        return self._remember(actor)

    def _exact(self, key: str, label: str, day: date | None) -> Actor | None:
        candidates = [self.gazetteer.actors[i] for i in self.gazetteer.names.get(key, [])]
        if not candidates:
            return None
        wanted = KIND_FOR_LABEL.get(label, set())
        candidates.sort(key=lambda a: (a.kind not in wanted, not self._in_office(a.id, day)))
        return candidates[0]

    def _metonym(self, key: str) -> Actor | None:
        """A capital or metonym is the government ("Moscow said"); a country form the country."""
        iso3 = self.gazetteer.governments.get(key)
        if iso3:
            return self.gazetteer.government(iso3) or self.gazetteer.country(iso3)
        iso3 = self.gazetteer.country_names.get(key)
        return self.gazetteer.country(iso3) if iso3 else None

    def _person(
        self, key: str, span: Span, day: date | None, memory: _DocumentMemory
    ) -> Actor | None:
        remembered = memory.people.get(key)
        if remembered in self.gazetteer.actors:
            return self.gazetteer.actors[remembered]
        tokens = key.split()
        known = self._surname(tokens[0], day) if len(tokens) == 1 else None
        known = known or (self._typo(key, span, self._person_keys) if len(tokens) > 1 else None)
        return known or (self.actors.get(remembered) if remembered else None)

    def _surname(self, surname: str, day: date | None) -> Actor | None:
        """A bare surname: the one known person of that name, preferring those in office then."""
        people = {
            actor_id
            for name, actor_id in zip(self._person_keys.names, self._person_keys.ids, strict=True)
            if name.split()[-1] == surname and len(name.split()) > 1
        }
        if day and len(people) > 1:
            people = {p for p in people if self._in_office(p, day)}
        return self.gazetteer.actors[people.pop()] if len(people) == 1 else None

    def _typo(self, key: str, span: Span, keys: _Names) -> Actor | None:
        """A misspelt known name, accepted only when the sentence agrees on country or role."""
        matches = process.extract(
            key, keys.names, scorer=JaroWinkler.normalized_similarity, score_cutoff=0.8, limit=5
        )
        for name, _score, index in matches:
            actor = self.gazetteer.actors[keys.ids[index]]
            if _close_spelling(key, name) and self._context_agrees(actor, span.sent.text):
                return actor
        return None

    def _context_agrees(self, actor: Actor, sentence: str) -> bool:
        words = normalise_name(sentence)
        padded = f" {words} "
        if actor.country:
            forms = [f for f, iso3 in self.gazetteer.country_names.items() if iso3 == actor.country]
            if any(f" {form} " in padded for form in forms):
                return True
        roles = self.gazetteer.roles_of(actor.id)
        phrases = [p for p, (role, _) in self.gazetteer.roles.items() if role in roles]
        if any(f" {phrase} " in padded for phrase in phrases):
            return True
        return actor.kind == "media" and bool(MEDIA_WORDS & set(words.split()))

    def _in_office(self, actor_id: str, day: date | None) -> bool:
        if day is None:
            return False
        return any(t.covers(day) for t in self.gazetteer.terms_of.get(actor_id, ()))

    def _role_mentions(
        self, doc: Doc, document_id: str, day: date | None, starts: list[int]
    ) -> Iterable[Mention]:
        """ "the Russian defence minister" -> whoever held that post on the document's date."""
        if self._role_pattern is None:
            return
        text = doc.text
        for start, end, country, role_phrase in self._role_pattern.finditer(text):
            iso3 = self.gazetteer.country_forms.get(country.casefold())
            role, sector = self.gazetteer.roles[normalise_name(role_phrase)]
            person = self.gazetteer.holder(iso3, role, day) if (iso3 and day) else None
            actor = person or _role_actor(self.gazetteer, iso3, role, sector)
            if actor is None:
                continue
            self._remember(actor)
            index = _sentence_index(starts, start)
            yield Mention(document_id, index, start, end, text[start:end], "ROLE", actor.id)


def _place_matcher(gazetteer: Gazetteer) -> PhraseMatcher:
    tokenizer = spacy.blank("en").tokenizer
    matcher = PhraseMatcher(tokenizer.vocab, attr="LOWER")
    forms = {f for f in gazetteer.country_forms if len(f) >= 4}
    forms.update(g for g in gazetteer.governments if len(g) >= 4)
    matcher.add("PLACE", [tokenizer(form) for form in sorted(forms)])
    people = {
        name
        for actor in gazetteer.people()
        for name in [actor.name, *actor.aliases]
        if len(name.split()) >= 2
    }
    matcher.add("PERSON", [tokenizer(name) for name in sorted(people)])
    return matcher


@dataclass
class _Names:
    """Normalised names and the actor each belongs to, side by side for rapidfuzz."""

    names: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


def _keys_of(gazetteer: Gazetteer, kinds: set[str]) -> _Names:
    found = _Names()
    for key, ids in gazetteer.names.items():
        for actor_id in ids:
            if gazetteer.actors[actor_id].kind in kinds:
                found.names.append(key)
                found.ids.append(actor_id)
    return found


def _close_spelling(key: str, name: str) -> bool:
    """Same number of words, same initials, each word within a small edit distance."""
    ours, theirs = key.split(), name.split()
    if len(ours) != len(theirs) or key == name:
        return False
    for a, b in zip(ours, theirs, strict=True):
        if a[0] != b[0]:
            return False
        allowed = 0 if len(b) <= 2 else 1 if len(b) <= 5 else 2
        if DamerauLevenshtein.distance(a, b) > allowed:
            return False
    return True


@dataclass
class _RolePatterns:
    """Role words first (rare, cheap to find), then the country named just before them."""

    role: re.Pattern[str]
    country: re.Pattern[str]

    def finditer(self, text: str) -> Iterable[tuple[int, int, str, str]]:
        """(start, end, country, role) of each "the Russian defence minister" in the text."""
        for match in self.role.finditer(text):
            before = self.country.search(text, max(0, match.start() - LOOKBACK), match.start())
            if before is not None:
                yield before.start(), match.end(), before["country"], match["role"]


LOOKBACK = 70  # characters: longer than any country form, its article and possessive


def _role_pattern(gazetteer: Gazetteer) -> _RolePatterns | None:
    if not gazetteer.roles or not gazetteer.country_forms:
        return None
    countries = sorted(gazetteer.country_forms, key=len, reverse=True)
    roles = sorted(gazetteer.roles, key=len, reverse=True)
    alternation = "|".join(re.escape(c) for c in countries)
    role_alternation = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in roles)
    return _RolePatterns(
        re.compile(rf"\b(?P<role>{role_alternation})\b", re.IGNORECASE),
        re.compile(rf"\b(?:the\s+)?(?P<country>{alternation})(?:['’]s)?\s+$", re.IGNORECASE),
    )


def _middle_of(value: str | None, precision: str | None) -> date | None:
    """A day inside a dated period, away from its edges (handovers happen on the edges)."""
    try:
        if precision == "day":
            return date.fromisoformat(value)
        if precision == "month":
            return date.fromisoformat(f"{value}-15")
        if precision == "year":
            return date.fromisoformat(f"{value}-07-01")
    except (TypeError, ValueError):
        return None
    return None


def _surnames_left(
    doc: Doc, document_id: str, starts: list[int], mentions: list[Mention], memory: _DocumentMemory
) -> list[Mention]:
    """A person's surname the NER did not tag on its own ("Roe said ..."), once the full name
    has been seen earlier in the document."""
    covered = covered_offsets(mentions)
    first_seen: dict[str | None, int] = {}
    for mention in mentions:
        first_seen.setdefault(mention.actor, mention.start)
    found = []
    for token in doc:
        actor = memory.people.get(token.lower_) if token.pos_ == "PROPN" else None
        seen = first_seen.get(actor)
        if actor is None or seen is None or token.idx <= seen:
            continue
        if token.idx in covered:
            continue
        index = _sentence_index(starts, token.idx)
        found.append(token_mention(document_id, index, token, "PERSON", actor))
    return found


def _described_person(token: Token, people: list[Mention]) -> str | None:
    """The named person a noun stands in apposition to: "actress Jane Roe", "Roe, the actress"."""
    related = [c for c in token.children if c.dep_ == "appos"]
    if token.dep_ in ("appos", "compound", "nmod"):
        related.append(token.head)
    for other in related:
        actor = covering(other.idx, people)
        if actor is not None:
            return actor
    return None


def _agent_actor(
    gazetteer: Gazetteer, lemma: str, agent: tuple[str, str], country: str | None, document: str
) -> Actor:
    """ "German prosecutors" -> agent:DEU:prosecutor. Without a country the actor is the
    document's own ("the victim" here is not the victim of another story)."""
    sector, name = agent
    if country and lemma in GOVERNMENT_NOUNS and gazetteer.government(country):
        return gazetteer.government(country)  # "the Russian government" is the Kremlin's actor
    place = gazetteer.country(country) if country else None
    if place is None:
        return Actor(f"agent:XXX:{lemma}:{document[:8]}", name, "group", None, sector)
    return Actor(f"agent:{country}:{lemma}", f"{place.name} {name}", "group", country, sector)


def _role_actor(gazetteer: Gazetteer, iso3: str | None, role: str, sector: str) -> Actor | None:
    country = gazetteer.country(iso3) if iso3 else None
    if country is None:
        return None
    name = f"{country.name} {role.replace('_', ' ')}"
    return Actor(f"role:{iso3}:{role}", name, "role", iso3, sector)


def _trim(ent: Span) -> Span | None:
    """Drop leading articles and trailing conjunctions/punctuation spaCy sometimes includes."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and (
        ent.doc[end - 1].is_punct
        or ent.doc[end - 1].lower_ in {"and", "or"}
        or ent.doc[end - 1].is_space
        or ent.doc[end - 1].lower_ in {"'s", "’s"}
    ):
        end -= 1
    if start >= end:
        return None
    return Span(ent.doc, start, end, label=ent.label_)


def _new_actor(text: str, label: str) -> Actor:
    """An actor the gazetteer does not know: kept under a stable id made from its name."""
    key = normalise_name(text)
    slug = re.sub(r"\s+", "-", key) or "unnamed"
    kind = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place"}.get(
        label, "group"
    )
    return Actor(f"{kind}:{slug}", text.strip(), kind, None, None, [])


def _sentence_index(starts: list[int], offset: int) -> int:
    return max(0, bisect_right(starts, offset) - 1)
