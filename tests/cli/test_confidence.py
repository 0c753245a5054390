"""`--min-confidence` and `--all` on report, brief, timeline, export and run, over a real store
holding events of confidence 0.9 (AGREE), 0.2 (ACCUSE) and none (REQUEST, the lexicon's)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from storyline.confidence import DEFAULT_MIN_CONFIDENCE
from storyline.store import Store

SURE = "Chile signed a fisheries deal with Peru on Monday."
UNSURE = "Peru accused Ecuador of overfishing on Tuesday."
LEXICON = "Bolivia asked Brazil for help on Wednesday."
ONE_HIDDEN = "1 event below confidence 0.7 is hidden; --all shows them"


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _timeline_types(result: Result) -> list[str]:
    return [line.split("\t")[1] for line in result.stdout.splitlines()]


def test_the_default_threshold_is_the_documented_one() -> None:
    assert DEFAULT_MIN_CONFIDENCE == 0.7  # the README and the notes below say 0.7


def test_timeline_hides_unsure_events_and_says_so(unsure_store: Path) -> None:
    default = _run("timeline", "--db", str(unsure_store))
    assert default.exit_code == 0, default.output
    assert _timeline_types(default) == ["AGREE", "REQUEST"]  # 0.9 and the lexicon's
    assert default.stderr.strip() == ONE_HIDDEN
    every = _run("timeline", "--db", str(unsure_store), "--all")
    assert _timeline_types(every) == ["AGREE", "ACCUSE", "REQUEST"]
    assert "hidden" not in every.stderr
    strict = _run("timeline", "--db", str(unsure_store), "--min-confidence", "0.95")
    assert _timeline_types(strict) == ["REQUEST"]  # events without a confidence always show
    assert "2 events below confidence 0.95 are hidden; --all shows them" in strict.stderr
    zero = _run("timeline", "--db", str(unsure_store), "--min-confidence", "0")
    assert _timeline_types(zero) == _timeline_types(every)
    with Store(unsure_store) as store:
        assert store.counts()["events"] == 3  # showing less never removes anything


@pytest.mark.parametrize("value", ["2", "-0.1", "nan", "sure"])
def test_a_threshold_outside_0_to_1_is_refused(unsure_store: Path, value: str) -> None:
    result = CliRunner().invoke(
        main, ["timeline", "--db", str(unsure_store), "--min-confidence", value]
    )
    assert result.exit_code == 2 and "--min-confidence" in result.output
    assert "Traceback" not in result.output


def test_report_and_its_briefs_hide_unsure_events(unsure_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    assert _run("report", "--db", str(unsure_store), "--out", str(out)).exit_code == 0
    markdown = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"{ONE_HIDDEN}." in markdown and f"{ONE_HIDDEN}." in html
    assert SURE in markdown and LEXICON in markdown and UNSURE not in markdown
    assert UNSURE not in html
    assert "- Confidence: 0.90" in markdown and "- Confidence: lexicon" in markdown
    assert "2 events" in markdown  # the header counts what is shown
    every = tmp_path / "every"
    assert _run("report", "--db", str(unsure_store), "--out", str(every), "--all").exit_code == 0
    markdown = (every / "report.md").read_text(encoding="utf-8")
    assert UNSURE in markdown and "- Confidence: 0.20" in markdown and "hidden" not in markdown


def test_brief_hides_unsure_events(unsure_store: Path, tmp_path: Path) -> None:
    default = _run("brief", "story:unsure", "--db", str(unsure_store))
    assert default.exit_code == 0, default.output
    assert f"*{ONE_HIDDEN}.*" in default.stdout
    assert SURE in default.stdout and UNSURE not in default.stdout
    every = _run("brief", "story:unsure", "--db", str(unsure_store), "--all")
    assert UNSURE in every.stdout and "hidden" not in every.stdout
    folder = tmp_path / "brief"
    written = _run(
        "brief", "story:unsure", "--db", str(unsure_store), "--out", str(folder),
        "--min-confidence", "0.95",
    )  # fmt: skip
    assert written.exit_code == 0
    html = (folder / "story-unsure.html").read_text(encoding="utf-8")
    assert "2 events below confidence 0.95 are hidden; --all shows them." in html
    assert SURE not in html and LEXICON in html


def test_exports_carry_confidence_and_follow_the_threshold(
    unsure_store: Path, tmp_path: Path
) -> None:
    default = _run("export", "--format", "json", "--db", str(unsure_store))
    data = json.loads(default.stdout)
    confidences = {e["id"]: e["confidence"] for e in data["events"]}
    assert confidences == {"event:sure": 0.9, "event:lexicon": None}
    assert [v["confidence"] for e in data["events"] for v in e["evidence"]] == [0.9, None]
    assert data["stories"][0]["events"] == ["event:sure", "event:lexicon"]  # no dangling ids
    assert "1 event below confidence 0.7 is not exported; --all exports them" in default.stderr
    every = json.loads(_run("export", "--db", str(unsure_store), "--all").stdout)
    assert {e["id"]: e["confidence"] for e in every["events"]} == {
        "event:sure": 0.9, "event:unsure": 0.2, "event:lexicon": None,
    }  # fmt: skip
    assert len(every["stories"][0]["events"]) == 3
    lines = _run("export", "--format", "jsonl", "--db", str(unsure_store), "--all").stdout
    events = [r for r in map(json.loads, lines.splitlines()) if r["record"] == "event"]
    assert sorted(r["confidence"] or 0 for r in events) == [0, 0.2, 0.9]
    folder = tmp_path / "csv"
    strict = _run(
        "export", "--format", "csv", "--db", str(unsure_store), "-o", str(folder),
        "--min-confidence", "0.95",
    )  # fmt: skip
    assert strict.exit_code == 0 and "2 events below confidence 0.95" in strict.stderr
    for table in ("events", "evidence"):
        with open(folder / f"{table}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [row["confidence"] for row in rows] == [""], table  # the lexicon's event alone


def test_run_filters_the_report_and_stores_every_event(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Published 12 March 2025\n\nPeru accused Ecuador of sending fishing fleets into its "
        "waters on Monday. The government of Bolivia asked Brazil for help on Tuesday.\n",
        encoding="utf-8",
    )
    db, out = tmp_path / "s.duckdb", tmp_path / "report"
    result = _run("run", str(article), "--db", str(db), "--out", str(out), "--min-confidence", "1")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        events = store.events()
    unsure = [e for e in events if e.confidence is not None and e.confidence < 1]
    assert events and unsure  # the model judges these dyads: none is certain
    markdown = (out / "report.md").read_text(encoding="utf-8")
    count = len(unsure)
    assert f"{count} event{'s' if count > 1 else ''} below confidence 1 " in markdown
    assert f"{len(events) - count} events, " in markdown
    exported = json.loads(_run("export", "--db", str(db), "--all").stdout)
    assert len(exported["events"]) == len(events)
