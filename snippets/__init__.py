"""snipcell: share, fork and run live mathematical interacts and code snippets."""

from snippets.app import create_app

__all__ = ["create_app"]
