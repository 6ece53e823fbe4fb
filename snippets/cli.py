"""The ``snipcell`` command: set up, serve, run a device, and keep an instance healthy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from snippets.config import load_config


def _site(**overrides):
    from snippets.site import Site

    site = Site(load_config(overrides))
    site.db.create_all()
    return site


@click.group()
def main() -> None:
    """snipcell: share, fork and run live mathematical snippets."""


@main.command()
@click.option("--demo/--no-demo", default=True, help="Load the demo snippets into an empty instance.")
def init(demo: bool) -> None:
    """Create the instance folder and database (idempotent), optionally with demo snippets."""
    site = _site(embedded_device=False)
    click.echo(f"instance: {site.config.instance}")
    if demo:
        from snippets.demo import load_demo

        loaded = load_demo(site)
        click.echo(f"demo snippets loaded: {loaded}" if loaded else "demo already present (or users exist); skipped")
        if loaded:
            from snippets.demo import make_thumbnails

            click.echo(f"thumbnails made: {make_thumbnails(site)}")
    site.close()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=64, show_default=True, type=int, help="Threads serving requests; long-polls hold one each.")
def run(host: str, port: int, threads: int) -> None:
    """Serve the site with gunicorn and the embedded compute device."""
    from snippets.serve import serve

    serve(host, port, threads)


@main.command()
@click.option("--db", "database_url", default=None, help="Database URL of the site to serve (default: the instance's).")
@click.option("--site-url", default=None, help="Base URL of the site, to fetch snippet files from /zip when remote.")
@click.option("--threads", default=8, show_default=True, type=int)
def device(database_url: str | None, site_url: str | None, threads: int) -> None:
    """Run a compute device alone, claiming computations from the database."""
    from compute.device import run_standalone

    overrides = {"embedded_device": False, "device_threads": threads}
    if database_url:
        overrides["database_url"] = database_url
    run_standalone(load_config(overrides), site_url)


@main.command()
def reindex() -> None:
    """Rebuild the search index from SQL and the repositories."""
    from snippets.services.indexing import reindex as rebuild

    site = _site(embedded_device=False)
    count = rebuild(site, procs=max(1, min(4, os.cpu_count() or 1)))
    site.close()
    click.echo(f"indexed {count} snippets")


@main.command()
@click.option("--repair", is_flag=True, help="Fix what is found instead of only reporting it.")
def doctor(repair: bool) -> None:
    """Report (and repair) repos without rows, rows without repos and a stale index."""
    from snippets.doctor import examine

    site = _site(embedded_device=False)
    report = examine(site, repair=repair)
    site.close()
    for line in report.lines():
        click.echo(line)
    sys.exit(0 if report.healthy or repair else 1)


@main.command()
@click.argument("destination", type=click.Path(path_type=Path))
def backup(destination: Path) -> None:
    """Copy the instance (SQLite online backup + repositories) into DESTINATION."""
    from snippets.backup import backup_instance

    site = _site(embedded_device=False)
    backup_instance(site, destination)
    site.close()
    click.echo(f"backup written to {destination}")


if __name__ == "__main__":
    main()
