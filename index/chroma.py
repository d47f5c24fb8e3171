"""The chunk collection of a generation: embedded chromadb (PersistentClient) or a `chroma run` server."""
from __future__ import annotations

from pathlib import Path

from index.errors import IndexUnavailable

COLLECTION = "chunks"
SERVER_TIMEOUT = 3.0  # seconds to connect to a chroma server: a down server is reported, never waited on


def chroma_settings():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


def collection_name(gen_dir: Path) -> str:
    """Server-side name of a generation's collection; a work folder already carries its final name."""
    return f"{COLLECTION}-{gen_dir.name.removesuffix('.tmp')}"


def server_client(host: str, port: int | None):
    """A client for a `chroma run` server, after a heartbeat within SERVER_TIMEOUT; IndexUnavailable if down."""
    import chromadb
    import httpx

    port = int(port or 8000)
    try:
        httpx.get(f"http://{host}:{port}/api/v2/heartbeat", timeout=SERVER_TIMEOUT).raise_for_status()
        client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings())
    except (httpx.HTTPError, ValueError, ConnectionError) as exc:
        raise IndexUnavailable(
            f"de chroma-server op {host}:{port} is niet bereikbaar ({exc.__class__.__name__}): start hem met "
            f"`chroma run --host {host} --port {port}`, of laat chroma_host leeg voor de ingebouwde index") from exc
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is not None:  # chromadb's own client waits forever on a server that stops answering
        session.timeout = httpx.Timeout(60.0, connect=SERVER_TIMEOUT)
    return client


def open_collection(gen_dir: Path, create: bool = False, host: str | None = None, port: int | None = None):
    """The chunk collection of a generation: embedded (PersistentClient) or on a `chroma run` server."""
    import chromadb
    from chromadb.errors import NotFoundError

    if host:
        client = server_client(host, port)
        name = collection_name(gen_dir)
    else:
        path = str(gen_dir / "chroma")
        try:
            client = chromadb.PersistentClient(path=path, settings=chroma_settings())
        except Exception:
            # chromadb keeps a system whose start failed (a damaged chroma.sqlite3) cached under its path, and
            # every later client there fails with an AttributeError: forget it, so each open says why
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient._identifier_to_system.pop(path, None)
            raise
        name = COLLECTION
    if create:
        return client.get_or_create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
    try:
        return client.get_collection(name, embedding_function=None)
    except NotFoundError as exc:
        where = f"de chroma-server op {host}:{port or 8000}" if host else str(gen_dir)
        raise IndexUnavailable(f"collectie {name!r} ontbreekt in {where}: voer `wijzer ingest` opnieuw uit") from exc
