"""The PLOVER trigger lexicon and status cues, read from `data/plover_lexicon.toml`."""

from __future__ import annotations

import csv
import io
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from storyline.model import PLOVER_TYPES

# Dependents whose lemmas tell what a trigger acts on ("sign" + treaty, "send" + troops).
ARGUMENT_DEPS = {
    "dobj",
    "attr",
    "nsubjpass",
    "compound",
    "amod",
    "oprd",
    "npadvmod",
    "nmod",
    "nsubj",
}
CUE_KINDS = ("report", "allege", "deny", "plan", "hypothetical", "negation")


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a lemma (plus conditions) that signals a PLOVER event type."""

    lemma: str
    pos: tuple[str, ...]
    type: str
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    objects: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()

    @property
    def specific(self) -> bool:
        return bool(self.objects or self.particles)

    def fits(self, token: Token) -> bool:
        """Whether the token's particles and arguments satisfy this entry's conditions."""
        if self.particles and not any(
            c.dep_ in ("prt", "prep", "advmod") and c.lemma_.lower() in self.particles
            for c in token.children
        ):
            return False
        return not self.objects or bool(self.objects & argument_lemmas(token))


def argument_lemmas(token: Token) -> set[str]:
    """Lemmas of what the token acts on: objects, prepositional objects, compounds, conjuncts."""
    lemmas: set[str] = set()
    for child in token.children:
        if child.dep_ in ARGUMENT_DEPS:
            lemmas.add(child.lemma_.lower())
            if child.ent_type_ == "PERSON" and child.dep_ != "nsubj":
                lemmas.add("@person")  # "released Odin Sanchez": a named person as the object
            lemmas.update(
                c.lemma_.lower() for c in child.children if c.dep_ in ("conj", "compound")
            )
            lemmas.update(  # "containers of arms": the object's own of-phrase
                g.lemma_.lower()
                for c in child.children
                if c.dep_ == "prep"
                for g in c.children
                if g.dep_ == "pobj"
            )
        elif child.dep_ in ("prep", "xcomp", "dative"):
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ in ("pobj", "dobj"))
    if token.dep_ in ("amod", "compound", "acl"):  # "military aid", "arms sent" -> the head too
        lemmas.add(token.head.lemma_.lower())
    return lemmas


class Lexicon:
    """Triggers by (lemma, POS) and the status cue word lists."""

    def __init__(self, triggers: list[Trigger], cues: dict[str, set[str]]) -> None:
        self.triggers: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for trigger in triggers:
            for pos in trigger.pos:
                self.triggers[(trigger.lemma, pos)].append(trigger)
        for entries in self.triggers.values():
            entries.sort(key=lambda t: not t.specific)  # specific entries are tried first
        self.cues = {kind: cues.get(kind, set()) for kind in CUE_KINDS}
        self.cameo_roots = _cameo_roots()

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        """The shipped lexicon, or a user's file in the same format."""
        if path is None:
            source = resources.files("storyline.events") / "data" / "plover_lexicon.toml"
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        else:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        triggers = [_trigger(entry) for entry in data.get("trigger", [])]
        cues = {kind: {w.lower() for w in words} for kind, words in data.get("cues", {}).items()}
        return cls(triggers, cues)

    def cameo(self, event_type: str, modes: list[str]) -> str | None:
        """The CAMEO root code of a PLOVER type (a mode may name a more specific root)."""
        for mode in modes:
            if (event_type, mode) in self.cameo_roots:
                return self.cameo_roots[(event_type, mode)]
        return self.cameo_roots.get((event_type, ""))

    def match(self, token: Token) -> Trigger | None:
        """The entry this token triggers, if any (specific entries win over bare ones)."""
        for trigger in self.triggers.get((token.lemma_.lower(), token.pos_), ()):
            if trigger.fits(token):
                return trigger
        return None


def _trigger(entry: dict) -> Trigger:
    if entry.get("type") not in PLOVER_TYPES:
        raise ValueError(
            f"lexicon entry {entry.get('lemma')!r}: unknown type {entry.get('type')!r}"
        )
    return Trigger(
        lemma=entry["lemma"].lower(),
        pos=tuple(entry.get("pos", ["VERB"])),
        type=entry["type"],
        mode=tuple(entry.get("mode", ())),
        context=tuple(entry.get("context", ())),
        objects=frozenset(o.lower() for o in entry.get("objects", ())),
        particles=frozenset(p.lower() for p in entry.get("particles", ())),
    )


def _cameo_roots() -> dict[tuple[str, str], str]:
    """(PLOVER type, mode or "") -> CAMEO root, from data/cameo.tsv."""
    source = resources.files("storyline.events") / "data" / "cameo.tsv"
    rows = csv.DictReader(io.StringIO(source.read_text(encoding="utf-8")), delimiter="\t")
    return {(row["type"], row["mode"] or ""): row["cameo"] for row in rows}
