"""Resource limits of one computation, and the rlimits that enforce them inside the child."""
from __future__ import annotations

import resource
from dataclasses import asdict, dataclass

# The `what` values of the `limit` extension message.
CPU, MEMORY, WALL, PROCESSES, OUTPUT, DISK, FILE_SIZE = (
    "cpu", "memory", "wall", "processes", "output", "disk", "file_size")

SESSION_CPU_FACTOR = 10
"""A live session's hard CPU cap is this many times the per-update budget (the hard rlimit can never be raised)."""


@dataclass(frozen=True)
class Limits:
    """What one cell (or one interact update) may use."""

    cpu_seconds: int = 10
    wall_seconds: float = 30
    memory_bytes: int = 1 << 30
    processes: int = 64
    file_bytes: int = 64 << 20
    open_files: int = 256
    output_bytes: int = 1 << 20
    disk_bytes: int = 128 << 20

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Limits":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})

    def value_of(self, what: str) -> int | float:
        """The configured figure reported in a `limit` message for `what`."""
        return {CPU: self.cpu_seconds, MEMORY: self.memory_bytes, WALL: self.wall_seconds,
                PROCESSES: self.processes, OUTPUT: self.output_bytes, DISK: self.disk_bytes,
                FILE_SIZE: self.file_bytes}[what]


def apply_rlimits(limits: Limits, base_address_space: int, session_budget: bool) -> None:
    """Lower this process's rlimits (called in the child after dropping privileges).

    RLIMIT_AS counts the zygote's inherited mappings too, so the cell gets
    `memory_bytes` on top of them.
    """
    cpu_hard = limits.cpu_seconds * (SESSION_CPU_FACTOR if session_budget else 1) + 1
    address_space = base_address_space + limits.memory_bytes
    for what, soft, hard in (
        (resource.RLIMIT_CPU, limits.cpu_seconds, cpu_hard),
        (resource.RLIMIT_AS, address_space, address_space),
        (resource.RLIMIT_NPROC, limits.processes, limits.processes),
        (resource.RLIMIT_FSIZE, min(limits.file_bytes, limits.disk_bytes), min(limits.file_bytes, limits.disk_bytes)),
        (resource.RLIMIT_NOFILE, limits.open_files, limits.open_files),
        (resource.RLIMIT_CORE, 0, 0),
    ):
        resource.setrlimit(what, (soft, hard))


def extend_cpu_budget(cpu_seconds: int) -> None:
    """Give a live session `cpu_seconds` more CPU from now (soft limit, capped by the hard one)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (min(used + cpu_seconds, hard), hard))
