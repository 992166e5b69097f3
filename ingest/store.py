"""The index: passages in a SQLite catalog (with its FTS5 lexical index) and their vectors in Chroma.

The catalog is the source of truth for what is live. Vectors reach Chroma before the
catalog commits, so a killed ingest leaves the previous catalog, and therefore the
previous index, whole; Chroma entries the catalog does not list are ignored and swept.
The catalog also names the Chroma collection that holds the vectors, so every process
(a server, a CLI ingest) opens the same one, and follows it if it is ever replaced.
"""
import logging
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from ingest.embed import DIMENSIONS
from ingest.errors import StoreError
from ingest.sqlite import Connections, transaction

logger = logging.getLogger(__name__)
SCHEMA_VERSION = "2"  # 2: unit_vectors (the embeddings of each passage's answer units)
COLLECTION = "pmr_passages"
_OWN_FILES = {"catalog.sqlite3", "catalog.sqlite3-wal", "catalog.sqlite3-shm", "chroma", "sessions.sqlite3",
              "sessions.sqlite3-wal", "sessions.sqlite3-shm", "ingest.lock"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL,
    file_hash TEXT NOT NULL, signature TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS passages(
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL, position INTEGER NOT NULL,
    section TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL, unit_vectors BLOB);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, position);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    section, text, content='passages', content_rowid='rowid', tokenize='porter unicode61');
CREATE TRIGGER IF NOT EXISTS passages_ai AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts(rowid, section, text) VALUES (new.rowid, new.section, new.text); END;
CREATE TRIGGER IF NOT EXISTS passages_ad AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, section, text) VALUES ('delete', old.rowid, old.section, old.text); END;
CREATE TABLE IF NOT EXISTS boilerplate(line TEXT PRIMARY KEY);
"""


@dataclass(frozen=True)
class StoredPassage:
    id: str
    doc_id: str
    title: str
    section: str
    text: str
    position: int


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    path: str
    title: str
    source: str
    file_hash: str
    signature: str
    chunks: int = 0


def chroma_client(data_dir: Path, chroma_url: str | None):
    """The one place a Chroma client is made: a server when `chroma_url` is set, else embedded."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if not chroma_url:
        return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)
    url = urlparse(chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise StoreError(f"PMR_CHROMA_URL={chroma_url!r} is not an http(s)://host:port address")
    try:
        return chromadb.HttpClient(host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                                   ssl=url.scheme == "https", settings=settings)
    except Exception as exc:  # chromadb raises bare Exception/ValueError when the server is unreachable
        raise StoreError(f"cannot reach the Chroma server at {chroma_url}: {exc}; start it or unset PMR_CHROMA_URL") from None


class Store:
    """Catalog + vectors. Safe to share between threads; writers are serialised by ingest's lock."""

    def __init__(self, *, data_dir: Path, chroma_url: str | None = None):
        self.data_dir = Path(data_dir)
        _check_data_dir(self.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._path = self.data_dir / "catalog.sqlite3"
        self._connections = Connections(self._path, synchronous="NORMAL")
        self._derived: tuple[int, dict] = (-1, {})
        self._open_catalog()
        self.client = chroma_client(self.data_dir, chroma_url)
        self._collection = None
        self.collection  # noqa: B018 - open it now, so a broken vector index is reported at start-up

    @property
    def collection(self):
        """The Chroma collection the catalog names, (re-)opened whenever that name changes."""
        name = self.collection_name()
        if self._collection is None or self._collection.name != name:
            try:
                self._collection = self.client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})
            except Exception as exc:
                raise StoreError(f"cannot open the vector index {name} in {self.data_dir / 'chroma'}: {exc}; "
                                 "move the data dir aside and run `pmr ingest` to rebuild it") from None
        return self._collection

    def collection_name(self) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key='collection'").fetchone()
        return row[0] if row else COLLECTION

    # -- catalog ---------------------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        return self._connections.get()

    def _open_catalog(self) -> None:
        try:
            self.db.executescript(_SCHEMA)
            version = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if version is None:
                self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif version[0] == "1":
                self._upgrade_from_1()
            elif version[0] != SCHEMA_VERSION:
                raise StoreError(f"{self._path} was written by another version (schema {version[0]}); "
                                 "move the data dir aside and run `pmr ingest`")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self._path} is not a usable index ({exc}); "
                             "move it aside and run `pmr ingest` to rebuild the index") from None

    def _upgrade_from_1(self) -> None:
        """Add the unit-vector column; a blank signature makes the next ingest re-split every guide and fill
        it (passage vectors are reused). Re-checked under the write lock: another worker may have done it."""
        with transaction(self.db) as db:
            if db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == "1":
                db.execute("ALTER TABLE passages ADD COLUMN unit_vectors BLOB")
                db.execute("UPDATE documents SET signature=''")
                db.execute("UPDATE meta SET value=? WHERE key='schema'", (SCHEMA_VERSION,))

    def generation(self) -> int:
        """Bumped on every committed ingest, so readers can tell when to refresh caches."""
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def pipeline(self) -> str | None:
        """The pipeline version of the last committed ingest (None before any)."""
        row = self.db.execute("SELECT value FROM meta WHERE key='pipeline'").fetchone()
        return row[0] if row else None

    def documents(self) -> list[StoredDocument]:
        rows = self.db.execute(
            "SELECT d.doc_id, d.path, d.title, d.source, d.file_hash, d.signature, COUNT(p.id) "
            "FROM documents d LEFT JOIN passages p ON p.doc_id = d.doc_id GROUP BY d.doc_id ORDER BY d.doc_id")
        return [StoredDocument(*row) for row in rows]

    def titles(self) -> list[str]:
        """Guide titles in doc_id order, without counting passages (asked on every answer)."""
        return [row[0] for row in self.db.execute("SELECT title FROM documents ORDER BY doc_id")]

    def counts(self) -> tuple[int, int]:
        docs = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        chunks = self.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        return docs, chunks

    def passages(self, ids: list[str]) -> dict[str, StoredPassage]:
        """Live passages by id; ids the catalog does not hold (stale vectors) are left out."""
        rows = self._by_id("SELECT p.id, p.doc_id, d.title, p.section, p.text, p.position FROM passages p "
                           "JOIN documents d ON d.doc_id = p.doc_id WHERE p.id IN ({ids})", ids)
        return {row[0]: StoredPassage(*row) for row in rows}

    def subsections(self, passage: StoredPassage) -> list[StoredPassage]:
        """The passages after `passage` in its guide that sit under its section's subheadings, in the guide's
        order: where a section's lead-in ("Commonly pursued fellowships include:") goes on. Kept until the next
        ingest: search asks for it on every query that finds a closing lead-in."""
        known = self._cache().setdefault("subsections", {})
        if passage.id not in known:
            known[passage.id] = self._subsections(passage)
        return known[passage.id]

    def _subsections(self, passage: StoredPassage) -> list[StoredPassage]:
        rows = self.db.execute(
            "SELECT p.id, p.doc_id, d.title, p.section, p.text, p.position FROM passages p "
            "JOIN documents d ON d.doc_id = p.doc_id WHERE p.doc_id=? AND p.position>? AND "
            "substr(p.section, 1, ?)=? ORDER BY p.position", (passage.doc_id, passage.position,
                                                              len(passage.section) + 3, f"{passage.section} > "))
        return [StoredPassage(*row) for row in rows]

    def headed_under(self, doc_id: str, section: str) -> list[StoredPassage]:
        """The first passage under each subheading right below `section` in a guide, in the guide's order: "Month
        1–2", "Month 3–4", "Month 5–6" under "6-Month Plan". Kept until the next ingest."""
        known = self._cache().setdefault("headed_under", {})
        if (doc_id, section) not in known:
            rows = self.db.execute(
                "SELECT p.id, p.doc_id, d.title, p.section, p.text, p.position FROM passages p "
                "JOIN documents d ON d.doc_id = p.doc_id WHERE p.doc_id=? AND substr(p.section, 1, ?)=? "
                "ORDER BY p.position", (doc_id, len(section) + 3, f"{section} > "))
            first: dict[str, StoredPassage] = {}
            for row in rows:
                passage = StoredPassage(*row)
                heading = passage.section[len(section) + 3:]
                if " > " not in heading:
                    first.setdefault(heading, passage)
            known[(doc_id, section)] = list(first.values())
        return known[(doc_id, section)]

    def writing(self, term: str) -> list[StoredPassage]:
        """The passages whose heading or text writes `term` as given ("PSR", case and all), in the guides' order."""
        rows = self.db.execute(
            "SELECT p.id, p.doc_id, d.title, p.section, p.text, p.position FROM passages p "
            "JOIN documents d ON d.doc_id = p.doc_id WHERE instr(p.section, ?) OR instr(p.text, ?) "
            "ORDER BY p.doc_id, p.position", (term, term))
        return [StoredPassage(*row) for row in rows]

    def _by_id(self, sql: str, ids: list[str]) -> Iterator[tuple]:
        """The rows of `sql` with `{ids}` bound to `ids`, 500 at a time (SQLite caps bound parameters)."""
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            yield from self.db.execute(sql.format(ids=",".join("?" * len(chunk))), chunk)

    def passage_ids(self, doc_id: str | None = None) -> set[str]:
        if doc_id is None:
            return {row[0] for row in self.db.execute("SELECT id FROM passages")}
        return {row[0] for row in self.db.execute("SELECT id FROM passages WHERE doc_id=?", (doc_id,))}

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        rows = self._by_id("SELECT id, vector FROM passages WHERE id IN ({ids})", ids)
        return {pid: np.frombuffer(blob, dtype=np.float32) for pid, blob in rows}

    def unit_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Each passage's answer-unit embeddings, one row per unit in `answer_units` order (absent when
        not computed yet)."""
        rows = self._by_id("SELECT id, unit_vectors FROM passages WHERE id IN ({ids}) AND unit_vectors IS NOT NULL",
                           ids)
        return {pid: unpack_units(blob) for pid, blob in rows}

    def _cache(self) -> dict:
        """Values derived from the catalog, kept until the next ingest commits (a new generation)."""
        generation = self.generation()
        if self._derived[0] != generation:
            self._derived = (generation, {"df": {}})
        return self._derived[1]

    def document_frequency(self, term: str) -> int:
        """Passages containing `term` (as the FTS5 tokenizer stems it)."""
        df = self._cache()["df"]
        if term not in df:
            phrase = '"%s"' % term.replace('"', "")
            df[term] = self.db.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?",
                                       (phrase,)).fetchone()[0]
        return df[term]

    def passage_count(self) -> int:
        cache = self._cache()
        if "passages" not in cache:
            cache["passages"] = self.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        return cache["passages"]

    def lexical_search(self, match: str, k: int) -> list[tuple[str, float]]:
        """(passage id, BM25 score, higher is better) for an FTS5 MATCH expression.

        A word in the section heading counts four times as much as one in the body: a
        trainee's words often name the topic a heading names (on our question set, weight
        4 beat 2 and 1 for MRR@10: 0.717 vs 0.687 vs 0.686).
        """
        if not match:
            return []
        # Rank inside the FTS table first and join only the top k: joining every match costs O(matches).
        rows = self.db.execute(
            "SELECT p.id, ranked.score FROM (SELECT rowid, -bm25(passages_fts, 4.0, 1.0) AS score FROM passages_fts "
            "WHERE passages_fts MATCH ? ORDER BY score DESC LIMIT ?) AS ranked "
            "JOIN passages p ON p.rowid = ranked.rowid ORDER BY ranked.score DESC", (match, k))
        return [(pid, float(score)) for pid, score in rows]

    # -- vectors -----------------------------------------------------------------------------
    def dense_search(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) best first, live passages only."""
        total = self.passage_count()  # Chroma's own count() costs milliseconds at 100k vectors
        if total == 0:
            return []
        try:
            result = self._query(vector, min(k, total))
        except Exception as exc:  # chromadb raises its own errors and bare ones; the handle may be stale
            logger.warning("vector search failed (%s); re-opening the collection", exc)
            self._collection = None
            try:
                result = self._query(vector, min(k, total))
            except Exception as exc:
                raise StoreError(f"the vector index cannot be searched ({exc}); run `pmr ingest` to repair it") from None
        return [(pid, 1.0 - dist) for pid, dist in zip(result["ids"][0], result["distances"][0])]

    def _query(self, vector: list[float], k: int) -> dict:
        return self.collection.query(query_embeddings=[vector], n_results=k, include=["distances"])

    def search_problem(self) -> str | None:
        """Why the index cannot be searched right now, or None: one real query each way, with a vector
        and a word of an indexed passage, which must find live passages."""
        row = self.db.execute("SELECT id, vector, text FROM passages ORDER BY rowid LIMIT 1").fetchone()
        if row is None:
            return None  # nothing indexed: every search rightly finds nothing
        try:
            hits = self.dense_search(np.frombuffer(row[1], dtype=np.float32).tolist(), 3)
        except StoreError as exc:
            return str(exc)
        if not self.passages([pid for pid, _ in hits]):
            return "the vector index holds none of the catalog's passages; run `pmr ingest` to restore it"
        word = next((w for w in row[2].split() if w.isalnum()), None)
        if word and not self.lexical_search(f'"{word}"', 1):
            return "the word index finds nothing for an indexed word; run `pmr ingest` to rebuild it"
        return None

    def stored_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Vectors Chroma already holds for `ids`; empty if Chroma cannot say (then they are re-embedded)."""
        found: dict[str, np.ndarray] = {}
        try:
            for start in range(0, len(ids), 1000):
                got = self.collection.get(ids=ids[start:start + 1000], include=["embeddings"])
                found.update({pid: np.asarray(v, dtype=np.float32) for pid, v in zip(got["ids"], got["embeddings"])})
        except Exception as exc:  # chromadb raises InternalError for a segment a killed writer left behind
            logger.warning("cannot reuse vectors from Chroma (%s); they will be embedded again", exc)
            return {}
        return found

    def missing_vectors(self, ids: list[str], collection=None) -> list[str]:
        collection = collection or self.collection
        present: set[str] = set()
        for start in range(0, len(ids), 1000):
            present.update(collection.get(ids=ids[start:start + 1000], include=[])["ids"])
        return [pid for pid in ids if pid not in present]

    def put_vectors(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict], collection=None) -> None:
        """Vectors and the metadata to tell them apart; no text: the catalog holds it, and sending it
        halves Chroma's write rate."""
        collection = collection or self.collection
        for start in range(0, len(ids), 1000):
            end = start + 1000
            collection.upsert(ids=ids[start:end], embeddings=vectors[start:end], metadatas=metadatas[start:end])

    def sweep_vectors(self) -> int:
        """Delete vectors the catalog no longer lists (left by a replaced or interrupted ingest)."""
        live = self.passage_ids()
        stale = [pid for pid in self.collection.get(include=[])["ids"] if pid not in live]
        for start in range(0, len(stale), 1000):
            self.collection.delete(ids=stale[start:start + 1000])
        return len(stale)

    # -- commit ------------------------------------------------------------------------------
    def commit(self, *, documents: list[StoredDocument],
               passages: dict[str, list[tuple[StoredPassage, np.ndarray, np.ndarray]]],
               removed: list[str], boilerplate: set[str], pipeline: str) -> None:
        """Replace the given documents' passages and drop `removed`, all in one transaction; `pipeline`
        names the version of the cleaning, splitting and unit rules that wrote them."""
        with transaction(self.db) as db:
            for doc_id in removed:
                db.execute("DELETE FROM passages WHERE doc_id=?", (doc_id,))
                db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            for doc in documents:
                db.execute("INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?)",
                           (doc.doc_id, doc.path, doc.title, doc.source, doc.file_hash, doc.signature))
                if doc.doc_id not in passages:
                    continue
                db.execute("DELETE FROM passages WHERE doc_id=?", (doc.doc_id,))
                db.executemany(
                    "INSERT INTO passages(id, doc_id, position, section, text, vector, unit_vectors) "
                    "VALUES (?,?,?,?,?,?,?)",
                    [(p.id, p.doc_id, p.position, p.section, p.text, vec.astype(np.float32).tobytes(), pack_units(units))
                     for p, vec, units in passages[doc.doc_id]])
            db.execute("DELETE FROM boilerplate")  # what this ingest learned, for inspection; never read back
            db.executemany("INSERT INTO boilerplate VALUES (?)", [(line,) for line in sorted(boilerplate)])
            db.execute("INSERT OR REPLACE INTO meta VALUES ('pipeline', ?)", (pipeline,))
            db.execute("INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) "
                       "DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    def vectors_dirty(self) -> bool:
        """True while (or if) an ingest is writing vectors that the catalog has not committed."""
        row = self.db.execute("SELECT value FROM meta WHERE key='vectors_dirty'").fetchone()
        return bool(row and row[0] == "1")

    def mark_vectors_dirty(self, dirty: bool) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('vectors_dirty', ?)", ("1" if dirty else "0",))

    def repair_vectors(self) -> None:
        """After an ingest was killed mid-write: sweep the vectors it left and re-send what Chroma lacks, in
        the same collection (serving processes hold it open). Only if that collection can no longer be
        read are the catalog's vectors copied into a new one, which the catalog then names; readers follow
        the name. Embeds nothing."""
        try:
            self.sweep_vectors()
            self.restore_vectors()
        except Exception as exc:  # chromadb raises InternalError for a segment a killed writer left behind
            logger.warning("the vector index cannot be repaired in place (%s); copying it into a new one", exc)
            self._replace_collection()
        self.mark_vectors_dirty(False)

    def _replace_collection(self) -> None:
        old = self.collection_name()
        name = f"{COLLECTION}-{uuid.uuid4().hex[:8]}"
        self.restore_vectors(self.client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"}))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('collection', ?)", (name,))
        try:
            self.client.delete_collection(old)
        except Exception as exc:  # a reader may still be using it; it is swept next time
            logger.warning("could not delete the old vector index %s: %s", old, exc)

    def restore_vectors(self, collection=None) -> int:
        """Re-send catalog vectors Chroma lacks (a wiped or new Chroma server, a new collection); embeds
        nothing."""
        ids = sorted(self.passage_ids())
        missing = self.missing_vectors(ids, collection)
        if not missing:
            return 0
        records, vectors = self.passages(missing), self.vectors(missing)
        ordered = [pid for pid in missing if pid in records]
        self.put_vectors(ordered, np.stack([vectors[pid] for pid in ordered]),
                         [{"doc_id": records[pid].doc_id, "section": records[pid].section} for pid in ordered],
                         collection)
        return len(ordered)


def pack_units(vectors: np.ndarray) -> bytes:
    """float16 halves the catalog's size at 100k passages; cosine ranks do not change at that precision."""
    return np.asarray(vectors, dtype=np.float16).reshape(-1, DIMENSIONS).tobytes()


def unpack_units(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).reshape(-1, DIMENSIONS).astype(np.float32)


def _check_data_dir(data_dir: Path) -> None:
    if data_dir.exists() and not data_dir.is_dir():
        raise StoreError(f"PMR_DATA_DIR={data_dir} is a file, not a folder; point it at a folder")
    if not data_dir.exists() or (data_dir / "catalog.sqlite3").exists():
        return
    foreign = sorted(p.name for p in data_dir.iterdir() if p.name not in _OWN_FILES)
    if foreign:
        raise StoreError(f"PMR_DATA_DIR={data_dir} holds files that are not this assistant's index "
                         f"({', '.join(foreign[:5])}); point PMR_DATA_DIR at an empty or assistant-owned folder")
