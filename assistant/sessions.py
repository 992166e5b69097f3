"""Conversation turns persisted per session in SQLite under the data dir."""
import json
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import StoreError
from ingest.sqlite import Connections, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS turns(
    session_id TEXT NOT NULL, n INTEGER NOT NULL, question TEXT NOT NULL, query TEXT NOT NULL,
    answer TEXT NOT NULL, cited TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (session_id, n));
"""


@dataclass(frozen=True)
class Turn:
    question: str
    query: str  # the question as retrieved, with earlier turns' context
    answer: str
    cited: list[str]  # passage ids


class SessionStore:
    def __init__(self, path: Path):
        self.path = path
        self._connections = Connections(path)
        try:
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a usable session store ({exc}); move it aside to start afresh") from None

    @property
    def _db(self) -> sqlite3.Connection:
        return self._connections.get()

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def history(self, session_id: str, *, last: int = 3) -> list[Turn]:
        rows = self._db.execute(
            "SELECT question, query, answer, cited FROM turns WHERE session_id=? ORDER BY n DESC LIMIT ?",
            (session_id, last)).fetchall()
        return [Turn(q, query, a, json.loads(c)) for q, query, a, c in reversed(rows)]

    def append(self, session_id: str, turn: Turn) -> None:
        with transaction(self._db) as db:
            n = db.execute("SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE session_id=?", (session_id,)).fetchone()[0]
            db.execute("INSERT INTO turns VALUES (?,?,?,?,?,?,?)", (session_id, n, turn.question, turn.query,
                                                                    turn.answer, json.dumps(turn.cited), time.time()))
