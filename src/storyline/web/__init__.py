"""The web UI and JSON API (`storyline serve`): pages and their JSON twins over one store."""

from __future__ import annotations

from storyline.web.app import Settings, SettingsError, create_app, settings_for

__all__ = ["Settings", "SettingsError", "create_app", "settings_for"]
