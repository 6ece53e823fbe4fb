"""``snipcell backup``: a consistent copy of the instance folder, taken while it serves."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path


def backup_instance(site, destination: Path) -> None:
    """SQLite through its online backup API, then the repositories (append-only, so a copy
    taken after the database holds every revision the database names)."""
    destination.mkdir(parents=True, exist_ok=False)
    config = site.config
    if site.db.is_sqlite:
        source_path = site.db.engine.url.database
        with sqlite3.connect(source_path) as source, sqlite3.connect(destination / "snipcell.db") as target:
            source.backup(target)
    if config.repos_root.is_dir():
        # Leave out what is only ever half made: staging folders and the pool of empty spares.
        transient = shutil.ignore_patterns(".spares", ".tmp-*", ".del-*")
        shutil.copytree(config.repos_root, destination / "repos", symlinks=True, ignore=transient)
    for name in ("secret_key", "snipcell.toml"):
        if (config.instance / name).exists():
            shutil.copy2(config.instance / name, destination / name)
    if config.filestore_dir.is_dir():
        shutil.copytree(config.filestore_dir, destination / "files")
