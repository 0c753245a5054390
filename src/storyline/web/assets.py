"""The chart and graph libraries the pages load, served by the app itself from npm's node_modules.

`package.json` pins them and `bin/setup` runs `npm ci`; pages never fetch a script from outside.
"""

from __future__ import annotations

import os
from pathlib import Path

VENDOR: dict[str, str] = {
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
}
STATIC = Path(__file__).parent / "static"


def node_modules() -> Path | None:
    """$STORYLINE_NODE_MODULES, else the first node_modules above this package or the working
    directory that holds vega (the repository root in a development install)."""
    given = os.environ.get("STORYLINE_NODE_MODULES")
    if given:
        return Path(given)
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in start.parents if start.is_file() else (start, *start.parents):
            candidate = folder / "node_modules"
            if (candidate / "vega").is_dir():
                return candidate
    return None


def vendor_file(name: str) -> Path | None:
    """The built file for a vendor script name, or None when unknown or not installed."""
    root = node_modules()
    if name not in VENDOR or root is None:
        return None
    path = root / VENDOR[name]
    return path if path.is_file() else None


def missing_vendor_files() -> list[str]:
    """Vendor scripts not installed (pages then say to run bin/setup)."""
    return [name for name in VENDOR if vendor_file(name) is None]
