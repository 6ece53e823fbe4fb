"""Configuration: defaults, then the instance's ``snipcell.toml``, then ``SNIPCELL_*`` variables.

Everything lives under one instance folder (``SNIPCELL_INSTANCE``, default
``./instance``) so that a backup is a copy of that folder.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Config:
    """Every setting of a site; paths are absolute once resolved."""

    instance: Path
    database_url: str = ""
    repos_root: Path = Path()
    index_dir: Path = Path()
    work_root: Path = Path()
    filestore: str = "sql"  # "sql" (blobs in the database) or "fs" (files under instance/files)
    filestore_dir: Path = Path()
    secret_key: str = ""
    embedded_device: bool = True
    device_threads: int = 8
    max_code_bytes: int = 64 * 1024
    max_request_bytes: int = 2 * 1024 * 1024
    max_file_bytes: int = 512 * 1024
    max_files: int = 100
    cpu_seconds: int = 10
    wall_seconds: float = 30.0
    memory_bytes: int = 1 << 30
    output_bytes: int = 1 << 20
    session_idle_seconds: float = 300.0
    session_max_seconds: float = 3600.0
    max_sessions: int = 20
    sandbox_uid_base: int = 200_000  # each device on one machine needs its own range of 1,000 uids
    rate_limit_per_minute: int = 600
    testing: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _coerce(kind: Any, raw: Any) -> Any:
    """Turn a string from the environment into the field's type."""
    if not isinstance(raw, str):
        return Path(raw) if kind in (Path, "Path") else raw
    if kind in (bool, "bool"):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind in (int, "int"):
        return int(raw)
    if kind in (float, "float"):
        return float(raw)
    if kind in (Path, "Path"):
        return Path(raw)
    return raw


def load_config(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> Config:
    """Build the configuration for the instance named by the environment or overrides."""
    env = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    instance = Path(overrides.pop("instance", None) or env.get("SNIPCELL_INSTANCE") or "instance").resolve()
    values: dict[str, Any] = {}
    config_file = instance / "snipcell.toml"
    if config_file.is_file():
        values.update(tomllib.loads(config_file.read_text("utf-8")))
    kinds = {f.name: f.type for f in fields(Config)}
    for name, kind in kinds.items():
        raw = env.get(f"SNIPCELL_{name.upper()}")
        if raw is not None and name != "instance":
            values[name] = raw
    values.update(overrides)
    unknown = set(values) - set(kinds)
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    config = Config(instance=instance, **{k: _coerce(kinds[k], v) for k, v in values.items()})
    return _fill_paths(config)


def _fill_paths(config: Config) -> Config:
    """Default every path under the instance folder and make sure the secret key exists."""
    inst = config.instance
    inst.mkdir(parents=True, exist_ok=True)
    return replace(
        config,
        database_url=config.database_url or f"sqlite:///{inst / 'snipcell.db'}",
        repos_root=_absolute(config.repos_root, inst / "repos"),
        index_dir=_absolute(config.index_dir, inst / "index"),
        work_root=_absolute(config.work_root, inst / "work"),
        filestore_dir=_absolute(config.filestore_dir, inst / "files"),
        secret_key=config.secret_key or _instance_secret(inst),
    )


def _absolute(value: Path, default: Path) -> Path:
    return default if value == Path() else Path(value).resolve()


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive restarts."""
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
