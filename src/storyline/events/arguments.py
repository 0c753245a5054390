"""Who did it and to whom: the actors in a trigger's own clause, read off the dependency parse."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from spacy.tokens import Doc, Token

from storyline.model import Mention

CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "pcomp"}
RECIPIENT_PREPS = {"to", "with", "against", "on", "toward", "towards", "into", "at", "for"}
AGENT_PREPS = {"of", "by", "between", "from"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"they", "them", "their", "both"}  # not "we": a quoted speaker's side is unknown
UNDERGOING_VERBS = {"face", "suffer", "receive", "endure", "undergo", "experience", "risk", "get"}
# "US-backed rebels", "Iranian-funded militias": the backer is another party, not the group
BACKING_PARTICIPLES = {"back", "support", "fund", "arm", "sponsor", "finance", "train", "equip"}
GROUP_NOUNS = {"leader", "country", "nation", "side", "party", "government", "state", "president"}


class MentionIndex:
    """Mentions of one document by character offset, with the kinds of their actors."""

    def __init__(self, mentions: list[Mention], kind_of: Callable[[str], str | None]) -> None:
        self.mentions = sorted((m for m in mentions if m.actor), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.kind_of = kind_of

    def at(self, token: Token) -> Mention | None:
        """The mention covering this token, if any."""
        i = bisect_right(self.starts, token.idx) - 1
        if i >= 0 and self.mentions[i].start <= token.idx < self.mentions[i].end:
            return self.mentions[i]
        return None

    def before(self, offset: int, kinds: set[str], count: int, doc: Doc | None = None) -> list[str]:
        """The last `count` distinct actors of these kinds mentioned before `offset`; with `doc`,
        places named only as a setting ("in Ukraine") are passed over."""
        found: list[str] = []
        for mention in reversed(self.mentions[: bisect_right(self.starts, offset - 1)]):
            if doc is not None and is_setting(doc, mention):
                continue
            kind = self.kind_of(mention.actor)
            if kind in kinds and mention.actor not in found and mention.start < offset:
                found.append(mention.actor)
                if len(found) == count:
                    break
        return found


def is_setting(doc: Doc, mention: Mention) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    head = span.root.head if span is not None else None
    return head is not None and head.dep_ == "prep" and head.lower_ in ("in", "at", "near")


def actors_of(token: Token, index: MentionIndex) -> list[str]:
    """Actor ids a noun phrase stands for: its own mention, its conjuncts, appositions, of-phrases,
    or, for pronouns and "the two leaders", the actors mentioned just before."""
    found: list[str] = []
    for part in _phrase_heads(token):
        if _group_phrase(part):  # "both Nations" even when NER calls it an organisation
            for actor in _antecedents(part, index):
                _add(found, actor)
            continue
        mention = index.at(part)
        if mention is not None:
            _add(found, mention.actor)
            continue
        inner = _mentions_inside(part, index)
        if inner:
            for actor in inner:
                _add(found, actor)
            continue
        for actor in _antecedents(part, index):
            _add(found, actor)
    return found


def _add(found: list[str], actor: str | None) -> None:
    if actor and actor not in found:
        found.append(actor)


def _phrase_heads(token: Token) -> list[Token]:
    """The token and its conjuncts ("the US, South Korea and Ukraine")."""
    heads = [token]
    for conj in token.conjuncts:
        if conj.i > token.i:
            heads.append(conj)
    return heads


def _mentions_inside(token: Token, index: MentionIndex) -> list[str]:
    """Mentions within the phrase: compounds, appositions, modifiers and of-phrases, not clauses."""
    found: list[str] = []
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS or child.dep_ == "conj":
            continue
        if child.dep_ == "prep" and child.lower_ not in ("of",):
            continue
        if child.tag_ == "VBN" and child.lemma_.lower() in BACKING_PARTICIPLES:
            continue
        mention = index.at(child)
        if mention is not None:
            _add(found, mention.actor)
        elif child.dep_ in ("appos", "compound", "amod", "prep", "pobj", "nmod", "poss"):
            for actor in _mentions_inside(child, index):
                _add(found, actor)
    return found


def _group_phrase(token: Token) -> bool:
    """ "the two leaders", "both countries", and "the parties"/"the sides" of a negotiation."""
    lemma = token.lemma_.lower()
    if lemma not in GROUP_NOUNS:
        return False
    if any(c.lower_ in ("two", "both") for c in token.children):
        return True
    return (
        lemma in ("party", "side")
        and token.tag_ == "NNS"
        and [c.lower_ for c in token.children if c.i < token.i] == ["the"]
    )


def _antecedents(token: Token, index: MentionIndex) -> list[str]:
    """A light within-document coreference: pronouns and "both countries"-style phrases."""
    lower = token.lower_
    if lower in PERSON_PRONOUNS:
        return index.before(token.idx, {"person"}, 1)  # one coreference could not place
    if lower in GROUP_PRONOUNS or _group_phrase(token):
        kinds = {"person"} if token.lemma_.lower() in ("leader", "president") else None
        kinds = kinds or {"person", "country", "government", "organisation"}
        return index.before(token.idx, kinds, 2, token.doc)
    return []


def subject_of(verb: Token, reporting: frozenset[str] = frozenset()) -> Token | None:
    """The grammatical subject of a verb, inherited through xcomp/conj/relative clauses
    (but not from a reporting verb: "the paper reported ... to hold" is not the paper's act)."""
    current = verb
    for _ in range(6):
        for child in current.children:
            if child.dep_ in ("nsubj", "expl"):
                if child.tag_ in ("WDT", "WP") and current.dep_ == "relcl":
                    return current.head
                return child
        inherit = current.dep_ in ("xcomp", "conj", "acomp") and current.head.i != current.i
        if inherit and current.head.lemma_.lower() not in reporting:
            current = current.head
            continue
        if current.dep_ in ("relcl", "acl") and current.head.i != current.i:
            return None
        break
    return None


def object_controller(verb: Token) -> Token | None:
    """ "X accused Y of supplying arms": the embedded event's actor is the main verb's object Y."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        governor = head.head
        for child in governor.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                return child
    return None


def agents_and_recipients(
    trigger: Token, index: MentionIndex, reporting: frozenset[str] = frozenset()
) -> tuple[list[Token], list[Token]]:
    """Noun phrases acting (agents) and acted upon (recipients) in the trigger's clause."""
    agents: list[Token] = []
    recipients: list[Token] = []
    if trigger.pos_ == "VERB":
        subject = (
            subject_of(trigger, reporting)
            or object_controller(trigger)
            or _left_neighbour(trigger, index)
        )
        if subject is not None:
            agents.append(subject)
        for child in trigger.children:
            if child.dep_ == "nsubjpass":
                recipients.append(child)
            elif child.dep_ == "agent":
                agents.extend(g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ in ("dobj", "dative", "iobj"):
                recipients.append(child)
                recipients.extend(  # "opened an investigation into X", "hosted talks between"
                    g
                    for p in child.children
                    if p.dep_ == "prep" and p.lower_ in RECIPIENT_PREPS | {"between"}
                    for g in p.children
                    if g.dep_ == "pobj"
                )
            elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
                recipients.extend(g for g in child.children if g.dep_ == "pobj")
            elif (
                child.dep_ == "prep" and child.lower_ == "from"
            ):  # "sent from X", "withdrew from Y"
                (recipients if agents else agents).extend(
                    g for g in child.children if g.dep_ == "pobj"
                )
    else:
        _noun_arguments(trigger, agents, recipients, reporting)
    return agents, recipients


def _left_neighbour(trigger: Token, index: MentionIndex) -> Token | None:
    """When the parse gives a finite verb no subject, the actor named just before it, with no
    other verb in between, is its subject ("... meeting the US had accused X")."""
    finite = trigger.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" for c in trigger.children)
    if not finite or trigger.dep_ in ("xcomp", "pcomp", "acl", "relcl", "amod"):
        return None
    for token in reversed(trigger.doc[trigger.sent.start : trigger.i]):
        if token.pos_ == "VERB" or token.text in (";", ":"):
            return None
        if index.at(token) is not None:
            return token
    return None


def _noun_arguments(
    trigger: Token, agents: list[Token], recipients: list[Token], reporting: frozenset[str]
) -> None:
    """ "Putin's visit to Pyongyang", "the visit of X", "held talks with Y", "X faces sanctions"."""
    for child in trigger.children:
        if child.dep_ == "poss" or (child.dep_ == "amod" and child.ent_type_):
            agents.append(child)  # "Russia's attack", "the Russian attack"
        elif child.dep_ == "compound" and child.ent_type_ in ("NORP", "ORG", "PERSON"):
            agents.append(child)  # "a Hamas attack" (but "the Raqqa offensive" names a target)
        elif child.dep_ == "prep" and child.lower_ in AGENT_PREPS:
            agents.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
            recipients.extend(g for g in child.children if g.dep_ == "pobj")
    phrase = trigger.head if trigger.dep_ == "compound" else trigger  # "[trading] arms"
    if phrase.dep_ not in ("dobj", "attr", "nsubjpass") or phrase.head.pos_ != "VERB":
        return
    verb = phrase.head
    subject = subject_of(verb, reporting)
    if subject is not None and verb.lemma_.lower() in UNDERGOING_VERBS:
        recipients.append(subject)  # "X faces sanctions": X undergoes the event
    elif not agents:  # "X held talks with Y": the light verb's arguments are the event's
        if subject is not None:
            agents.append(subject)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
                recipients.extend(g for g in child.children if g.dep_ == "pobj")
