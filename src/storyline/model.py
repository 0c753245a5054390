"""The data model every stage and every export shares (see README "Data model").

Plain dataclasses: stages take and return these; only `storyline.store` maps them to SQL.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
STATUSES: tuple[str, ...] = (
    "asserted", "alleged", "denied", "planned", "hypothetical", "negated",
)  # fmt: skip
PRECISIONS: tuple[str, ...] = ("day", "month", "year")


@dataclass
class Reference:
    """A work the article cites (kept apart from the body text)."""

    title: str
    publisher: str | None = None
    date: str | None = None  # ISO date, as precise as given
    url: str | None = None


@dataclass
class Document:
    """One article: clean body text plus metadata; `id` is derived from the body."""

    source: str  # the path or URL given to ingest (plus "#n" for the n-th record of a file)
    text: str
    title: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    updated: str | None = None
    publisher: str | None = None
    language: str | None = None
    references: list[Reference] = field(default_factory=list)
    id: str = ""
    copy_of: str | None = None  # the earlier document this one is a syndicated copy of

    def __post_init__(self) -> None:
        if not self.id:
            self.id = document_id(self.text)

    @property
    def anchor_date(self) -> str | None:
        """The date relative expressions are read against: the latest date the text gives."""
        return self.updated or self.published


def normalise_body(text: str) -> str:
    """Unicode-normalised, case-folded, whitespace-collapsed body used for the document id."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201a\u201b]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f]", '"', text)
    return re.sub(r"\s+", " ", text).strip()


def document_id(text: str) -> str:
    """Stable id from the normalised body, so the same article from any path is stored once."""
    return hashlib.sha256(normalise_body(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Evidence:
    """Where a fact is said (document, sentence index, character offsets in the body) and how
    that source tells it: its status, attribution, date, figure and participants. A merged event
    keeps one Evidence per source, so who asserts, who alleges and who denies stays visible."""

    document: str
    sentence: int
    start: int
    end: int
    text: str
    status: str = "asserted"
    attributed_to: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    quantity: Quantity | None = None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    trigger: str | None = None  # the word this source uses ("visited", "talks")
    mention: str | None = None  # the id the event had in this document before merging
    confidence: float | None = None  # the learned model's belief in this reading (None: lexicon)


@dataclass
class TimeExpression:
    """A time expression in the body, normalised against the document's date."""

    start: int  # character offsets in Document.text
    end: int
    text: str
    value: str | None  # ISO 8601 / TimeML value: 2024-06-19, 2024-06, 2024, P15Y, PAST_REF ...
    precision: str | None  # day | month | year | None (durations, references)
    kind: str = "DATE"  # DATE | DURATION | SET | TIME


@dataclass
class Quantity:
    """A number with its unit: 7,000 containers, $300 billion, at least nine times."""

    value: float
    unit: str | None
    text: str
    start: int = 0
    end: int = 0
    modifier: str | None = None  # "at least", "nearly", "about" ...


@dataclass
class Actor:
    """A canonical actor: person, organisation, country/government or group."""

    id: str  # Wikidata QID where known, else a stable slug
    name: str
    kind: str  # person | organisation | country | government | group | media | role | unknown
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # PLOVER/CAMEO sector: GOV, MIL, MED, IGO, BUS, ...
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    members: list[str] = field(default_factory=list)  # for groups: member actor ids


@dataclass
class Mention:
    """An entity mention in a document and the actor it resolves to."""

    document: str
    sentence: int
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, or ROLE for role descriptions
    actor: str | None = None


@dataclass
class Event:
    """One PLOVER event mention with its provenance."""

    id: str
    type: str
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    location: str | None = None
    quantity: Quantity | None = None
    attributed_to: list[str] = field(default_factory=list)
    status: str = "asserted"
    evidence: list[Evidence] = field(default_factory=list)
    story: str | None = None
    cameo: str | None = None  # CAMEO root code ("04"), for GDELT users
    trigger: str | None = None
    sources: int = 1  # distinct documents among the evidence
    publishers: int = 1  # distinct publishers among them
    independent: int = 1  # documents, counting syndicated copies once
    conflicts: list[str] = field(default_factory=list)  # "date", "quantity", "actors", "status"
    confidence: float | None = None  # the best of its evidence's (None: coded by the lexicon alone)


@dataclass
class Story:
    """Documents about the same affair and the events they report."""

    id: str
    title: str
    documents: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass
class Profile:
    """What story clustering compares: a document's lead embedding, the actors it names and the
    words its body uses most."""

    document: str
    embedding: list[float]
    entities: list[str]  # actor ids, once per mention (so counts weigh them)
    story: str | None = None
    terms: list[str] = field(default_factory=list)  # content lemmas, once per occurrence
