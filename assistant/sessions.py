"""Conversations the server issued, with the few recent turns a follow-up needs, in SQLite under the data dir."""
import json
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import NotFound, StoreError
from ingest.sqlite import Connections, transaction

# `turns` is an earlier layout that kept every answer of every conversation, under ids clients chose: dropped.
_SCHEMA = """
DROP TABLE IF EXISTS turns;
CREATE TABLE IF NOT EXISTS sessions(id TEXT PRIMARY KEY, last_used REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_by_use ON sessions(last_used);
CREATE TABLE IF NOT EXISTS session_turns(
    session_id TEXT NOT NULL, n INTEGER NOT NULL, question TEXT NOT NULL, cited TEXT NOT NULL, created REAL NOT NULL,
    opened TEXT NOT NULL DEFAULT '', PRIMARY KEY (session_id, n));
CREATE INDEX IF NOT EXISTS session_turns_by_age ON session_turns(created);
"""
# A follow-up reads the turns before it (see `Assistant.ask`): older ones are deleted as new ones arrive.
KEEP_TURNS = 3
# Conversations kept at most; past it the least recently used is forgotten. With KEEP_TURNS questions of at most
# 2,000 characters each (a 4 KB page per turn), the store stays under ~130 MB whatever clients send; everyday
# questions take a few MB.
MAX_SESSIONS = 10_000
# Deleted turns are overwritten, not left in free pages; the write-ahead log is cut back after each checkpoint.
_PRAGMAS = ("PRAGMA secure_delete=ON", f"PRAGMA journal_size_limit={1 << 20}")


@dataclass(frozen=True)
class Turn:
    question: str
    cited: list[str]  # passage ids
    opened: str = ""  # the answer's first sentence, guide text: a follow-up's answer does not open on it again


class SessionStore:
    """Session ids are issued here (unguessable) and expire `ttl` seconds after their last turn; a turn older than
    `ttl` is deleted. An id this store did not issue, or that expired, is NotFound."""

    def __init__(self, path: Path, *, ttl: float = 7 * 86400, max_sessions: int = MAX_SESSIONS):
        self.path = path
        self.ttl = ttl
        self.max_sessions = max_sessions
        # A conversation is not worth an fsync per turn: in WAL mode NORMAL loses at most the last turns on power loss.
        self._connections = Connections(path, synchronous="NORMAL", pragmas=_PRAGMAS)
        try:
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(session_turns)")}
            if "opened" not in columns:  # a store from before answers' openings were kept
                self._db.execute("ALTER TABLE session_turns ADD COLUMN opened TEXT NOT NULL DEFAULT ''")
            self.purge()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a usable session store ({exc}); move it aside to start afresh") from None

    @property
    def _db(self) -> sqlite3.Connection:
        return self._connections.get()

    def history(self, session_id: str, *, last: int = KEEP_TURNS) -> list[Turn]:
        """The conversation's last turns, oldest first; NotFound for an id not issued here, or expired."""
        cutoff = time.time() - self.ttl
        if not self._db.execute("SELECT 1 FROM sessions WHERE id=? AND last_used>=?", (session_id, cutoff)).fetchone():
            raise NotFound("unknown or expired session_id: start a new conversation without one")
        rows = self._db.execute("SELECT question, cited, opened FROM session_turns WHERE session_id=? AND created>=? "
                                "ORDER BY n DESC LIMIT ?", (session_id, cutoff, last)).fetchall()
        return [Turn(question, json.loads(cited), opened) for question, cited, opened in reversed(rows)]

    def append(self, session_id: str | None, turn: Turn) -> str:
        """Adds the turn to the conversation, or to a new one when `session_id` is None; returns its id."""
        session_id = session_id or secrets.token_urlsafe(24)
        now = time.time()
        with transaction(self._db) as db:
            db.execute("INSERT INTO sessions VALUES (?,?) ON CONFLICT(id) DO UPDATE SET last_used=excluded.last_used",
                       (session_id, now))
            n = db.execute("SELECT COALESCE(MAX(n), 0) + 1 FROM session_turns WHERE session_id=?",
                           (session_id,)).fetchone()[0]
            db.execute("INSERT INTO session_turns (session_id, n, question, cited, created, opened) "
                       "VALUES (?,?,?,?,?,?)", (session_id, n, turn.question, json.dumps(turn.cited), now, turn.opened))
            db.execute("DELETE FROM session_turns WHERE session_id=? AND n<=?", (session_id, n - KEEP_TURNS))
            self._forget(db, now)
        return session_id

    def purge(self) -> None:
        """Deletes expired conversations and turns, and the least recently used conversations past the cap."""
        with transaction(self._db) as db:
            self._forget(db, time.time())

    def _forget(self, db: sqlite3.Connection, now: float) -> None:
        # Reads the index on last_used only: well under a millisecond at the cap when nothing is due.
        cap = db.execute("SELECT last_used FROM sessions ORDER BY last_used DESC LIMIT 1 OFFSET ?",
                         (self.max_sessions - 1,)).fetchone()
        cutoff = max(now - self.ttl, cap[0] if cap else 0.0)
        gone = db.execute("DELETE FROM sessions WHERE last_used<? RETURNING id", (cutoff,)).fetchall()
        db.executemany("DELETE FROM session_turns WHERE session_id=?", gone)
        db.execute("DELETE FROM session_turns WHERE created<?", (now - self.ttl,))

    def counts(self) -> tuple[int, int]:
        """Conversations and turns held."""
        return (self._db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0],
                self._db.execute("SELECT COUNT(*) FROM session_turns").fetchone()[0])
