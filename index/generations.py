"""On-disk index: atomic generations holding chromadb, a BM25 index, documents and sentence vectors.

Layout::

    index/CURRENT            name of the serving generation (replaced atomically)
    index/gen-<stamp>/       manifest.json, chroma/, bm25/, docs/<id>.json, docs/<id>.npy,
                             docs/<id>.{c,q,p}.npy, docs/<id>.offsets.npy,
                             register/{models,checklist-titles,checklist-about}.npy,
                             adapter.npy (the query adapter, index/adapter.py; only when trained),
                             vocabulary.{json,npy} (the corpus's words and their vectors, index/vocabulary.py)

An ingest copies the serving generation, updates the copy and only then points
CURRENT at it, so a failed or killed ingest leaves the previous index serving.
A killed ingest leaves a `gen-*.tmp` folder behind; the next ingest removes it.
One writer at a time: building and switching a generation holds `index/ingest.lock`.
A generation is checked as it is opened (`open_generation`): each store opens and
matches the manifest's counts. A damaged one is passed over for the previous
generation while that one is intact; `wijzer ingest --rebuild` repairs it.
Against a `chroma run` server each generation has its own collection
(`chunks-gen-<stamp>`), created, copied and deleted together with its folder.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.chroma import COLLECTION, collection_name, open_collection, server_client
from index.errors import REMEDY, IndexDamaged, IndexMissing, IndexOutdated, IndexUnavailable
from index.records import DocPayload, DocRecord, Manifest
from index.register import REGISTER_FILES, RegisterVectors, read_register_vectors
from index.vocabulary import VECTORS, Vocabulary, read_vocabulary

if TYPE_CHECKING:
    from index.lexical import LexicalIndex

MANIFEST = "manifest.json"
ADAPTER = "adapter.npy"
LOCK = "ingest.lock"
WAITING = "een andere ingest werkt de index bij: wachten tot die klaar is, daarna wordt het corpus opnieuw gelezen"
_COPY_BATCH = 1000
INDEX_FORMAT = 9  # bump when the generation layout changes: an older index is rebuilt, not misread
# (a changed build parameter rebuilds too, through the manifest's BuildParams: no bump for those)


@dataclass
class StoredDoc:
    """One document's files, read and checked against its manifest record."""

    record: DocRecord
    payload: DocPayload
    vectors: DocVectors


@dataclass
class OpenGeneration:
    """A generation whose stores all opened and agree with its manifest."""

    path: Path
    manifest: Manifest
    collection: Any  # chromadb Collection
    lexical: "LexicalIndex"
    docs: list[StoredDoc]  # sorted by id
    register: RegisterVectors
    vocabulary: Vocabulary
    adapter: np.ndarray | None = None  # the query adapter (dim x dim), None when the manifest names none


@dataclass
class Serving:
    """The generation that serves, and the damaged current one it stands in for (None: it is current)."""

    generation: OpenGeneration
    damaged: IndexDamaged | None = None

    @property
    def notice(self) -> str:
        """Dutch notice for the log and the app; empty when the current generation serves."""
        if self.damaged is None:
            return ""
        return f"{self.damaged.summary}; de vorige generatie {self.generation.path.name} wordt gebruikt: {REMEDY}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(work: Path) -> bool:
    """A `.tmp` generation whose ingest process no longer runs (name: gen-<date>-<time>-<pid>-<n>.tmp)."""
    parts = work.name.split("-")
    return not (len(parts) > 3 and parts[3].isdigit() and _pid_alive(int(parts[3])))


class IndexStore:
    """The index folder and its generations (and, in server mode, their collections)."""

    def __init__(self, root: Path, host: str | None = None, port: int | None = None):
        self.root = Path(root)
        self.host, self.port = host or None, port

    def current(self) -> Path | None:
        pointer = self.root / "CURRENT"
        if not pointer.exists():
            return None
        gen = self.root / pointer.read_text().strip()
        return gen if (gen / MANIFEST).exists() else None

    def manifest(self, gen: Path | None = None) -> Manifest:
        """The generation's manifest (the current one by default); IndexDamaged when it does not parse."""
        gen = gen or self.current()
        if gen is None:
            raise IndexMissing(f"geen index in {self.root}: voer eerst `wijzer ingest` uit")
        return check_manifest(gen)

    def built_format(self) -> int:
        """The layout the current generation was built in (this version's `INDEX_FORMAT` when there is none, or
        its manifest does not parse: opening it names that damage, and an earlier generation may serve)."""
        try:
            return self.manifest().format
        except IndexMissing:  # IndexDamaged too
            return INDEX_FORMAT

    def open_serving(self) -> Serving:
        """The current generation, checked; when it is damaged, the newest intact earlier one (the previous
        generation an ingest keeps), else IndexDamaged for the current one; IndexOutdated for an older layout."""
        current = self.current()
        if current is None:
            raise IndexMissing(f"geen index in {self.root}: voer eerst `wijzer ingest` uit")
        built = self.built_format()
        if built != INDEX_FORMAT:  # an older layout: its earlier generations are no newer
            raise IndexOutdated(self.root, built, INDEX_FORMAT)
        try:
            return Serving(open_generation(current, self.host, self.port))
        except IndexDamaged as damaged:
            for earlier in sorted((g for g in self.root.glob("gen-*") if g.suffix != ".tmp" and g != current
                                   and (g / MANIFEST).exists()), key=lambda g: g.name, reverse=True):
                try:
                    return Serving(open_generation(earlier, self.host, self.port), damaged)
                except IndexDamaged:
                    continue
            raise damaged

    @contextmanager
    def writer(self, on_wait: Callable[[str], None]) -> Iterator[None]:
        """Hold the index's one writer lock (`ingest.lock`, shared by the CLI and the app) while building and
        switching a generation. A second writer is told WAITING through `on_wait`, then waits; the lock is
        released when its holder's process ends, even by a kill."""
        from filelock import FileLock, Timeout

        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.root / LOCK)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            on_wait(WAITING)
            lock.acquire()
        try:
            yield
        finally:
            lock.release()

    def begin(self, fresh: bool) -> Path:
        """A new work generation: a copy of the current one, or empty when `fresh`."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.sweep()
        work = self.root / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}.tmp"
        cur = self.current()
        try:
            if cur is not None and not fresh:
                shutil.copytree(cur, work)
                if self.host:
                    self._copy_collection(cur, work)
            else:
                (work / "docs").mkdir(parents=True)
        except BaseException:
            self._remove(work)
            raise
        return work

    def commit(self, work: Path) -> Path:
        """Make `work` the serving generation; keep the previous one, remove older and abandoned ones."""
        final = work.with_suffix("")
        work.rename(final)
        previous = self.current()
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(final.name)
        os.replace(tmp, self.root / "CURRENT")
        keep = {final.name} | ({previous.name} if previous else set())
        for gen in self.root.glob("gen-*"):
            if gen.name not in keep and (gen.suffix != ".tmp" or _abandoned(gen)):
                try:
                    self._remove(gen)
                except IndexUnavailable:
                    pass  # the server went away after the switch: the next ingest removes it
        return final

    def abandon(self, work: Path) -> None:
        self._remove(work)

    def sweep(self) -> list[str]:
        """Remove the `.tmp` generations of ingests that were killed; returns their names."""
        stale = [gen for gen in self.root.glob("gen-*.tmp") if _abandoned(gen)]
        for gen in stale:
            self._remove(gen)
        return [gen.name for gen in stale]

    def _remove(self, gen: Path) -> None:
        if self.host:
            from chromadb.errors import NotFoundError

            try:
                server_client(self.host, self.port).delete_collection(collection_name(gen))
            except NotFoundError:
                pass
        shutil.rmtree(gen, ignore_errors=True)

    def _copy_collection(self, source: Path, work: Path) -> None:
        """Server mode: the new generation's collection starts as a copy of the serving one."""
        src = open_collection(source, host=self.host, port=self.port)
        dst = open_collection(work, create=True, host=self.host, port=self.port)
        for offset in range(0, src.count(), _COPY_BATCH):
            rows = src.get(include=["embeddings", "documents", "metadatas"], limit=_COPY_BATCH, offset=offset)
            dst.add(ids=rows["ids"], embeddings=rows["embeddings"], documents=rows["documents"],
                    metadatas=rows["metadatas"])


@dataclass
class DocVectors:
    """The per-document vectors beside chromadb's chunk vectors, row for row with the payload's lists."""

    sentences: np.ndarray  # each sentence as it stands (passage side)
    contextual: np.ndarray  # each sentence after its title and section ("title. section\nsentence")
    questions: np.ndarray  # reader questions (query side)
    pseudo: np.ndarray  # pseudo-questions from the document's own text (query side; ingest/pseudo.py)


VECTOR_SUFFIXES = {"sentences": ".npy", "contextual": ".c.npy", "questions": ".q.npy", "pseudo": ".p.npy"}


@contextmanager
def _opens(gen: Path, check: str) -> Iterator[None]:
    """Any error while reading a store is that store's damage (a down chroma server is not)."""
    try:
        yield
    except (IndexDamaged, IndexUnavailable):
        raise
    except FileNotFoundError as exc:
        raise IndexDamaged(gen, check, f"{Path(exc.filename or '?').name} ontbreekt") from exc
    except Exception as exc:  # noqa: BLE001 - a damaged file raises whatever its reader raises
        raise IndexDamaged(gen, check, f"opent niet ({exc.__class__.__name__}: {exc})") from exc


def _expect(gen: Path, check: str, counts: dict[str, tuple[int, int]]) -> None:
    """(found, expected from the manifest or the payload) per counted thing; the first that differs is the damage."""
    for what, (found, expected) in counts.items():
        if found != expected:
            raise IndexDamaged(gen, check, f"{found} {what}, {expected} verwacht")


def check_manifest(gen: Path) -> Manifest:
    """The manifest parses into its record."""
    with _opens(gen, "manifest"):
        return Manifest.from_json((gen / MANIFEST).read_text(encoding="utf-8"))


def check_document(gen: Path, record: DocRecord, dim: int, generic: bool) -> StoredDoc:
    """Payload, sentence and question vectors and offset map of one document, against its record.

    Contextual-sentence and pseudo-question vectors are required when the index is `generic`
    (Manifest.generic); otherwise a document may hold them (kept from when it was) or not."""
    check = f"document {record.id}"
    with _opens(gen, check):
        payload, vectors = read_doc(gen, record.id)
        offsets = np.load(offsets_file(gen, record.id), mmap_mode="r")
        optional = lambda found, expected: (found, expected if generic or found else 0)
        counts = {"passages": (len(payload.passages), record.chunks),
                  "zinnen": (len(payload.sentences), record.sentences),
                  "lezersvragen": (len(payload.questions), record.questions),
                  "zinsvectoren": (len(vectors.sentences), record.sentences),
                  "contextvectoren": optional(len(vectors.contextual), record.sentences),
                  "vraagvectoren": (len(vectors.questions), record.questions),
                  "pseudovraagvectoren": optional(len(vectors.pseudo), len(payload.pseudo)),
                  "offsets": (len(offsets), len(payload.text) + 1)}
    _expect(gen, check, counts)
    for name, suffix in VECTOR_SUFFIXES.items():
        array = getattr(vectors, name)
        if array.ndim != 2 or (len(array) and array.shape[1] != dim):  # no rows: (0, 0) is written
            raise IndexDamaged(gen, check, f"{record.id}{suffix} heeft vorm {array.shape}, breedte {dim} verwacht")
    return StoredDoc(record, payload, vectors)


def check_register(gen: Path, manifest: Manifest) -> RegisterVectors:
    """The register and checklist vectors open and hold the manifest's rows, each as wide as the embedder."""
    with _opens(gen, "register"):
        vectors = read_register_vectors(gen)
    rec = manifest.register
    _expect(gen, "register", {"modelvectoren": (len(vectors.models), rec.models),
                              "checklisttitelvectoren": (len(vectors.titles), rec.checklists),
                              "checklistvectoren": (len(vectors.about), rec.checklists)})
    for name, file in REGISTER_FILES.items():
        array = getattr(vectors, name)
        if array.ndim != 2 or (len(array) and array.shape[1] != manifest.dim):
            raise IndexDamaged(gen, "register", f"{file} heeft vorm {array.shape}, breedte {manifest.dim} verwacht")
    return vectors


def check_adapter(gen: Path, manifest: Manifest) -> np.ndarray | None:
    """The query adapter the manifest names (trained on `manifest.adapter` pairs): square, as wide as the
    embedder; None when it names none."""
    if not manifest.adapter:
        return None
    with _opens(gen, "adapter"):
        W = np.load(gen / ADAPTER)
    if W.shape != (manifest.dim, manifest.dim):
        raise IndexDamaged(gen, "adapter", f"{ADAPTER} heeft vorm {W.shape}, {manifest.dim}x{manifest.dim} verwacht")
    return W


def check_vocabulary(gen: Path, manifest: Manifest) -> Vocabulary:
    """The corpus's words and their vectors: the manifest's number of each, as wide as the embedder."""
    with _opens(gen, "woordenlijst"):
        vocabulary = read_vocabulary(gen)
    _expect(gen, "woordenlijst", {"woorden": (len(vocabulary.words), manifest.vocabulary),
                                  "woordvectoren": (len(vocabulary.vectors), manifest.vocabulary)})
    if vocabulary.vectors.ndim != 2 or (len(vocabulary.vectors) and vocabulary.vectors.shape[1] != manifest.dim):
        raise IndexDamaged(gen, "woordenlijst", f"{VECTORS} heeft vorm {vocabulary.vectors.shape}, "
                                                f"breedte {manifest.dim} verwacht")
    return vocabulary


def write_adapter(gen: Path, W: np.ndarray | None) -> None:
    """Store the query adapter, or remove the one a copied generation carried."""
    if W is None:
        (gen / ADAPTER).unlink(missing_ok=True)
    else:
        np.save(gen / ADAPTER, W.astype(np.float32))


def check_lexical(gen: Path, chunk_ids: list[str]) -> "LexicalIndex":
    """The BM25 index opens and holds exactly the manifest's chunks, in the documents' order."""
    from index.lexical import LexicalIndex  # bm25s: not imported by `wijzer chat`'s first page

    with _opens(gen, "BM25-index"):
        lexical = LexicalIndex.load(gen / "bm25")
        counts = {"passages": (len(lexical.ids), len(chunk_ids)),
                  "BM25-documenten": (int(lexical.model.scores["num_docs"]), len(chunk_ids))}
    _expect(gen, "BM25-index", counts)
    if lexical.ids != chunk_ids:
        raise IndexDamaged(gen, "BM25-index", "andere passages dan de documenten")
    return lexical


def check_chroma(gen: Path, chunks: int, host: str | None, port: int | None):
    """The chunk collection opens and holds the manifest's number of chunks."""
    with _opens(gen, "chroma"):
        try:
            collection = open_collection(gen, host=host, port=port)
        except IndexUnavailable:
            if host:  # the server is down or lacks the collection: reported as before
                raise
            raise IndexDamaged(gen, "chroma", f"collectie {COLLECTION!r} ontbreekt") from None
        count = collection.count()
    _expect(gen, "chroma", {"passages": (count, chunks)})
    return collection


def open_generation(gen: Path, host: str | None = None, port: int | None = None) -> OpenGeneration:
    """Read a generation and check each store against its manifest; IndexDamaged names the first failure."""
    manifest = check_manifest(gen)
    docs = [check_document(gen, rec, manifest.dim, manifest.generic) for _, rec in sorted(manifest.documents.items())]
    chunk_ids = [p.id for d in docs for p in d.payload.passages]
    lexical = check_lexical(gen, chunk_ids)
    register = check_register(gen, manifest)
    vocabulary = check_vocabulary(gen, manifest)
    adapter = check_adapter(gen, manifest)
    collection = check_chroma(gen, len(chunk_ids), host, port)
    return OpenGeneration(gen, manifest, collection, lexical, docs, register, vocabulary, adapter)


def write_doc(gen: Path, doc_id: str, payload: DocPayload, vectors: DocVectors, raw_offsets: list[int]) -> None:
    """The per-document files; `raw_offsets` (cleaned position -> raw position) lets a quote be checked
    against the raw file later (assistant/verify.py)."""
    (gen / "docs" / f"{doc_id}.json").write_text(payload.to_json(), encoding="utf-8")
    write_vectors(gen, doc_id, vectors)
    wide = raw_offsets[-1] >= 2**31  # the last entry, len(raw), is the largest
    np.save(offsets_file(gen, doc_id), np.asarray(raw_offsets, dtype=np.int64 if wide else np.int32))


def has_generic_vectors(gen: Path, record: DocRecord) -> bool:
    """The document holds its contextual-sentence vectors, and so its pseudo-question vectors: ingest writes
    both or neither. Reads the array's header only."""
    return len(np.load(gen / "docs" / f"{record.id}{VECTOR_SUFFIXES['contextual']}", mmap_mode="r")) == record.sentences


def write_vectors(gen: Path, doc_id: str, vectors: DocVectors) -> None:
    for name, suffix in VECTOR_SUFFIXES.items():
        np.save(gen / "docs" / f"{doc_id}{suffix}", getattr(vectors, name).astype(np.float32))


def offsets_file(gen: Path, doc_id: str) -> Path:
    return gen / "docs" / f"{doc_id}.offsets.npy"


def read_payload(gen: Path, doc_id: str) -> DocPayload:
    return DocPayload.from_json((gen / "docs" / f"{doc_id}.json").read_text(encoding="utf-8"))


def read_doc(gen: Path, doc_id: str) -> tuple[DocPayload, DocVectors]:
    """Payload and vectors of one document."""
    vectors = {name: np.load(gen / "docs" / f"{doc_id}{suffix}") for name, suffix in VECTOR_SUFFIXES.items()}
    return read_payload(gen, doc_id), DocVectors(**vectors)


def remove_doc(gen: Path, doc_id: str) -> None:
    for suffix in (".json", *VECTOR_SUFFIXES.values(), ".offsets.npy"):
        (gen / "docs" / f"{doc_id}{suffix}").unlink(missing_ok=True)
