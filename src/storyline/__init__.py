"""Storyline: news articles in, sourced PLOVER events out.

`from storyline import Pipeline; Pipeline("my.duckdb").run(["articles/"])` is the notebook call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Pipeline", "Result"]

if TYPE_CHECKING:
    from storyline.pipeline import Pipeline, Result


def __getattr__(name: str) -> Any:
    """Import the pipeline (and spaCy) only when it is asked for."""
    if name in __all__:
        from storyline import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
