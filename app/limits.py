"""A ceiling on a process's memory, for work that a hostile file could blow up (an import in its work horse)."""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def address_space_limit(limit: int) -> Iterator[None]:
    """Lower the soft RLIMIT_AS to ``limit`` bytes while the block runs (0: no limit), then put it back.

    Only the soft limit moves, so it can be raised again: an allocation past it fails with MemoryError (calamine's
    Rust aborts instead, which kills only the process it runs in). Use it only in a process of its own, such as
    RQ's work horse: threads of a shared process would meet the same ceiling meanwhile.
    """
    if limit <= 0:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
