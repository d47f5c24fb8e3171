"""The one `Assistant` of the running app, shared by every session.

Loaded in a background thread once the first page is up (or by the first action that needs it), replaced
after an upload, and after a `wijzer ingest` run elsewhere switched the index to a new generation
(`follow_index`).
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from assistant.settings import Settings
from assistant.texts import ui

log = logging.getLogger(__name__)


class IndexLoadError(RuntimeError):
    """The index could not be loaded; the message is the user's."""


class AppContext:
    def __init__(self, factory: Callable[[], object], settings: Settings):
        self.factory, self.settings = factory, settings
        self._assistant = None
        self._quickscan = None
        self._error: BaseException | None = None
        self._ready = threading.Event()
        self.write_lock = threading.Lock()
        self._started = threading.Lock()
        self._thread: threading.Thread | None = None
        self._reloading = threading.Lock()
        self._skipped: str | None = None  # a generation that failed to load: not tried again

    def start(self) -> None:
        with self._started:
            if self._thread is None:
                self._thread = threading.Thread(target=self._load, daemon=True, name="assistant-load")
                self._thread.start()

    def _load(self) -> None:
        try:
            self.replace(self.factory())
        except BaseException as exc:  # shown to the user on the first action
            self._error = exc
        finally:
            self._ready.set()

    @property
    def assistant(self):
        self.start()
        self._ready.wait()
        if self._assistant is None:
            raise IndexLoadError(ui()["index_error"].format(error=self._error))
        self.follow_index()
        return self._assistant

    def follow_index(self) -> None:
        """If the index's current generation is another than the one served (or the damaged one it stands
        in for), load that one in the background and serve it once loaded; until then (and if it fails to
        load) the old one serves."""
        from index.generations import IndexStore

        served = self._assistant.index
        current = IndexStore(served.root).current()
        if current is None:
            return
        name = current.name
        if name in (served.generation, served.passed_over, self._skipped) or self.write_lock.locked() \
                or not self._reloading.acquire(blocking=False):
            return
        threading.Thread(target=self._reload, args=(name,), daemon=True, name="assistant-reload").start()

    def _reload(self, name: str) -> None:
        try:
            fresh = self.factory()
            with self.write_lock:
                self.replace(fresh)
        except Exception as exc:  # noqa: BLE001 - the loaded generation keeps serving
            self._skipped = name
            log.warning("index generation %s not loaded, the served one stays: %s", name, exc)
        finally:
            self._reloading.release()

    def indexed(self) -> dict:
        """The documents of the served index, by id (for interfaces/corpus.py)."""
        return self.assistant.index.docs

    @property
    def quickscan(self):
        from features.quickscan import QuickScan

        a = self.assistant
        if self._quickscan is None or self._quickscan.assistant is not a:
            self._quickscan = QuickScan(a)
        return self._quickscan

    def replace(self, assistant) -> None:
        self._assistant, self._quickscan = assistant, None
        if assistant.index.notice:  # a damaged current generation was passed over for the previous one
            log.warning(assistant.index.notice)

    def notice(self) -> str:
        """What the page says above the tabs once the index is loaded: the damaged generation that was passed
        over, or why no index could be loaded; empty when the current generation serves."""
        try:
            return self.assistant.index.notice
        except IndexLoadError as exc:
            return str(exc)
