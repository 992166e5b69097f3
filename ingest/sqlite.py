"""SQLite as the catalog and the session store use it: one connection per thread, WAL, explicit transactions."""
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MMAP_BYTES = 4 << 30


class Connections:
    """A connection per thread (sqlite3 connections must not be shared mid-transaction)."""

    def __init__(self, path: Path, *, synchronous: str = "FULL", pragmas: tuple[str, ...] = ()):
        self.path = path
        self.synchronous = synchronous
        self.pragmas = pragmas  # more PRAGMA statements, run on each new connection
        self._local = threading.local()

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self.synchronous}")
            # Reads through the OS page cache instead of SQLite's 2 MB one: at 100k passages the catalog
            # is ~1 GB and each question reads rows scattered across it.
            conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            for pragma in self.pragmas:
                conn.execute(pragma)
            self._local.conn = conn
        return conn


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (including KeyboardInterrupt)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
