"""The site's long-lived parts, built once per app and shared by every request."""

from __future__ import annotations

import threading
from functools import cached_property

from repos import RepoStore
from snippets.cache import ViewCache, watch_writes
from snippets.config import Config
from snippets.db import Database
from snippets.defensive import RateLimiter


class Site:
    """Configuration, database, repository store, search index and compute device."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.db = Database(config.database_url)
        self.repos = RepoStore(config.repos_root)
        self._lock = threading.Lock()
        self.device = None  # set by start_device()
        self.cache = ViewCache()
        self.limiter = RateLimiter(config.rate_limit_per_minute)
        watch_writes(self.cache, self.db)

    @cached_property
    def search(self):
        """The Whoosh index; opened on first use so commands that don't search stay quick."""
        from search import SearchIndex

        return SearchIndex(self.config.index_dir)

    @cached_property
    def indexer(self):
        """Feeds the search index from a background thread; rebuilds a lost index once."""
        from snippets.services.indexing import IndexFeeder, reindex

        if self.search.needs_rebuild:
            threading.Thread(target=reindex, args=(self,), name="reindex", daemon=True).start()
        return IndexFeeder(self)

    @cached_property
    def wakeups(self):
        """Wakes long-polls and the device when computations or messages change."""
        from snippets.notify import notifier_for

        return notifier_for(self.config.database_url)

    def start_device(self) -> None:
        """Run the embedded compute device beside the web server."""
        with self._lock:
            if self.device is None:
                from compute.device import Device

                self.device = Device.embedded(self)
                self.device.start()

    def close(self) -> None:
        if self.device is not None:
            self.device.stop()
            self.device = None
        if "indexer" in self.__dict__:
            self.indexer.close()
        if "search" in self.__dict__:
            self.search.close()
        if "wakeups" in self.__dict__:
            self.wakeups.close()
        self.db.dispose()
