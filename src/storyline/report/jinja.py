"""The report's Jinja environment, set up once for the report and the briefs alike."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline import confidence


def web_url(url: str | None) -> str:
    """An http(s) address, else nothing: a "javascript:" URL read from an article must not
    become a link."""
    return url if url and url.strip().lower().startswith(("http://", "https://")) else ""


@cache
def templates() -> Environment:
    """HTML templates autoescaped; `web_url` for every href built from stored data,
    `confidence` for an event's confidence ("0.83", "lexicon")."""
    environment = Environment(
        loader=PackageLoader("storyline.report", "templates"),
        autoescape=select_autoescape(["html", "html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["web_url"] = web_url
    environment.filters["confidence"] = confidence.label
    return environment
