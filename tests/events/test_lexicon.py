"""The shipped trigger lexicon and the rules for reading a user's lexicon file."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.events.lexicon import Lexicon
from storyline.model import PLOVER_TYPES
from storyline.nlp.model import load_pipeline


def test_every_plover_type_has_triggers(lexicon: Lexicon) -> None:
    covered = {t.type for entries in lexicon.triggers.values() for t in entries}
    assert covered == set(PLOVER_TYPES)


def test_every_cue_list_is_filled(lexicon: Lexicon) -> None:
    assert all(lexicon.cues[kind] for kind in ("report", "allege", "deny", "plan"))


def test_specific_entries_win_over_bare_ones(lexicon: Lexicon) -> None:
    doc = load_pipeline()("Moscow sent troops to the border. Moscow sent aid to the town.")
    sent = [t for t in doc if t.lower_ == "sent"]
    types = [lexicon.match(t).type for t in sent]
    assert types[0] == "MOBILIZE" and types[1] == "AID"


def test_unknown_type_in_a_user_lexicon_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[[trigger]]\nlemma = "frobnicate"\ntype = "FROBNICATE"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="FROBNICATE"):
        Lexicon.load(path)
