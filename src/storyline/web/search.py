"""Full-text search over document titles, bodies and the names of the actors they mention.

DuckDB's `fts` extension (BM25, Porter stemming), loaded from the `duckdb-extension-fts` package
file because `INSTALL fts` downloads. The index lives in an in-memory database built from the
snapshot, so searching never writes to the user's store file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import duckdb_extension_fts


def extension_path() -> Path:
    """The fts extension shipped in the pinned package, for the pinned duckdb version."""
    root = Path(duckdb_extension_fts.__file__).parent / "extensions"
    return root / f"v{duckdb.__version__}" / "fts.duckdb_extension"


class SearchIndex:
    """BM25 over (id, title, body, actor names) rows; `documents(query)` ranks document ids."""

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.connection = duckdb.connect(":memory:")
        # Requests already run in parallel; one query over a few thousand documents is faster on
        # one thread than waking DuckDB's pool for it (8 ms against 12 on the benchmark store).
        self.connection.execute("SET threads = 1")
        self.connection.execute(f"LOAD '{extension_path()}'")
        self.connection.execute(
            "CREATE TABLE documents (id VARCHAR PRIMARY KEY, title VARCHAR, body VARCHAR, "
            "actors VARCHAR)"
        )
        if rows:
            self.connection.executemany("INSERT INTO documents VALUES (?, ?, ?, ?)", rows)
        self.connection.execute(
            "PRAGMA create_fts_index('documents', 'id', 'title', 'body', 'actors', "
            "stemmer = 'porter', stopwords = 'english', overwrite = 1)"
        )

    def documents(self, query: str, limit: int = 100) -> list[tuple[str, float]]:
        """(document id, score) best first; an empty list when no term matches."""
        cursor = self.connection.cursor()  # one connection per call: safe across threads
        try:
            rows = cursor.execute(
                "SELECT id, score FROM (SELECT id, fts_main_documents.match_bm25(id, ?) AS score "
                "FROM documents) WHERE score IS NOT NULL ORDER BY score DESC, id LIMIT ?",
                [query, limit],
            ).fetchall()
        finally:
            cursor.close()
        return [(row[0], float(row[1])) for row in rows]
