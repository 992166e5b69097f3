import sqlite3
import time

import pytest

from assistant.sessions import KEEP_TURNS, SessionStore, Turn
from ingest.errors import NotFound

PRIVATE = "I failed Step 1 twice, can I still match?"


def stored_bytes(path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_ids_are_issued_by_the_store_and_unguessable(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite3")
    ids = {store.append(None, Turn("q", [])) for _ in range(50)}
    assert len(ids) == 50 and all(len(i) >= 32 and i.replace("-", "").replace("_", "").isalnum() for i in ids)
    assert len({i[:8] for i in ids}) == 50  # random, not a counter or a clock


@pytest.mark.parametrize("made_up", ["1", "my-own_session-1", "0" * 32])
def test_an_id_the_store_did_not_issue_is_not_found(tmp_path, made_up):
    store = SessionStore(tmp_path / "s.sqlite3")
    store.append(None, Turn("q", []))
    with pytest.raises(NotFound, match="without one"):
        store.history(made_up)


def test_a_follow_up_reads_the_earlier_turns_of_its_own_session_only(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite3")
    mine = store.append(None, Turn("first", ["p1"]))
    store.append(mine, Turn("second", ["p2"]))
    theirs = store.append(None, Turn("other", ["p3"]))
    assert store.history(mine) == [Turn("first", ["p1"]), Turn("second", ["p2"])]
    assert store.history(theirs) == [Turn("other", ["p3"])]


def test_a_session_keeps_only_the_turns_a_follow_up_reads(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite3")
    session = store.append(None, Turn("question 0", []))
    for n in range(1, 50):
        store.append(session, Turn(f"question {n}", []))
    assert store.counts() == (1, KEEP_TURNS)
    assert [t.question for t in store.history(session)] == [f"question {n}" for n in range(50 - KEEP_TURNS, 50)]


def test_an_expired_session_is_not_found_and_its_turns_are_deleted_from_the_file(tmp_path):
    path = tmp_path / "s.sqlite3"
    store = SessionStore(path, ttl=0.5)
    session = store.append(None, Turn(PRIVATE, ["p1"]))
    assert store.history(session) and PRIVATE.encode() in stored_bytes(path)
    time.sleep(0.6)
    with pytest.raises(NotFound):
        store.history(session)
    store.purge()
    assert store.counts() == (0, 0)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert PRIVATE.encode() not in stored_bytes(path)  # overwritten, not left in a free page


def test_a_session_in_use_does_not_expire(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite3", ttl=1.0)
    session = store.append(None, Turn("first", []))
    for n in range(3):
        time.sleep(0.4)
        store.append(session, Turn(f"again {n}", []))
    assert len(store.history(session)) == KEEP_TURNS  # 1.2 s after it started, 0.4 s after its last turn


def test_sessions_past_the_cap_forget_the_least_recently_used(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite3", max_sessions=5)
    ids = [store.append(None, Turn(f"q{n}", [])) for n in range(5)]
    store.append(ids[0], Turn("still here", []))  # the oldest session, used again
    ids += [store.append(None, Turn(f"q{n}", [])) for n in range(5, 8)]
    assert store.counts() == (5, 6)
    for forgotten in ids[1:4]:
        with pytest.raises(NotFound):
            store.history(forgotten)
    assert [t.question for t in store.history(ids[0])] == ["q0", "still here"]


def test_turns_kept_by_an_earlier_layout_are_dropped(tmp_path):
    path = tmp_path / "s.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE turns(session_id TEXT, n INTEGER, question TEXT, query TEXT, answer TEXT, "
                   "cited TEXT, created REAL)")
        db.execute("INSERT INTO turns VALUES ('1', 1, ?, ?, 'an answer', '[]', 0)", (PRIVATE, PRIVATE))
    store = SessionStore(path)
    with pytest.raises(NotFound):
        store.history("1")
    assert not store._db.execute("SELECT name FROM sqlite_master WHERE name='turns'").fetchone()


def test_a_turn_keeps_its_answer_s_opening_and_an_older_store_gains_the_column(tmp_path):
    path = tmp_path / "s.sqlite3"
    old = sqlite3.connect(path)  # the layout before openings were kept
    old.executescript("CREATE TABLE sessions(id TEXT PRIMARY KEY, last_used REAL NOT NULL);"
                      "CREATE TABLE session_turns(session_id TEXT NOT NULL, n INTEGER NOT NULL, question TEXT NOT NULL,"
                      " cited TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (session_id, n));")
    old.execute("INSERT INTO sessions VALUES ('kept', ?)", (time.time(),))
    old.execute("INSERT INTO session_turns VALUES ('kept', 1, 'earlier', '[]', ?)", (time.time(),))
    old.commit()
    old.close()
    store = SessionStore(path)
    assert store.history("kept") == [Turn("earlier", [], "")]
    session = store.append("kept", Turn("later", ["p1"], "Send it within a week."))
    assert store.history(session)[-1] == Turn("later", ["p1"], "Send it within a week.")
