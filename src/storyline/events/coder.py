"""The first PLOVER coder: trigger lexicon + dependency rules, every event with its evidence.

For each sentence, tokens matching the lexicon become events. Actors and recipients come from the
trigger's own clause (see `arguments`), the date from the time expression governing the clause,
the status from the verbs above it (said / accused / denied / will / if / not).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.events.arguments import (
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    MentionIndex,
    actors_of,
    agents_and_recipients,
    is_setting,
    subject_of,
)
from storyline.events.classifier import NONE, EventTypeClassifier, mark
from storyline.events.extractor import EventExtractor
from storyline.events.lexicon import Lexicon, Trigger
from storyline.model import Actor, Event, Evidence, Mention, Quantity, TimeExpression

DATED_PRECISIONS = {"day", "month", "year"}
YIELD_TYPES = {"CONCEDE", "RETREAT"}
YIELD_DEFAULT = "RETREAT"  # PLV's YIELD on a non-yield trigger: 153 of 187 gold yields on real news
MODEL_THRESHOLD = 0.3  # below this probability the lexicon's type stands (tuned on PLV dev)
PLACE_LABELS = {"GPE", "LOC", "FAC"}
FUTURE_AUXILIARIES = {"will", "shall", "'ll", "wo"}
MODAL_AUXILIARIES = {"would", "could", "might", "may"}
# How a clause hangs under the verb that frames it: "said [that ...]", "denied [trading] arms".
EMBEDDING_DEPS = {"ccomp", "xcomp", "pcomp", "pobj", "prep", "dobj", "advcl", "compound", "amod"}
FIGURE_NOUNS = {"number", "figure", "total", "tally", "count", "toll", "amount"}
PLAN_MODIFIERS = {"upcoming", "planned", "proposed", "forthcoming", "expected", "scheduled"}


@dataclass
class _Clause:
    """What the verbs above a trigger say about it."""

    status: str = "asserted"
    attributed_to: list[str] | None = None


class EventCoder:
    """Codes one analysed document into events."""

    def __init__(
        self,
        lexicon: Lexicon,
        actor_of: Callable[[str], Actor | None],
        classifier: EventTypeClassifier | None = None,
        threshold: float = MODEL_THRESHOLD,
        extractor: EventExtractor | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.actor_of = actor_of
        self.classifier = classifier
        self.extractor = extractor  # the learned reader; when given, it codes every candidate
        self.rule_fallback = False
        self.span_weight = 0.5  # confidence = P(type) x span belief^0.5 (tuned on dev)
        self.keep_unnamed = True  # dropping them cost 2.9 points of dev strict precision
        self.model_status = True
        self.threshold = threshold
        self.overrule_neighbours = False
        self.keep_statuses: tuple[str, ...] = ("alleged", "denied")
        self.reporting = frozenset(lexicon.cues["report"])

    def kind_of(self, actor_id: str) -> str | None:
        actor = self.actor_of(actor_id)
        return actor.kind if actor else None

    def code(
        self,
        doc: Doc,
        document_id: str,
        mentions: list[Mention],
        report_date: str | None = None,
        trigger_spans: dict[str, tuple[int, int]] | None = None,
    ) -> list[Event]:
        """Events of one document, in text order (`trigger_spans`, if given, receives each
        event's trigger character span, by event id)."""
        index = MentionIndex(mentions, self.kind_of)
        timexes: list[TimeExpression] = doc._.timexes or []
        quantities: list[Quantity] = doc._.quantities or []
        events: list[Event] = []
        spans = {} if trigger_spans is None else trigger_spans  # event id -> trigger span
        if self.extractor is not None:
            events = self._read(doc, document_id, index, report_date, spans)
        for number, sentence, token, trigger, triggers in (
            self.candidates(doc) if self.extractor is None else ()
        ):
            event = self._event(token, trigger, sentence, number, document_id, index)
            if event is None:
                continue
            event.date, event.date_precision = _date(token, sentence, timexes, triggers)
            if event.date is None and report_date:
                event.date, event.date_precision = report_date, "report"
            event.quantity = _quantity(token, quantities)
            event.location = _location(token, index, self.actor_of, event)
            events.append(event)
            spans[event.id] = (token.idx, token.idx + len(token.text))
        _carry_figure_attribution(events, doc)
        if self.classifier is not None and self.extractor is None:
            self._retype(events, doc, mentions, spans)
        for event in events:
            event.cameo = self.lexicon.cameo(event.type, event.mode)
        return events

    def candidates(self, doc: Doc) -> Iterator[tuple[int, Span, Token, Trigger, dict]]:
        """Each lexicon trigger that may name an event of its own: (sentence number, sentence,
        token, trigger, the sentence's triggers by token index)."""
        for number, sentence in enumerate(doc.sents):
            matches = [(t, self.lexicon.match(t)) for t in sentence]
            triggers = {t.i: m for t, m in matches if m is not None}
            for token, trigger in ((doc[i], m) for i, m in triggers.items()):
                if _duplicates_head(token, trigger, triggers) or (
                    _modifier_noun(token) and not trigger.specific
                ):
                    continue
                yield number, sentence, token, trigger, triggers

    def _retype(
        self,
        events: list[Event],
        doc: Doc,
        mentions: list[Mention],
        spans: dict[str, tuple[int, int]],
    ) -> None:
        """Let the learned model type the events that name both an actor and a recipient, and
        give every event the model's confidence in its final type.

        The model reads a whole sentence, so under an accusation or a denial its answer tends to
        be the framing verb's ("X accused Y of arming Z": ACCUSE for the Y-Z pair too): those
        embedded events keep the lexicon's type. Overruling the model whenever it names another
        event's type in the same sentence (`overrule_neighbours`) cost 3.3 points of PLV dev
        end-to-end accuracy (0.235 -> 0.202), so it is off; the threshold moved it by one sentence.
        A model trained with a "NONE" class (a candidate that reports no event) and with the
        trigger marked says so through a low confidence; the event stays, marked.
        """
        if not events:
            return
        sentences = list(doc.sents)
        # the type of a dyad is read as the model learnt it from PLV: actor and recipient marked
        dyads = {
            e.id: text
            for e in events
            if e.status not in self.keep_statuses
            and (text := _dyad(e, sentences[e.evidence[0].sentence], mentions)) is not None
        }
        # A model that knows NONE judges every candidate, its trigger marked if it learnt so;
        # one that does not (the PLV typer) reads the dyads only, and only they get a confidence.
        verifier = NONE in self.classifier.labels
        judged = [e for e in events if verifier or e.id in dyads]
        marks = self.classifier.marks_trigger
        texts = [
            candidate_text(
                e, sentences[e.evidence[0].sentence], mentions, spans.get(e.id) if marks else None
            )
            for e in judged
        ]
        beliefs = dict(
            zip([e.id for e in judged], self.classifier.probabilities(texts), strict=True)
        )
        if marks and dyads:
            typing = dict(
                zip(dyads, self.classifier.probabilities(list(dyads.values())), strict=True)
            )
        else:
            typing = {i: b for i, b in beliefs.items() if i in dyads}
        lexicon_types = {e.id: e.type for e in events}
        for event in judged:
            belief = beliefs[event.id]
            label, probability = max(
                ((k, v) for k, v in typing.get(event.id, belief).items() if k != NONE),
                key=lambda item: item[1],
            )
            if label == "YIELD":  # PLV's YIELD: keep the lexicon's choice between the two
                label = event.type if event.type in YIELD_TYPES else "CONCEDE"
            others = {
                lexicon_types[e.id]
                for e in events
                if e is not event and e.evidence[0].sentence == event.evidence[0].sentence
            }
            neighbour = self.overrule_neighbours and label in others
            retype = event.id in dyads and label != event.type and not neighbour
            if retype and probability >= self.threshold:
                event.type, event.mode = label, []  # the lexicon's mode belongs to its type
            own = "YIELD" if event.type in YIELD_TYPES and "YIELD" in belief else event.type
            event.confidence = round(belief.get(own, 0.0), 4)

    def _event(
        self,
        token: Token,
        trigger: Trigger,
        sentence: Span,
        number: int,
        document_id: str,
        index: MentionIndex,
    ) -> Event | None:
        actors, recipients = self._parties(token, trigger, index)
        if not actors and not recipients:
            return None  # an event nobody takes part in is noise, not data
        return self._build(token, trigger, sentence, number, document_id, index, actors, recipients)

    def _parties(
        self, token: Token, trigger: Trigger, index: MentionIndex
    ) -> tuple[list[str], list[str]]:
        """Actors and recipients by the dependency rules."""
        agents, targets = agents_and_recipients(token, index, self.reporting)
        # "deployed troops": the direct object of a show of force is the actor's own, not whom
        # it is aimed at. (Dropping every object the lexicon names as a condition cost 3.8 points
        # of PLV dev end-to-end accuracy: "arrested officers" are targets.)
        targets = [
            t
            for t in targets
            if not (trigger.type == "MOBILIZE" and t.dep_ == "dobj" and t.head.i == token.i)
        ]
        actors = [a for t in agents for a in actors_of(t, index)]
        recipients = [a for t in targets for a in actors_of(t, index) if a not in actors]
        return actors, recipients

    def _build(
        self,
        token: Token,
        trigger: Trigger,
        sentence: Span,
        number: int,
        document_id: str,
        index: MentionIndex,
        actors: list[str],
        recipients: list[str],
    ) -> Event:
        clause = self._clause(token, index)
        attributed = clause.attributed_to or _according_to(sentence, index)
        key = f"{document_id}:{token.idx}:{trigger.type}"
        return Event(
            id=hashlib.sha1(key.encode()).hexdigest()[:16],
            type=trigger.type,
            mode=list(trigger.mode),
            context=list(trigger.context),
            actors=actors,
            recipients=recipients,
            attributed_to=[a for a in attributed if a not in actors] if attributed else [],
            status=clause.status,
            trigger=token.text,
            evidence=[_evidence(document_id, number, sentence)],
        )

    def _read(
        self,
        doc: Doc,
        document_id: str,
        index: MentionIndex,
        report_date: str | None,
        spans: dict[str, tuple[int, int]],
    ) -> list[Event]:
        """Events as the learned reader sees them: every lexicon candidate read once; its type,
        participants, status and datedness from the model, attribution, figures and places
        from the rules. A candidate whose participants the model cannot place among the
        resolved actors (an unnamed "officials", a generic "government") takes none; one left
        with nobody is dropped, as the rules drop it."""
        # a sentence naming no actor and holding no pronoun gives the reader nobody to place
        candidates = [c for c in self.candidates(doc) if _may_have_parties(c[1], index)]
        if not candidates:
            return []
        readings = self.extractor.read(
            [c[1].text for c in candidates],
            [
                (t.idx - s.start_char, t.idx - s.start_char + len(t.text))
                for _, s, t, _, _ in candidates
            ],
        )
        timexes: list[TimeExpression] = doc._.timexes or []
        quantities: list[Quantity] = doc._.quantities or []
        events: list[Event] = []
        for (number, sentence, token, trigger, triggers), reading in zip(
            candidates, readings, strict=True
        ):
            actors = self._linked(doc, sentence, reading.actors, index)
            recipients = [
                a for a in self._linked(doc, sentence, reading.recipients, index) if a not in actors
            ]
            clause = self._clause(token, index)
            framed = clause.status in self.keep_statuses
            speakers = set(clause.attributed_to or [])
            if framed and speakers and set(actors) - speakers:
                # "Peru accused Ecuador of smuggling": the accuser is not the smuggler
                actors = [a for a in actors if a not in speakers]
            if (self.rule_fallback or framed) and not actors and not recipients:
                # "both countries denied trading arms": under an accusation or a denial the
                # reader often places nobody; the parse does, and claims need these events
                actors, recipients = self._parties(token, trigger, index)
            if not actors and not recipients:
                continue
            event = self._build(
                token, trigger, sentence, number, document_id, index, actors, recipients
            )
            label, probability = reading.best_type()
            if label == "YIELD":
                label = trigger.type if trigger.type in YIELD_TYPES else YIELD_DEFAULT
            if label != event.type:
                event.type, event.mode = label, []  # the lexicon's mode belongs to its type
            event.confidence = round(probability * reading.span_belief ** self.span_weight, 4)
            if self.model_status and event.status not in (*self.keep_statuses, "negated"):
                event.status = max(reading.status, key=reading.status.get)
            event.date, event.date_precision = _date(token, sentence, timexes, triggers)
            undated = max(reading.when, key=reading.when.get) == "undated"
            if event.date is None and report_date and not undated:
                event.date, event.date_precision = report_date, "report"
            event.quantity = _quantity(token, quantities)
            event.location = _location(token, index, self.actor_of, event)
            events.append(event)
            spans[event.id] = (token.idx, token.idx + len(token.text))
        return events

    def _linked(
        self, doc: Doc, sentence: Span, spans: list[tuple[int, int]], index: MentionIndex
    ) -> list[str]:
        """Actor ids for the reader's spans: what each span's head word stands for (its mention,
        its conjuncts, a pronoun's antecedent, "both countries"); a place named as the setting
        ("in Afrin") is the event's location, never a participant."""
        found: list[str] = []
        for start, end in spans:
            span = doc.char_span(
                sentence.start_char + start, sentence.start_char + end, alignment_mode="expand"
            )
            if span is None:
                continue
            # the phrase's head word: "the Cypriot government", not Cyprus inside it
            head = index.at(span.root)
            if head is not None and is_setting(doc, head):
                continue
            for actor in actors_of(span.root, index):
                if actor and actor not in found and (self.keep_unnamed or self._named(actor)):
                    found.append(actor)
        return found

    def _named(self, actor_id: str) -> bool:
        """Whether an actor is identified: "German prosecutors" is, a bare "officials" or
        "a member" (a group of no country, made for one document) is not."""
        actor = self.actor_of(actor_id)
        return actor is None or not (actor.country is None and actor.id.startswith("agent:"))

    def _clause(self, token: Token, index: MentionIndex) -> _Clause:
        """Status and attribution from the trigger itself and the verbs governing it."""
        cues = self.lexicon.cues
        verb = token.head if token.pos_ == "NOUN" and token.dep_ in ("dobj", "attr") else token
        if _negated(token) or _negated(verb):
            return _Clause("negated")
        if any(c.dep_ == "mark" and c.lower_ in cues["hypothetical"] for c in verb.children):
            return _Clause("hypothetical")
        auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        clause = _Clause()
        if auxiliaries & MODAL_AUXILIARIES:
            clause.status = "hypothetical"
        elif auxiliaries & FUTURE_AUXILIARIES or any(
            c.lower_ in PLAN_MODIFIERS for c in token.children if c.dep_ == "amod"
        ):
            clause.status = "planned"
        for governor in _governors(verb):
            lemma = governor.lemma_.lower()
            speaker = subject_of(governor)
            speakers = actors_of(speaker, index) if speaker is not None else []
            if lemma in cues["deny"]:
                return _Clause("denied", speakers)
            if lemma in cues["allege"]:
                return _Clause("alleged", speakers)
            if lemma in cues["plan"] and clause.status == "asserted":
                clause.status = "planned"
            if lemma in cues["report"] and speakers and clause.attributed_to is None:
                clause.attributed_to = speakers
        return clause


def _may_have_parties(sentence: Span, index: MentionIndex) -> bool:
    """Whether a sentence names an actor or has a word standing for one ("they", "both")."""
    if any(sentence.start_char <= m.start < sentence.end_char for m in index.mentions):
        return True
    words = PERSON_PRONOUNS | GROUP_PRONOUNS | GROUP_NOUNS
    return any(t.lower_ in words or t.lemma_.lower() in words for t in sentence)


def _duplicates_head(token: Token, trigger: Trigger, triggers: dict[int, Trigger]) -> bool:
    """ "held talks": the noun repeats the verb's event, so only the verb is coded."""
    head = triggers.get(token.head.i)
    return (
        token.pos_ == "NOUN"
        and token.head.i != token.i
        and head is not None
        and (head.type == trigger.type or trigger.lemma in head.objects)
    )


def candidate_text(
    event: Event, sentence: Span, mentions: list[Mention], trigger: tuple[int, int] | None
) -> str:
    """The evidence sentence with whatever the event has marked: its actor, its recipient and
    (for a model trained so) its trigger."""
    actor = _span_of(event.actors, sentence, mentions)
    recipient = _span_of(event.recipients, sentence, mentions)
    if recipient == actor:
        recipient = None
    offset = sentence.start_char

    def local(span: tuple[int, int] | None) -> tuple[int, int] | None:
        return (span[0] - offset, span[1] - offset) if span else None

    return mark(sentence.text, local(actor), local(recipient), local(trigger))


def _dyad(event: Event, sentence: Span, mentions: list[Mention]) -> str | None:
    """The evidence sentence with the event's actor and recipient marked, if it names both."""
    actor = _span_of(event.actors, sentence, mentions)
    recipient = _span_of(event.recipients, sentence, mentions)
    if actor is None or recipient is None or actor == recipient:
        return None
    offset = sentence.start_char
    return mark(
        sentence.text,
        (actor[0] - offset, actor[1] - offset),
        (recipient[0] - offset, recipient[1] - offset),
    )


def _span_of(ids: list[str], sentence: Span, mentions: list[Mention]) -> tuple[int, int] | None:
    for mention in mentions:
        inside = sentence.start_char <= mention.start and mention.end <= sentence.end_char
        if inside and mention.actor in ids:
            return mention.start, mention.end
    return None


def _carry_figure_attribution(events: list[Event], doc: Doc) -> None:
    """ "X said 1,000 containers were sent. By March the number had risen to 7,000": a figure
    updated through "the number/figure/total" keeps the source of the figure it updates."""
    sentences = list(doc.sents)
    previous: dict[str | None, Event] = {}
    for event in events:
        if event.quantity is None:
            continue
        unit = event.quantity.unit
        earlier = previous.get(unit)
        sentence = sentences[event.evidence[0].sentence]
        if not event.attributed_to and earlier is not None and _updates_a_figure(sentence):
            event.attributed_to = list(earlier.attributed_to)
        if event.attributed_to:
            previous[unit] = event


def _updates_a_figure(sentence: Span) -> bool:
    return any(
        t.dep_ in ("nsubj", "nsubjpass")
        and t.lemma_.lower() in FIGURE_NOUNS
        and any(c.lower_ == "the" for c in t.children)
        for t in sentence
    )


def _evidence(document_id: str, number: int, sentence: Span) -> Evidence:
    """The sentence as evidence, its offsets trimmed to the text shown."""
    text = sentence.text
    start = sentence.start_char + len(text) - len(text.lstrip())
    end = sentence.end_char - (len(text) - len(text.rstrip()))
    return Evidence(document_id, number, start, end, text.strip())


def _modifier_noun(token: Token) -> bool:
    """ "sanctions monitors", "aid workers": a noun modifying another noun names no event
    (a gerund does: "[trading] arms")."""
    return token.pos_ == "NOUN" and token.dep_ == "compound" and token.tag_ != "VBG"


def _governors(token: Token, limit: int = 4) -> list[Token]:
    """The verbs a clause is embedded under: "said that ...", "accused X of ...", "denied ..."."""
    chain: list[Token] = []
    current = token
    for _ in range(limit):
        if current.dep_ in ("ROOT",) or current.head.i == current.i:
            break
        if current.dep_ not in EMBEDDING_DEPS:
            break
        if current.dep_ == "prep" and current.lower_ not in ("of", "for", "about", "on"):
            break  # "after X's visit" is a circumstance of the verb, not what it reports
        current = current.head
        if current.pos_ in ("VERB", "AUX") or current.lemma_.lower() == "according":
            chain.append(current)
    return chain


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children)


def _according_to(sentence: Span, index: MentionIndex) -> list[str]:
    """ "according to UN sanctions monitors" anywhere in the sentence."""
    for token in sentence:
        if token.lower_ == "according":
            for to in token.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return actors_of(obj, index)
    return []


def _date(
    trigger: Token, sentence: Span, timexes: list[TimeExpression], triggers: dict[int, Trigger]
) -> tuple[str | None, str | None]:
    """The time expression attached to the trigger or to a clause above it (not another event's)."""
    doc = trigger.doc
    dated = [t for t in timexes if t.precision in DATED_PRECISIONS and t.value]
    inside = [t for t in dated if sentence.start_char <= t.start < sentence.end_char]
    if not inside:
        return None, None
    attachments: dict[int, TimeExpression] = {}
    for timex in inside:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None:
            attachments.setdefault(_attachment(span).i, timex)
    current = trigger
    for _ in range(8):
        if current.i in attachments:
            found = attachments[current.i]  # dated to the day: 2024-06-18TEV -> 2024-06-18
            return found.value.split("T")[0], found.precision
        if current.head.i == current.i or (current.i != trigger.i and current.i in triggers):
            break
        current = current.head
    return None, None


def _attachment(span: Span) -> Token:
    """The word a time expression modifies: "signed [on Wednesday]" -> signed."""
    head = span.root.head
    while head.dep_ == "prep" or (
        head.i >= span.start and head.i < span.end and head.head.i != head.i
    ):
        head = head.head
        if head.head.i == head.i:
            break
    return head


def _quantity(trigger: Token, quantities: list[Quantity]) -> Quantity | None:
    """A figure in the trigger's phrase: its object ("sent 1,000 containers") or its head noun."""
    tokens = [
        t
        for child in trigger.children
        if child.dep_ not in ("nsubj", "nsubjpass", "relcl", "advcl", "ccomp", "punct")
        for t in child.subtree
    ]
    if trigger.dep_ in ("acl", "relcl"):  # "7,000 containers of arms [sent] to X"
        noun = trigger.head
        for _ in range(2):
            tokens.extend([*noun.lefts, noun])
            if noun.dep_ != "pobj" or noun.head.lower_ != "of":
                break
            noun = noun.head.head
    offsets = {t.idx for t in tokens}
    for quantity in quantities:
        if any(quantity.start <= o < quantity.end for o in offsets):
            return quantity
    return None


def _location(
    trigger: Token, index: MentionIndex, actor_of: Callable[[str], Actor | None], event: Event
) -> str | None:
    """A place in an "in/at X" phrase of the trigger's clause; a visit's host country otherwise."""
    current = trigger
    for _ in range(3):
        for child in current.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for obj in child.children:
                    mention = index.at(obj) if obj.dep_ == "pobj" else None
                    if mention is not None and mention.label in PLACE_LABELS:
                        return mention.text
        if current.head.i == current.i:
            break
        current = current.head
    if "visit" in event.mode:
        for actor_id in event.recipients:
            actor = actor_of(actor_id)
            if actor is not None and actor.kind == "country":
                return actor.name
    return None
