"""The `storyline` command: ingest, run, report and export over one DuckDB file."""

from __future__ import annotations

import functools
import math
import sys
from pathlib import Path
from typing import Any

import click

from storyline.confidence import DEFAULT_MIN_CONFIDENCE
from storyline.errors import IngestError, StorylineError
from storyline.limits import TIME_BUDGET

DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("storyline.duckdb"),
    show_default=True,
    help="The DuckDB store file.",
)
REPORT_OPTION = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("report"),
    show_default=True,
    help="Folder for report.md and report.html.",
)
EXIT_REJECTED = 3  # some inputs were rejected; everything else was stored


def _finite(_context: click.Context, _parameter: click.Parameter, value: float) -> float:
    if math.isnan(value):
        raise click.BadParameter("not a number: give a confidence from 0 to 1")
    return value


def _with_confidence_options(command):
    """`--min-confidence` and `--all`, handed to the command as one `min_confidence` (0 with
    `--all`): the events shown or exported are `storyline.confidence.shown` at it."""

    @functools.wraps(command)
    def with_threshold(*args: Any, min_confidence: float, show_all: bool, **kwargs: Any) -> Any:
        return command(*args, min_confidence=0.0 if show_all else min_confidence, **kwargs)

    with_threshold = click.option(
        "--all",
        "show_all",
        is_flag=True,
        help="Show every event, however unsure (the same as --min-confidence 0).",
    )(with_threshold)
    return click.option(
        "--min-confidence",
        type=click.FloatRange(0, 1),
        default=DEFAULT_MIN_CONFIDENCE,
        show_default=True,
        callback=_finite,
        help="Show only events the model is at least this sure of; events coded by the "
        "lexicon alone (no confidence) are always shown. The store keeps every event.",
    )(with_threshold)


@click.group()
@click.version_option(package_name="storyline")
def main() -> None:
    """Storyline: news articles in, sourced PLOVER events out."""


def _report_rejection(error: IngestError) -> None:
    click.echo(f"rejected: {error.source}: {error.reason}", err=True)


ALLOW_PRIVATE_OPTION = click.option(
    "--allow-private-urls",
    is_flag=True,
    help="Fetch URLs on loopback, private, link-local and reserved addresses (refused by default).",
)

TIME_BUDGET_OPTION = click.option(
    "--time-budget",
    default=TIME_BUDGET,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds one document may take in its worker (nlp, actors, events) before it is "
    "rejected.",
)


def _ingest(
    sources: tuple[str, ...],
    *,
    db: Path,
    workers: int,
    time_budget: float,
    gazetteer: tuple[Path, ...],
    model: bool,
    allow_private_urls: bool,
):
    from storyline.pipeline import Pipeline

    try:
        pipeline = Pipeline(
            db,
            workers=workers,
            gazetteer=list(gazetteer),
            on_reject=_report_rejection,
            progress=sys.stderr.isatty(),
            model=model,
            allow_private_urls=allow_private_urls,
            time_budget=time_budget,
        )
        result = pipeline.run(sources)
    except StorylineError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"{len(result.documents)} new documents, {len(result.events)} events, "
        f"{result.duplicates} already stored, {len(result.rejected)} rejected -> {db}",
        err=True,
    )
    return result


INGEST_OPTIONS = [
    click.argument("sources", nargs=-1, required=True),
    DB_OPTION,
    click.option(
        "--workers",
        default=1,
        show_default=True,
        type=click.IntRange(1, 64),
        help="Worker processes for the per-document step (nlp, actors, events).",
    ),
    TIME_BUDGET_OPTION,
    click.option(
        "--gazetteer",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="An extra gazetteer TSV file (repeatable).",
    ),
    click.option(
        "--model/--no-model",
        default=True,
        show_default=True,
        help="Type events with the learned model (else the trigger lexicon alone).",
    ),
    ALLOW_PRIVATE_OPTION,
]


def _with_ingest_options(command):
    for option in reversed(INGEST_OPTIONS):
        command = option(command)
    return command


@main.command()
@_with_ingest_options
def ingest(sources: tuple[str, ...], **options: Any) -> None:
    """Read files, folders, feeds or URLs into the store."""
    result = _ingest(sources, **options)
    if result.rejected:
        sys.exit(EXIT_REJECTED)


@main.command()
@_with_confidence_options
@_with_ingest_options
@REPORT_OPTION
def run(sources: tuple[str, ...], out: Path, min_confidence: float, **options: Any) -> None:
    """Ingest SOURCES, code everything and write the report."""
    result = _ingest(sources, **options)
    _write_report(options["db"], out, min_confidence)
    if result.rejected:
        sys.exit(EXIT_REJECTED)


@main.command()
@_with_confidence_options
@DB_OPTION
@REPORT_OPTION
def report(db: Path, out: Path, min_confidence: float) -> None:
    """Write report.md and report.html from the store."""
    _write_report(db, out, min_confidence)


def _write_report(db: Path, out: Path, min_confidence: float) -> None:
    from storyline.report import write_report
    from storyline.store import Store

    with Store(db) as store:
        for path in write_report(store, out, min_confidence):
            click.echo(f"wrote {path}", err=True)


@main.command()
@_with_confidence_options
@DB_OPTION
@click.argument("story")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write <story>.md and <story>.html into this folder (default: Markdown to stdout).",
)
def brief(db: Path, story: str, out: Path | None, min_confidence: float) -> None:
    """A sourced brief of STORY (its id, as `storyline timeline` and the report show)."""
    from storyline.report.brief import build_brief, render, write_brief

    with _open_store(db) as store:
        try:
            if out is None:
                click.echo(render(build_brief(store, story, min_confidence), "md"))
                return
            for path in write_brief(store, story, out, min_confidence):
                click.echo(f"wrote {path}", err=True)
        except KeyError as error:
            raise click.ClickException(f"no story {story!r} in {db}") from error


@main.command()
@_with_confidence_options
@DB_OPTION
@click.option("--story", default=None, help="Only this story's events.")
def timeline(db: Path, story: str | None, min_confidence: float) -> None:
    """Events in date order: date, type, who -> whom, status, sources, the first sentence."""
    from storyline.confidence import select

    with _open_store(db) as store:
        known = {s.id: s for s in store.stories()}
        if story is not None and story not in known:
            raise click.ClickException(f"no story {story!r} in {db}")
        names = {a.id: a.name for a in store.actors()}
        selection = select(store.events(stories=[story] if story else None), min_confidence)
        for event in selection.events:
            who = ", ".join(names.get(a, a) for a in event.actors) or "?"
            whom = ", ".join(names.get(a, a) for a in event.recipients) or "-"
            date = event.date or "undated"
            if event.date_precision == "report":
                date += " (report)"
            sources = f"{event.sources} src" + (
                f", {event.independent} indep" if event.sources > 1 else ""
            )
            flags = f" conflicts: {', '.join(event.conflicts)}" if event.conflicts else ""
            first = event.evidence[0].text if event.evidence else ""
            click.echo(
                f"{date}\t{event.type}\t{who} -> {whom}\t{event.status}\t{sources}{flags}"
                f"\t{event.story}\t{first}"
            )
        if selection.note:  # on standard error: standard output stays one event a line
            click.echo(selection.note, err=True)


def _open_store(db: Path):
    from storyline.store import Store

    if not db.exists():
        raise click.ClickException(f"{db}: no such store")
    return Store(db)


@main.command()
@_with_confidence_options
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default="json")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="File (json, jsonl) or folder (csv); json and jsonl go to standard output by default.",
)
def export(db: Path, fmt: str, output: Path | None, min_confidence: float) -> None:
    """Write the data model as JSON, JSON Lines or CSV."""
    from storyline import export as exporter
    from storyline.confidence import hidden_note, select

    with _open_store(db) as store:
        selection = select(store.events(), min_confidence)
        if fmt == "csv":
            for path in exporter.write_csv(store, output or Path("export"), selection):
                click.echo(f"wrote {path}", err=True)
        else:
            writer = exporter.write_json if fmt == "json" else exporter.write_jsonl
            if output is None:
                writer(store, sys.stdout, selection)
            else:
                with open(output, "w", encoding="utf-8") as handle:
                    writer(store, handle, selection)
    note = hidden_note(selection.hidden, min_confidence, "not exported", "--all exports them")
    if note:
        click.echo(note, err=True)


@main.command()
@click.option(
    "--plv",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("../shared/benchmarks/plv/PLV_train.tsv"),
    show_default=True,
    help="PLV dyads (gold); its dev fifth is held out.",
)
@click.option(
    "--ngec",
    type=click.Path(exists=True, path_type=Path),
    default=Path("../shared/benchmarks/ngec_synthetic"),
    show_default=True,
    help="NGEC synthetic stories (pseudo-labels).",
)
@click.option("--no-ngec", is_flag=True, help="Train on PLV only.")
@click.option(
    "--examples",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="More examples, a JSON object a line (benchmarks/realnews_examples.py writes them from "
    "the real-news train split); the model then learns NONE and reads the trigger marked.",
)
@click.option(
    "--dev-examples",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Held-out examples of the same kind, scored after each epoch (never trained on).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Artifact folder (default: the one shipped in the package).",
)
@click.option("--epochs", default=6, show_default=True)
@click.option("--seed", default=0, show_default=True)
@click.option(
    "--reader",
    is_flag=True,
    help="Train the event reader (type, actor and recipient spans, status, datedness) from "
    "`realnews_examples.py --spans` examples plus PLV, instead of the event-type model.",
)
@click.option("--frozen-layers", default=None, type=click.IntRange(0, 6))
def train(
    plv: Path,
    ngec: Path,
    no_ngec: bool,
    examples: Path | None,
    dev_examples: Path | None,
    out: Path | None,
    epochs: int,
    seed: int,
    reader: bool,
    frozen_layers: int | None,
) -> None:
    """Train the event-type model or the event reader (CPU, minutes) and write its artifact."""
    from storyline.events.classifier import artifact_path
    from storyline.events.training import train as run_training

    if reader:
        from storyline.events import extractor
        from storyline.events.training import train_extractor

        if examples is None:
            raise click.UsageError("--reader needs --examples (realnews_examples.py --spans)")
        target = out or extractor.artifact_path()
        meta = train_extractor(
            plv,
            examples,
            target,
            dev_examples=dev_examples,
            epochs=epochs,
            frozen_layers=0 if frozen_layers is None else frozen_layers,
            seed=seed,
            log=lambda line: click.echo(line, err=True),
        )
        click.echo(f"{meta['train_examples']} examples -> {target}", err=True)
        return
    meta = run_training(
        plv,
        out or artifact_path(),
        ngec=None if no_ngec else ngec,
        extra=examples,
        extra_dev=dev_examples,
        epochs=epochs,
        seed=seed,
        log=lambda line: click.echo(line, err=True),
    )
    click.echo(
        f"dev accuracy {meta['dev']['accuracy']:.3f}, macro-F1 {meta['dev']['macro_f1']:.3f} "
        f"-> {out or artifact_path()}",
        err=True,
    )


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    envvar="STORYLINE_TOKEN",
    default=None,
    help="Token every request must carry; required off 127.0.0.1 (or set STORYLINE_TOKEN).",
)
@click.option(
    "--ingest/--no-ingest",
    "allow_ingest",
    default=None,
    help="Allow ingest from the web (default: on for 127.0.0.1, off elsewhere).",
)
@ALLOW_PRIVATE_OPTION
@TIME_BUDGET_OPTION
def serve(
    db: Path,
    host: str,
    port: int,
    token: str | None,
    allow_ingest: bool | None,
    allow_private_urls: bool,
    time_budget: float,
) -> None:
    """Serve the web pages and the JSON API over the store."""
    import uvicorn

    from storyline.web import SettingsError, create_app, settings_for

    try:
        settings = settings_for(db, host, token, allow_ingest, allow_private_urls, time_budget)
    except SettingsError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"serving {db} on http://{host}:{port}/", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
