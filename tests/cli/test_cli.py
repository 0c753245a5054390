"""The `storyline` command end to end: run, ingest, report, export, bad input, idempotence."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import EXIT_REJECTED, main
from storyline.store import Store

ARTICLE_ONE = """Harbour talks end with a pact

By Ana Ruiz

Published 12 March 2025

Chile and Peru signed a fisheries agreement on Tuesday after two days of talks in Lima, the
foreign ministers of both countries said. Officials said the deal covers 4,000 boats.

Peru accused Ecuador of sending fishing fleets into its waters, a charge Ecuador denied.
"""

ARTICLE_TWO = """Floods strain the river towns

Heavy rain flooded towns along the river, and the Red Cross said it had sent 300 tents to the
region. The government of Bolivia asked Brazil for help with the evacuation on Monday.
"""


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    (folder / "nested").mkdir(parents=True)
    (folder / "one.txt").write_text(ARTICLE_ONE, encoding="utf-8")
    (folder / "nested" / "two.txt").write_text(ARTICLE_TWO, encoding="utf-8")
    return folder


def _run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_run_stores_everything_and_writes_the_report(articles: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "s.duckdb", tmp_path / "report"
    result = _run("run", str(articles), "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    markdown = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Harbour talks end with a pact" in markdown and "## Timeline" in markdown
    assert "2025-03-11" in markdown  # "on Tuesday" before Wednesday 12 March 2025
    assert "[1]" in markdown and "Chile and Peru signed" in markdown
    assert "<table>" in html and 'id="cite-1"' in html
    with Store(db) as store:
        assert store.counts()["documents"] == 2
        assert store.counts()["events"] >= 3


def test_html_report_escapes_article_text(tmp_path: Path) -> None:
    article = tmp_path / "x.txt"
    article.write_text(
        "Greece condemned Turkey on Monday <script>alert(1)</script> in a long statement.\n",
        encoding="utf-8",
    )
    out = tmp_path / "report"
    _run("run", str(article), "--db", str(tmp_path / "s.duckdb"), "--out", str(out))
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_ingesting_the_same_articles_again_changes_nothing(articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _run("ingest", str(articles), "--db", str(db))
    with Store(db) as store:
        before = store.counts()
    copy = tmp_path / "copy.txt"
    copy.write_text(ARTICLE_ONE, encoding="utf-8")
    result = _run("ingest", str(articles), str(copy), "--db", str(db))
    assert result.exit_code == 0
    assert "0 new documents" in result.stderr and "3 already stored" in result.stderr
    with Store(db) as store:
        assert store.counts() == before


def test_bad_inputs_are_reported_and_the_rest_survives(articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _run("ingest", str(articles / "one.txt"), "--db", str(db))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (bad / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    result = _run(
        "ingest", str(bad), str(articles / "nested"), "/no/such/file.txt", "--db", str(db)
    )
    assert result.exit_code == EXIT_REJECTED
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected: ")]
    assert len(rejected) == 4
    for name in ("empty.txt", "binary.txt", "broken.json", "/no/such/file.txt"):
        assert sum(name in line for line in rejected) == 1
    with Store(db) as store:
        assert store.counts()["documents"] == 2  # the earlier one and the good one of this batch


def test_default_store_is_in_the_working_directory(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run("ingest", str(articles)).exit_code == 0
    assert (tmp_path / "storyline.duckdb").exists()


def test_json_export_has_the_four_documented_lists(articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _run("ingest", str(articles), "--db", str(db))
    out = tmp_path / "export.json"
    assert _run("export", "--format", "json", "--db", str(db), "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"documents", "actors", "events", "stories"}
    document = next(d for d in data["documents"] if d["title"] == "Harbour talks end with a pact")
    assert set(document) >= {
        "id", "source", "url", "title", "authors", "published", "updated", "publisher",
        "language", "references", "text",
    }  # fmt: skip
    assert document["authors"] == ["Ana Ruiz"] and document["published"] == "2025-03-12"
    event = data["events"][0]
    assert set(event) >= {
        "id", "type", "mode", "context", "actors", "recipients", "date", "date_precision",
        "location", "quantity", "attributed_to", "status", "evidence", "story",
    }  # fmt: skip
    assert set(event["evidence"][0]) >= {
        "document", "sentence", "start", "end", "text", "status", "attributed_to", "date",
        "quantity", "actors", "recipients",
    }  # fmt: skip
    assert {"sources", "publishers", "independent", "conflicts"} <= set(event)
    actor_ids = {a["id"] for a in data["actors"]}
    for event in data["events"]:
        assert set(event["actors"] + event["recipients"] + event["attributed_to"]) <= actor_ids
        text = next(
            d["text"] for d in data["documents"] if d["id"] == event["evidence"][0]["document"]
        )
        evidence = event["evidence"][0]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    assert {s["id"] for s in data["stories"]} == {e["story"] for e in data["events"]} | {
        s["id"] for s in data["stories"]
    }


def test_jsonl_and_csv_exports(articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _run("ingest", str(articles), "--db", str(db))
    result = _run("export", "--format", "jsonl", "--db", str(db))
    kinds = {json.loads(line)["record"] for line in result.stdout.splitlines()}
    assert kinds == {"document", "actor", "event", "story"}
    folder = tmp_path / "csv"
    assert _run("export", "--format", "csv", "--db", str(db), "-o", str(folder)).exit_code == 0
    with open(folder / "events.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {"type", "actors", "quantity_value", "status"} <= set(rows[0])
    assert (folder / "evidence.csv").exists() and (folder / "documents.csv").exists()


def test_export_of_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0 and "no such store" in result.output


def test_user_gazetteer_on_the_command_line(tmp_path: Path) -> None:
    gazetteer = tmp_path / "people.tsv"
    gazetteer.write_text(
        "id\tname\taliases\tcountry\trole\tstart\tend\twikidata\n"
        "person:xx:mara-velt\tMara Velt\tM. Velt\tCHL\thead_of_government\t2020-01-01\t\t\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text("Mara Velt visited Argentina on Monday for a long summit.\n", "utf-8")
    db = tmp_path / "s.duckdb"
    result = _run("ingest", str(article), "--db", str(db), "--gazetteer", str(gazetteer))
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        actors = {a.id: a for a in store.actors()}
    assert actors["person:xx:mara-velt"].country == "CHL"


def test_python_api_runs_the_same_pipeline(articles: Path, tmp_path: Path) -> None:
    from storyline import Pipeline

    result = Pipeline(tmp_path / "s.duckdb").run([articles])
    assert len(result.documents) == 2 and result.events and not result.rejected


def test_progress_bar_on_batches(articles: Path, tmp_path: Path, capsys) -> None:
    from storyline import Pipeline

    Pipeline(tmp_path / "s.duckdb", progress=True).run([articles])
    err = capsys.readouterr().err
    assert "ingest" in err and "2/2" in err
    Pipeline(tmp_path / "t.duckdb", progress=False).run([articles])
    assert "2/2" not in capsys.readouterr().err


def test_a_role_is_read_on_the_event_date(tmp_path: Path) -> None:
    from storyline import Pipeline

    article = tmp_path / "a.txt"
    article.write_text(
        "Published 21 June 2024\n\nIn 2019 the Russian defence minister visited Minsk for talks. "
        "On Monday the Russian defence minister visited Astana for talks.\n",
        encoding="utf-8",
    )
    result = Pipeline(tmp_path / "s.duckdb", model=False).run([article])
    with Store(tmp_path / "s.duckdb") as store:
        names = {a.id: a.name for a in store.actors()}
    visits = sorted((e.date, names[e.actors[0]]) for e in result.events if e.type == "CONSULT")
    assert visits[0][0] == "2019" and "Shoigu" in visits[0][1]
    assert visits[1][0] == "2024-06-17" and "Belousov" in visits[1][1]


def test_a_document_over_the_time_budget_is_rejected_and_the_rest_stored(
    articles: Path, tmp_path: Path
) -> None:
    sentence = "The minister of France met officials from Kenya in Nairobi on Monday. "
    (articles / "endless.txt").write_text(sentence * 2_000, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = _run("ingest", str(articles), "--db", str(db), "--time-budget", "6")
    assert result.exit_code == EXIT_REJECTED
    assert f"rejected: {articles / 'endless.txt'}: analysis took over 6 s" in result.output
    assert "Traceback" not in result.output
    with Store(db) as store:
        assert store.counts()["documents"] == 2
