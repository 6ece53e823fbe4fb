"""The snipcell command: init with the demo corpus, doctor, reindex and backup, as subprocesses."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SNIPCELL = str(Path(sys.executable).parent / "snipcell")


def snipcell(instance: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, SNIPCELL_INSTANCE=str(instance))
    return subprocess.run([SNIPCELL, *args], env=env, capture_output=True, text=True, timeout=300, check=check)


@pytest.fixture(scope="module")
def demo_instance(tmp_path_factory) -> Path:
    instance = tmp_path_factory.mktemp("demo") / "instance"
    result = snipcell(instance, "init", "--demo")
    assert "demo snippets loaded" in result.stdout
    return instance


def test_init_loads_a_living_demo(demo_instance):
    db = sqlite3.connect(demo_instance / "snipcell.db")
    snippets = db.execute("select count(*) from snippets").fetchone()[0]
    forks = db.execute("select count(*) from snippets where forked_from_id is not null").fetchone()[0]
    comments = db.execute("select count(*) from comments").fetchone()[0]
    line_comments = db.execute("select count(*) from comments where line is not null").fetchone()[0]
    ratings = db.execute("select count(*) from ratings").fetchone()[0]
    thumbnails = db.execute("select count(*) from snippets where thumbnail_png is not null").fetchone()[0]
    tags = {row[0] for row in db.execute("select name from tags")}
    assert snippets >= 25 and forks >= 5 and comments >= 12 and line_comments >= 4 and ratings >= 20
    assert thumbnails >= 15, "most demos plot something, and their first image is the thumbnail"
    assert any("/" in t for t in tags), "tags are hierarchical"
    again = snipcell(demo_instance, "init", "--demo")
    assert "skipped" in again.stdout
    assert db.execute("select count(*) from snippets").fetchone()[0] == snippets


def test_doctor_reports_and_repairs(demo_instance, tmp_path):
    instance = tmp_path / "copy"
    shutil.copytree(demo_instance, instance)
    assert snipcell(instance, "doctor").stdout.strip() == "healthy"
    repos = sorted((instance / "repos").glob("??/*"))
    orphan = instance / "repos" / "00" / ("0" * 38)
    shutil.copytree(repos[0], orphan)
    shutil.rmtree(repos[1])
    stale = instance / "repos" / repos[2].parent.name / ".tmp-killed-create-1234"
    stale.mkdir()
    os.utime(stale, (0, 0))
    report = snipcell(instance, "doctor", check=False)
    assert report.returncode == 1
    assert "repository without a row: 00/" in report.stdout
    assert "row without a repository" in report.stdout
    assert "unfinished repository operation left behind" in report.stdout
    repaired = snipcell(instance, "doctor", "--repair")
    assert "moved 00/" in repaired.stdout and "reindexed" in repaired.stdout
    assert not orphan.exists() and not stale.exists() and any((instance / "lost+found").iterdir())
    assert snipcell(instance, "doctor").stdout.strip() == "healthy"


def test_reindex_rebuilds_a_lost_index(demo_instance, tmp_path):
    instance = tmp_path / "copy"
    shutil.copytree(demo_instance, instance)
    shutil.rmtree(instance / "index")
    assert "search index holds 0" in snipcell(instance, "doctor", check=False).stdout
    count = int(snipcell(instance, "reindex").stdout.split()[1])
    db = sqlite3.connect(instance / "snipcell.db")
    assert count == db.execute("select count(*) from snippets").fetchone()[0]


def test_backup_is_a_working_instance(demo_instance, tmp_path):
    target = tmp_path / "backup"
    snipcell(demo_instance, "backup", str(target))
    assert (target / "snipcell.db").is_file() and (target / "repos").is_dir()
    assert snipcell(target, "doctor", check=False).stdout.count("row without a repository") == 0
    db = sqlite3.connect(target / "snipcell.db")
    assert db.execute("select count(*) from snippets").fetchone()[0] >= 25
