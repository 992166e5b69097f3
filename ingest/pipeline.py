"""An ingest run: incremental, resumable and atomic (the catalog commit is the only switch-over)."""
import fcntl
import hashlib
import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from string import ascii_lowercase, digits

import numpy as np

from ingest.boilerplate import Learned, learn
from ingest.clean import Cleaned, clean
from ingest.embed import Embedder
from ingest.errors import LoadError
from ingest.load import load_text
from ingest.split import Passage, split_document
from ingest.store import Store, StoredDocument, StoredPassage
from ingest.units import unit_texts

logger = logging.getLogger(__name__)
# Bump when cleaning, splitting or answer units change, so every guide is re-split (vectors of unchanged
# passages are reused; unit vectors are recomputed only where missing).
PIPELINE_VERSION = "11"
# A guide that cleaning would cut by more than this is indexed whole: cleaning is for chrome, never the guide.
MAX_DROPPED_SHARE = 0.5
# (stage, done, total): stage "files" while guides are read, then "passages" while they are embedded.
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[dict] = field(default_factory=list)
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    duplicates: list[dict] = field(default_factory=list)  # {"path", "same_as"}: identical files indexed once
    dropped: dict[str, list[str]] = field(default_factory=dict)  # path -> the lines cleaning dropped
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The counts as `pmr ingest --json` and the API show them (dropped lines as a count per file)."""
        return {**asdict(self), "dropped": {path: len(lines) for path, lines in self.dropped.items()}}


@dataclass
class _Source:
    path: Path
    file_hash: str
    text: str


def ingest(store: Store, embedder: Embedder, paths: list[Path], *, progress: Progress | None = None,
           max_guide_bytes: int | None = None, pause_before_commit: Path | None = None) -> IngestReport:
    """Bring the index in line with `paths` (files or folders); see IngestReport for the counts.

    `pause_before_commit` is a crash test's hook (see `_pause`)."""
    report = IngestReport()
    with _ingest_lock(store.data_dir):
        if store.vectors_dirty():
            logger.warning("the previous ingest was interrupted; repairing the vector index from the catalog")
            store.repair_vectors()
        files, roots = _collect(paths, report)
        existing = {doc.path: doc for doc in store.documents()}
        sources = _distinct(_load(files, report, max_guide_bytes, progress), existing, report)
        others = _other_guides(existing, sources, roots)
        learned = learn([s.text for s in sources] + [s.text for s in others])
        changed, moved = _plan(sources, learned, [s.path for s in sources + others], existing, report)
        seen = {str(f) for f in files} - {d["path"] for d in report.duplicates}
        removed = [doc.doc_id for path, doc in existing.items() if path not in seen and _under(Path(path), roots)]
        report.removed = len(removed)
        vectors = _vectors(store, embedder, [p for _, ps in changed for p in ps], report, progress)
        if changed or moved or removed:
            _pause(pause_before_commit)
            store.commit(documents=[doc for doc, _ in changed] + moved,
                         passages={doc.doc_id: [(p, *vectors[p.id]) for p in ps] for doc, ps in changed},
                         removed=removed, boilerplate=set().union(*learned.chrome), pipeline=PIPELINE_VERSION)
            swept = store.sweep_vectors()
            logger.info("ingest committed; %d stale vectors swept", swept)
        store.mark_vectors_dirty(False)
        store.restore_vectors()
        report.documents, report.chunks = store.counts()
    return report


def _plan(sources: list[_Source], learned: Learned, names: list[Path], existing: dict[str, StoredDocument],
          report: IngestReport) -> tuple[list[tuple[StoredDocument, list[StoredPassage]]], list[StoredDocument]]:
    """The guides to (re-)split with their passages, and the unchanged ones whose file moved. A guide is
    unchanged when its bytes and the chrome learned for it are (its signature)."""
    changed, moved = [], []
    taken: set[str] = {doc.doc_id for doc in existing.values()}
    for i, source in enumerate(sources):
        chrome = learned.chrome[i]
        report.warnings.extend(f"{source.path}: {share:.0%} of its text is also in {names[j]}; kept, not "
                               "treated as boilerplate" for j, share in learned.overlaps[i].items())
        signature = hashlib.sha256("\n".join([PIPELINE_VERSION, *sorted(chrome)]).encode()).hexdigest()[:16]
        old = existing.get(str(source.path)) or _moved_from(source.path, existing)
        if old and old.file_hash == source.file_hash and old.signature == signature:
            report.unchanged += 1
            if old.path != str(source.path):
                moved.append(replace(old, path=str(source.path)))
            continue
        doc = _document(source, signature, old.doc_id if old else _free_doc_id(source.path, taken))
        taken.add(doc.doc_id)
        changed.append((doc, _passages(doc, _cleaned(source, chrome, report))))
        if old:
            report.updated += 1
        else:
            report.added += 1
    return changed, moved


def _pause(marker: Path | None) -> None:
    """Crash tests' pause point, just before the commit: create `marker`, wait while it exists.

    A test that sees the file appear knows the vectors are written and the catalog is not:
    a SIGKILL then lands before the commit for certain, not by timing luck."""
    if marker is None:
        return
    marker.touch()
    while marker.exists():
        time.sleep(0.05)


def _distinct(sources: list[_Source], existing: dict[str, StoredDocument], report: IngestReport) -> list[_Source]:
    """One source per content: identical files (a copy, a copied folder) are one guide. The copy that is
    already indexed is kept, else the one with the shortest path; the others are reported as duplicates. A copy of
    a guide indexed from another folder, still there, is that guide too: a copied corpus ingested beside the
    original adds nothing (one whose original is gone has moved, and `_plan` keeps it)."""
    paths = {str(s.path) for s in sources}
    elsewhere = {doc.file_hash: path for path, doc in existing.items() if path not in paths and Path(path).is_file()}
    groups: dict[str, list[_Source]] = defaultdict(list)
    for source in sources:
        groups[source.file_hash].append(source)
    kept = []
    for group in groups.values():
        if group[0].file_hash in elsewhere:
            original = elsewhere[group[0].file_hash]
            report.duplicates.extend({"path": str(s.path), "same_as": original} for s in group)
            continue
        group.sort(key=lambda s: (str(s.path) not in existing, len(str(s.path)), str(s.path)))
        kept.append(group[0])
        report.duplicates.extend({"path": str(s.path), "same_as": str(group[0].path)} for s in group[1:])
    return kept


def _other_guides(existing: dict[str, StoredDocument], sources: list[_Source], roots: list[Path]) -> list[_Source]:
    """Texts of indexed guides this run does not read (an ingest of one file), so chrome is still learned
    from the whole library as it is on disk now."""
    paths, hashes = {str(s.path) for s in sources}, {s.file_hash for s in sources}
    others = []
    for path, doc in existing.items():
        if path in paths or doc.file_hash in hashes or _under(Path(path), roots):
            continue
        try:
            others.append(_Source(path=Path(path), file_hash=doc.file_hash,
                                  text=load_text(Path(path), Path(path).read_bytes())))
        except (OSError, LoadError):
            continue  # gone or unreadable: it teaches nothing
    return others


def _cleaned(source: _Source, chrome: frozenset[str], report: IngestReport) -> Cleaned:
    cleaned = clean(source.text, chrome)
    if cleaned.dropped_share > MAX_DROPPED_SHARE:
        report.warnings.append(f"{source.path}: cleaning would drop {cleaned.dropped_share:.0%} of its text; "
                               "indexed whole instead")
        cleaned = clean(source.text, drop=False)
    if cleaned.dropped:
        report.dropped[str(source.path)] = cleaned.dropped
    return cleaned


@contextmanager
def _ingest_lock(data_dir: Path):
    """One ingest at a time per data dir; a second waits rather than interleaving writes."""
    with open(data_dir / "ingest.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _collect(paths: list[Path], report: IngestReport) -> tuple[list[Path], list[Path]]:
    files, roots = [], []
    for path in paths:
        path = Path(path).resolve()
        if path.is_dir():
            roots.append(path)
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not _skipped(p, path)))
        elif path.is_file():
            files.append(path)
        else:
            report.failed.append({"path": str(path), "error": f"{path}: no such file or folder"})
    return list(dict.fromkeys(files)), roots


def _skipped(path: Path, root: Path) -> bool:
    """Hidden files and the `<guide>.meta.json` sidecars are not guides."""
    rel = path.relative_to(root)
    return any(part.startswith(".") for part in rel.parts) or path.name.endswith(".meta.json")


def _load(files: list[Path], report: IngestReport, max_bytes: int | None,
          progress: Progress | None) -> list[_Source]:
    sources = []
    for done, path in enumerate(files):
        if progress:
            progress("files", done, len(files))
        try:
            _check_size(path, max_bytes)
            data = path.read_bytes()
            text = load_text(path, data)
        except LoadError as exc:
            report.failed.append({"path": str(path), "error": str(exc)})
            continue
        except OSError as exc:
            report.failed.append({"path": str(path), "error": f"{path}: cannot read ({exc.strerror})"})
            continue
        sources.append(_Source(path=path, file_hash=hashlib.sha256(data).hexdigest(), text=text))
    if progress:
        progress("files", len(files), len(files))
    return sources


def _check_size(path: Path, max_bytes: int | None) -> None:
    """A guide is a few dozen KB; a file of many MB is a mistake that would embed for an hour."""
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise LoadError(f"{path}: {size / 2**20:.1f} MB is over the {max_bytes / 2**20:g} MB guide size limit; "
                        "split it into smaller guides or raise PMR_MAX_GUIDE_MB")


def _document(source: _Source, signature: str, doc_id: str) -> StoredDocument:
    meta = _metadata(source.path)
    first_line = next((line.strip().lstrip("# ") for line in source.text.splitlines() if line.strip()), "")
    title = meta.get("title") or (first_line if len(first_line) <= 120 else source.path.stem.replace("-", " ").title())
    return StoredDocument(doc_id=doc_id, path=str(source.path), title=title,
                          source=meta.get("source") or source.path.name, file_hash=source.file_hash,
                          signature=signature)


def _metadata(path: Path) -> dict:
    sidecar = path.with_name(path.stem + ".meta.json")
    if not sidecar.exists():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("ignoring unreadable metadata %s: %s", sidecar, exc)
        return {}
    return meta if isinstance(meta, dict) else {}


def _moved_from(path: Path, existing: dict[str, StoredDocument]) -> StoredDocument | None:
    """The indexed guide this file was before its folder moved: same name, old file gone."""
    slug = _slug(path)
    return next((doc for doc in existing.values() if doc.doc_id == slug and not Path(doc.path).exists()), None)


_SLUG_CHARACTERS = frozenset(ascii_lowercase + digits)


def _slug(path: Path) -> str:
    kept = "".join(c if c in _SLUG_CHARACTERS else " " for c in path.stem.lower())
    return "-".join(kept.split()) or "document"


def _free_doc_id(path: Path, taken: set[str]) -> str:
    slug = _slug(path)
    if slug in taken:
        slug = f"{slug}-{hashlib.sha256(str(path).encode()).hexdigest()[:6]}"
    return slug


def _passages(doc: StoredDocument, cleaned: Cleaned) -> list[StoredPassage]:
    passages: list[Passage] = split_document(cleaned.lines, title=doc.title)
    stored, ids = [], set()
    for p in passages:
        digest = hashlib.sha256(("%s\n%s" % (p.section, p.text)).encode()).hexdigest()[:16]
        pid = f"{doc.doc_id}-{digest}"
        if pid not in ids:
            ids.add(pid)
            stored.append(StoredPassage(id=pid, doc_id=doc.doc_id, title=doc.title, section=p.section,
                                        text=p.text, position=len(stored)))
    return stored


def _vectors(store: Store, embedder: Embedder, passages: list[StoredPassage], report: IngestReport,
             progress: Progress | None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(passage vector, unit vectors) for `passages`: reused from the catalog, passage vectors also from
    Chroma (another worker's ingest into a shared Chroma server), the rest embedded."""
    ids = [p.id for p in passages]
    vectors = store.vectors(ids)
    vectors.update(store.stored_vectors([pid for pid in ids if pid not in vectors]))
    # Unit vectors written under other unit rules may not line up with today's units.
    units = store.unit_vectors(ids) if store.pipeline() == PIPELINE_VERSION else {}
    todo = [p for p in passages if p.id not in vectors or p.id not in units]
    done = 0
    if todo:
        logger.info("embedding %d passages and their answer units", len(todo))
        store.mark_vectors_dirty(True)
    if progress:
        progress("passages", 0, len(todo))
    for start in range(0, len(todo), 256):
        batch = todo[start:start + 256]
        fresh = [p for p in batch if p.id not in vectors]
        units_of = {p.id: unit_texts(p.section, p.text) for p in batch}
        # One model call per batch: passages and units together keep the batches full.
        embedded = embedder.encode([embedding_text(p) for p in fresh] + [t for p in batch for t in units_of[p.id]])
        if fresh:
            store.put_vectors([p.id for p in fresh], embedded[:len(fresh)],
                              [{"doc_id": p.doc_id, "section": p.section} for p in fresh])
            vectors.update({p.id: vec for p, vec in zip(fresh, embedded[:len(fresh)])})
        offset = len(fresh)
        for p in batch:
            count = len(units_of[p.id])
            units[p.id] = embedded[offset:offset + count].astype(np.float16)  # as stored; half the memory
            offset += count
        done += len(batch)
        report.embedded += len(fresh)
        logger.info("embedded %d/%d passages", done, len(todo))
        if progress:
            progress("passages", done, len(todo))
    return {pid: (vectors[pid], units[pid]) for pid in ids}


def embedding_text(passage: StoredPassage) -> str:
    """What the dense index sees: the passage under its most specific heading."""
    heading = passage.section.split(" > ")[-1]
    return f"{heading}\n{passage.text}"


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)
