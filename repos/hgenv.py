"""Process environment for Mercurial, set before any `mercurial` module is imported.

`repos/__init__.py` imports this first, so it runs before every submodule:
no repository `.hg/hgrc` (hooks, extensions) is read, output is plain, and
text is UTF-8 whatever the locale. User and system hgrc files are never read
because the store's ui is built without `ui.load()`.
"""

import os

os.environ["HGRCSKIPREPO"] = "1"
os.environ["HGPLAIN"] = "1"
os.environ["HGENCODING"] = "utf-8"
