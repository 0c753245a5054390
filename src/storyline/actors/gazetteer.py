"""The gazetteer: canonical actors and every name they go by, loaded from TSV data files.

Shipped files live in `storyline/actors/data/` (see SOURCES.md there); a user adds their own with
`--gazetteer FILE`, in the columns of `countries.tsv`, `organisations.tsv` or `officeholders.tsv`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from storyline.errors import GazetteerError
from storyline.model import Actor

ROLE_SECTOR = {"defence_minister": "MIL"}


@dataclass(frozen=True)
class Term:
    """A person's term in a post: who held which role for which country, from when to when."""

    actor: str
    country: str
    role: str
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def normalise_name(name: str) -> str:
    """Accent-, case-, hyphen- and article-insensitive key: "the Kim Jong-un" -> "kim jong un"."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).casefold()
    name = re.sub(r"[’'`]s\b", "", name)
    name = re.sub(r"[^\w\s]", " ", name.replace(".", ""))
    name = re.sub(r"^(the)\s+", "", name.strip())
    return re.sub(r"\s+", " ", name).strip()


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _date(cell: str | None, path: str) -> date | None:
    if not cell:
        return None
    try:
        return date.fromisoformat(cell.strip())
    except ValueError as error:
        raise GazetteerError(path, f"bad date {cell!r}") from error


class Gazetteer:
    """Names -> actors, countries, and who held which post when."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.names: dict[str, list[str]] = defaultdict(list)
        self.country_actor: dict[str, str] = {}  # iso3 -> actor id
        self.country_names: dict[str, str] = {}  # normalised name/demonym -> iso3
        self.country_forms: dict[str, str] = {}  # casefolded surface name/demonym -> iso3
        self.governments: dict[str, str] = {}  # normalised capital/metonym -> iso3
        self.terms: list[Term] = []
        self.terms_of: dict[str, list[Term]] = defaultdict(list)  # actor id -> their terms
        self.roles: dict[str, tuple[str, str]] = {}  # phrase -> (role, sector)
        self.agents: dict[str, tuple[str, str]] = {}  # common-noun lemma -> (sector, name)

    @classmethod
    def load(cls, extra: list[str | Path] | None = None) -> Gazetteer:
        """The shipped data plus any user files (later files add names, never drop any)."""
        gazetteer = cls()
        data = resources.files("storyline.actors") / "data"
        shipped = (
            "countries.tsv",
            "organisations.tsv",
            "groups.tsv",
            "officeholders.tsv",
            "roles.tsv",
            "agents.tsv",
        )
        for name in shipped:
            with resources.as_file(data / name) as path:
                if path.exists():
                    gazetteer.add_file(path)
        for path in extra or []:
            gazetteer.add_file(Path(path))
        return gazetteer

    def add_file(self, path: Path) -> None:
        """Add one TSV file; its kind is told by its columns."""
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle, delimiter="\t"))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise GazetteerError(str(path), f"cannot read: {error}") from error
        if not rows:
            return
        columns = set(rows[0])
        if "iso3" in columns:
            adder = self._add_country
        elif "phrase" in columns:
            adder = self._add_role
        elif "lemma" in columns:
            adder = self._add_agent
        elif "members" in columns:
            adder = self._add_group
        elif {"id", "name", "role"} <= columns:
            adder = self._add_officeholder
        elif {"id", "name"} <= columns:
            adder = self._add_organisation
        else:
            raise GazetteerError(str(path), f"unknown columns {sorted(columns)}")
        for row in rows:
            adder(row, str(path))

    def _add_actor(self, actor: Actor, names: list[str]) -> None:
        known = self.actors.get(actor.id)
        if known:
            known.aliases.extend(a for a in actor.aliases if a not in known.aliases)
        else:
            self.actors[actor.id] = actor
        for name in names:
            key = normalise_name(name)
            if key and actor.id not in self.names[key]:
                self.names[key].append(actor.id)

    def _add_country(self, row: dict[str, str], path: str) -> None:
        iso3 = (row.get("iso3") or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            raise GazetteerError(path, f"bad iso3 {iso3!r}")
        wikidata = (row.get("wikidata") or "").strip() or None
        aliases = _split(row.get("aliases"))
        actor = Actor(
            wikidata or iso3, row["name"].strip(), "country", iso3, None, aliases, wikidata
        )
        self._add_actor(actor, [actor.name, *aliases])
        self.country_actor[iso3] = actor.id
        for name in [actor.name, *aliases, *_split(row.get("demonyms"))]:
            self.country_names[normalise_name(name)] = iso3
            self.country_forms[name.casefold()] = iso3
        metonyms = _split(row.get("capital")) + _split(row.get("government_aliases"))
        for name in metonyms:
            self.governments[normalise_name(name)] = iso3
        government = Actor(  # "Moscow said", "the Kremlin", "the Russian government"
            f"gov:{iso3}", f"Government of {actor.name}", "government", iso3, "GOV", metonyms
        )
        self._add_actor(government, [])

    def _add_organisation(self, row: dict[str, str], path: str) -> None:
        wikidata = (row.get("wikidata") or "").strip() or None
        aliases = _split(row.get("aliases"))
        actor = Actor(
            id=row["id"].strip() or wikidata or "",
            name=row["name"].strip(),
            kind=(row.get("kind") or "organisation").strip(),
            country=(row.get("country") or "").strip().upper() or None,
            sector=(row.get("sector") or "").strip() or None,
            aliases=aliases,
            wikidata=wikidata,
        )
        if not actor.id:
            raise GazetteerError(path, f"row without id: {row}")
        self._add_actor(actor, [actor.name, *aliases])

    def _add_officeholder(self, row: dict[str, str], path: str) -> None:
        wikidata = (row.get("wikidata") or "").strip() or None
        country = (row.get("country") or "").strip().upper() or None
        role = (row.get("role") or "").strip()
        aliases = _split(row.get("aliases"))
        actor = Actor(
            id=row["id"].strip(),
            name=row["name"].strip(),
            kind="person",
            country=country,
            sector=ROLE_SECTOR.get(role, "GOV"),
            aliases=aliases,
            wikidata=wikidata,
        )
        self._add_actor(actor, [actor.name, *aliases])
        if country and role:
            start, end = _date(row.get("start"), path), _date(row.get("end"), path)
            term = Term(actor.id, country, role, start, end)
            self.terms.append(term)
            self.terms_of[actor.id].append(term)

    def _add_role(self, row: dict[str, str], path: str) -> None:
        self.roles[normalise_name(row["phrase"])] = (row["role"].strip(), row["sector"].strip())

    def _add_group(self, row: dict[str, str], path: str) -> None:
        """A group of states: members for a known organisation, or a group actor of its own."""
        members = []
        for iso3 in _split(row.get("members")):
            if iso3.upper() not in self.country_actor:
                raise GazetteerError(path, f"unknown member {iso3!r} of {row.get('id')!r}")
            members.append(self.country_actor[iso3.upper()])
        actor_id = row["id"].strip()
        aliases = _split(row.get("aliases"))
        actor = self.actors.get(actor_id) or Actor(
            actor_id, row["name"].strip(), "group", None, None, list(aliases)
        )
        actor.members = members
        self._add_actor(actor, [actor.name, *aliases])
        actor.aliases.extend(a for a in aliases if a not in actor.aliases)

    def _add_agent(self, row: dict[str, str], path: str) -> None:
        self.agents[row["lemma"].strip().lower()] = (row["sector"].strip(), row["name"].strip())

    def lookup(self, name: str) -> list[Actor]:
        """Actors whose name or alias equals `name` (normalised)."""
        return [self.actors[i] for i in self.names.get(normalise_name(name), [])]

    def country(self, iso3: str) -> Actor | None:
        actor_id = self.country_actor.get(iso3)
        return self.actors.get(actor_id) if actor_id else None

    def holder(self, country: str, role: str, day: date) -> Actor | None:
        """The person who held `role` for `country` on `day`, if the gazetteer knows."""
        for term in self.terms:
            if term.country == country and term.role == role and term.covers(day):
                return self.actors[term.actor]
        return None

    def government(self, iso3: str) -> Actor | None:
        """The government of a country, the actor that capitals and metonyms stand for."""
        return self.actors.get(f"gov:{iso3}")

    def roles_of(self, actor_id: str) -> set[str]:
        return {t.role for t in self.terms_of.get(actor_id, ())}

    def people(self) -> list[Actor]:
        return [a for a in self.actors.values() if a.kind == "person"]
