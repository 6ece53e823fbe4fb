"""The sandbox: one bubblewrap container around the zygote, and a private uid per child inside it.

Host side: `bwrap_command` builds the container (no network, own pid/ipc/uts/
mount namespaces, read-only system and Python, only the cells directory
writable, the seccomp filter of compute.syscalls). Child side: `enter_jail` drops to the child's own uid before any
user code runs. See docs/SECURITY.md for the model and its limits.
"""
from __future__ import annotations

import ctypes
import os
import sys
import threading
from pathlib import Path
from typing import Sequence

BWRAP = "/usr/bin/bwrap"
SOURCE_ROOT = "/opt/snipcell"  # the `compute` package, read-only
EXTRA_ROOT = "/opt/extra"  # extra import paths (tests' stand-in modules), read-only
CELLS = "/cells"  # one 0700 directory per child, owned by its uid
MPL_CONFIG = "/var/cache/matplotlib"  # written by the zygote (root) only

ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "mime.types", "nsswitch.conf",
             "passwd", "group", "fonts", "ssl/certs", "alternatives")
ZYGOTE_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL")
_PR_SET_NO_NEW_PRIVS = 38
_LIBC = ctypes.CDLL(None, use_errno=True)


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / top
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.exists():
            args += ["--ro-bind", str(path), str(path)]
    for name in ETC_FILES:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return args


def _python_prefixes() -> list[str]:
    """The interpreter install and the virtualenv, bound read-only at their own paths."""
    return [prefix for prefix in sorted({sys.base_prefix, sys.prefix}) if not prefix.startswith("/usr/")]


def _parent_dirs(targets: Sequence[str]) -> list[str]:
    """World-traversable parents for bind targets (bwrap would create them 0700, closed to the children)."""
    parents: list[str] = []
    for target in targets:
        parts = Path(target).parts[1:-1]
        for depth in range(1, len(parts) + 1):
            parent = "/" + "/".join(parts[:depth])
            if parent not in parents:
                parents.append(parent)
    args = []
    for parent in parents:
        args += ["--perms", "0755", "--dir", parent]
    return args


def bwrap_command(control_fd: int, seccomp_fd: int, cells_dir: Path, mpl_dir: Path, config: str,
                  extra_paths: Sequence[Path] = ()) -> list[str]:
    """argv starting the zygote in its container; `seccomp_fd` holds the syscall filter
    (compute.syscalls), `config` is the zygote's JSON settings."""
    package = Path(__file__).resolve().parent
    prefixes = _python_prefixes()
    extra_targets = [f"{EXTRA_ROOT}/{index}" for index in range(len(extra_paths))]
    args = [BWRAP, "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--hostname", "snipcell", "--seccomp", str(seccomp_fd),
            *_parent_dirs([*prefixes, f"{SOURCE_ROOT}/compute", MPL_CONFIG, *extra_targets,
                           *[f"/etc/{name}" for name in ETC_FILES]]),
            *_system_binds(),
            *[arg for prefix in prefixes for arg in ("--ro-bind", prefix, prefix)],
            "--ro-bind", str(package), f"{SOURCE_ROOT}/compute",
            "--bind", str(cells_dir), CELLS,
            "--bind", str(mpl_dir), MPL_CONFIG,
            "--proc", "/proc", "--dev", "/dev", "--dir", "/tmp", "--chdir", "/",
            "--cap-drop", "ALL"]
    for cap in ZYGOTE_CAPS:
        args += ["--cap-add", cap]
    for path, target in zip(extra_paths, extra_targets):
        args += ["--ro-bind", str(path), target]
    args += ["--clearenv"]
    for name, value in (("PATH", "/usr/bin:/bin"), ("LANG", "C.UTF-8"), ("HOME", "/nonexistent"),
                        ("MPLBACKEND", "Agg"), ("MPLCONFIGDIR", MPL_CONFIG), ("OPENBLAS_NUM_THREADS", "1"),
                        ("OMP_NUM_THREADS", "1"), ("MKL_NUM_THREADS", "1")):
        args += ["--setenv", name, value]
    bootstrap = f"import sys; sys.path.insert(0, {SOURCE_ROOT!r}); from compute.zygote import main; main()"
    return args + ["--", sys.executable, "-I", "-c", bootstrap, str(control_fd), config]


def enter_jail(uid: int, workdir: str) -> None:
    """In the forked child: become `uid` for good (no groups, no capabilities, no new privileges)."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if _LIBC.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    os.chdir(workdir)


class UidPool:
    """Hands out the private uids of live children; a uid returns only once all its processes are gone."""

    def __init__(self, base: int, count: int) -> None:
        self._free = list(range(base + count - 1, base - 1, -1))
        self._cond = threading.Condition()

    def acquire(self) -> int:
        with self._cond:
            while not self._free:
                self._cond.wait()
            return self._free.pop()

    def release(self, uid: int) -> None:
        with self._cond:
            self._free.append(uid)
            self._cond.notify()
