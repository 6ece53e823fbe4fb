"""The system calls no cell needs, denied by a seccomp filter that bubblewrap installs on the zygote.

Namespaces and a private uid already hold a cell in; this takes away the
kernel interfaces that sandbox escapes most often go through (much the
list flatpak denies): tracing other processes, new namespaces and
mounts, kernel keyrings, eBPF, userfaultfd, perf events, io_uring, module
and kexec loading, file handles. Every child inherits the filter from the
zygote, so it costs nothing per cell. Each call fails with EPERM; clone3
fails with ENOSYS, so libc falls back to clone, whose namespace flags are
checked.
"""
from __future__ import annotations

import errno
import os

import pyseccomp as seccomp

DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "keyctl", "add_key", "request_key", "bpf", "userfaultfd", "perf_event_open",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
    "open_by_handle_at", "name_to_handle_at", "acct", "swapon", "swapoff", "reboot", "syslog",
    "quotactl", "lookup_dcookie", "vhangup", "iopl", "ioperm",
)
NAMESPACE_FLAGS = {
    "CLONE_NEWNS": 0x00020000, "CLONE_NEWCGROUP": 0x02000000, "CLONE_NEWUTS": 0x04000000,
    "CLONE_NEWIPC": 0x08000000, "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000, "CLONE_NEWTIME": 0x00000080,
}


def filter_fd() -> int:
    """A readable file descriptor holding the compiled filter, for `bwrap --seccomp FD` (the caller closes it)."""
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENIED:
        rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
    for flag in NAMESPACE_FLAGS.values():
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    fd = os.memfd_create("snipcell-seccomp", os.MFD_CLOEXEC)
    with os.fdopen(fd, "w+b", closefd=False) as program:
        rules.export_bpf(program)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
