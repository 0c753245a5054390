"""Within-document coreference for actors: "he", "the president", "its allies" -> who they are.

A light, rule-based step after names are resolved: personal pronouns take the person who is the
subject of their clause (when the pronoun is not that subject), else the nearest person named
before them within a few sentences; a bare role noun ("the president", "the foreign minister")
takes the nearest person named before it who held that role. Each becomes a Mention of that actor,
so events in later sentences get real actors.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from spacy.tokens import Doc, Token

from storyline.actors.gazetteer import Gazetteer, normalise_name
from storyline.model import Actor, Mention

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
ALLY_NOUNS = {"ally", "allies", "partner"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
REACH = 3  # sentences back that an antecedent may stand


def link_references(
    doc: Doc,
    document_id: str,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    actor_of: Callable[[str], Actor | None],
) -> tuple[list[Mention], list[Actor]]:
    """New mentions for pronouns, bare role nouns and "its allies", and the group actors made."""
    people = sorted(
        (m for m in mentions if m.actor and _kind(actor_of, m.actor) == "person"),
        key=lambda m: m.start,
    )
    covered = covered_offsets(mentions)
    starts = [s.start for s in doc.sents]
    heads = {phrase.split()[-1] for phrase in gazetteer.roles}  # "minister", "president" ...
    created: dict[str, Actor] = {}
    found: list[Mention] = []
    for token in doc:
        if token.idx in covered:
            continue
        actor = None
        if token.lower_ in PERSON_PRONOUNS and token.pos_ == "PRON" and people:
            actor = _clause_subject(token, people) or _nearest(token, people, starts)
        elif token.pos_ == "NOUN" and people and token.lower_ in heads and _bare_role(token):
            actor = _role_antecedent(token, people, gazetteer)
        elif token.lower_ in GROUP_PRONOUNS and token.pos_ == "PRON":
            actor = _plural_antecedent(doc, token, mentions, starts)
        elif token.lower_ in ("who", "whom") and token.head.dep_ == "relcl":
            actor = covering(token.head.head.idx, mentions)  # "the man who ..." is the man
        elif token.lemma_.lower() in ALLY_NOUNS:
            actor = _allies_of(token, mentions, actor_of, created)
        if actor is not None:
            sentence = bisect_right(starts, token.i) - 1
            found.append(token_mention(document_id, sentence, token, "COREF", actor))
    return found, list(created.values())


def token_mention(document_id: str, sentence: int, token: Token, label: str, actor: str) -> Mention:
    """A one-token mention (a pronoun, a surname, a common noun) of a known actor."""
    end = token.idx + len(token)
    return Mention(document_id, sentence, token.idx, end, token.text, label, actor)


def _allies_of(
    token: Token,
    mentions: list[Mention],
    actor_of: Callable[[str], Actor | None],
    created: dict[str, Actor],
) -> str | None:
    """ "the US and its allies": a group standing for the allies of the actor named before."""
    if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in token.children):
        return None
    head = token.head if token.dep_ == "conj" else None
    owner = next(
        (m for m in mentions if head is not None and m.start <= head.idx < m.end and m.actor),
        None,
    )
    known = actor_of(owner.actor) if owner is not None else None
    if known is None:
        return None
    group = Actor(f"group:allies-of-{known.id}", f"allies of {known.name}", "group")
    created[group.id] = group
    return group.id


def covered_offsets(mentions: list[Mention]) -> set[int]:
    """Character offsets inside any mention, for constant-time "is this token taken?"."""
    return {offset for m in mentions for offset in range(m.start, m.end)}


def _kind(actor_of: Callable[[str], Actor | None], actor_id: str) -> str | None:
    actor = actor_of(actor_id)
    return actor.kind if actor else None


def _clause_subject(pronoun: Token, people: list[Mention]) -> str | None:
    """ "X gave Y a car during his visit": the subject of the pronoun's clause, if a person."""
    if pronoun.dep_ in ("nsubj", "nsubjpass"):
        return None
    verb = pronoun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return covering(subject.idx, people) if subject is not None else None


def _nearest(token: Token, people: list[Mention], starts: list[int]) -> str | None:
    """The last person named before the token, within REACH sentences."""
    before = people[: bisect_right([m.start for m in people], token.idx)]
    if not before:
        return None
    sentence = bisect_right(starts, token.i) - 1
    return before[-1].actor if sentence - before[-1].sentence <= REACH else None


def _bare_role(token: Token) -> bool:
    """ "the president", "the foreign minister": a role word with a definite article and no
    country before it (those are resolved by date in the resolver)."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return False
    return not any(c.dep_ in ("amod", "compound", "poss") and c.ent_type_ for c in token.children)


def _role_antecedent(token: Token, people: list[Mention], gazetteer: Gazetteer) -> str | None:
    phrase = " ".join(
        t.lower_ for t in token.children if t.dep_ in ("compound", "amod") and t.i < token.i
    )
    key = normalise_name(f"{phrase} {token.lower_}".strip())
    role = gazetteer.roles.get(key) or gazetteer.roles.get(normalise_name(token.lemma_))
    if role is None:
        return None
    candidates = people[: bisect_right([m.start for m in people], token.idx)]
    for mention in reversed(candidates):
        if role[0] in gazetteer.roles_of(mention.actor):
            return mention.actor
    return None


def _plural_antecedent(
    doc: Doc, token: Token, mentions: list[Mention], starts: list[int]
) -> str | None:
    """ "they", "their": the nearest plural or collective actor named before (within REACH
    sentences): "the rebels", "the protesters"."""
    sentence = bisect_right(starts, token.i) - 1
    for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
        if mention.start >= token.idx or sentence - mention.sentence > REACH:
            continue
        head = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        plural = head is not None and head.root.tag_ in ("NNS", "NNPS")
        if mention.actor and plural:
            return mention.actor
    return None


def covering(offset: int, mentions: list[Mention]) -> str | None:
    """The actor of the mention that covers a character offset, if any."""
    for mention in mentions:
        if mention.start <= offset < mention.end:
            return mention.actor
    return None
