"""WeasyPrint, imported without compiling anything.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi under several names each
("libpango-1.0-0", "pango-1.0-0", "pango-1.0", ...). For every name that is not a file,
cffi asks ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and then gcc
and ld to link a test program: about 14 failing names, 0.3 s of the import and as many
compiler processes on a busy core, in every process that makes a PDF. Here the lookup
answers from one ``ldconfig -p`` read for the duration of the import, where that cache
lists every library WeasyPrint needs; elsewhere the standard lookup is used, so nothing
is lost where the cache is incomplete.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from types import ModuleType

# as ctypes.util._findSoname_ldconfig matches an entry of `ldconfig -p` ("libc6" is a
# prefix of every other ABI's tag)
_ABI = {"x86_64": "libc6,x86-64"}
# the libraries WeasyPrint cannot do without, by a name of each that find_library resolves
NEEDED = ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0")
_IMPORTING = threading.Lock()


def loader_cache() -> bytes:
    """The output of ``ldconfig -p`` (the dynamic loader's cache), empty if unavailable."""
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            return subprocess.run(
                [ldconfig, "-p"],
                capture_output=True,
                check=False,
                env={"LC_ALL": "C", "LANG": "C"},
                timeout=10,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
    return b""


def cached_lookup(cache: bytes) -> Callable[[str], str | None]:
    """A ``find_library`` that answers from ``cache`` (``loader_cache``'s text) alone: the
    soname of ``lib<name>.so...`` for this machine's ABI, or None."""
    abi = _ABI.get(os.uname().machine, "libc6")

    def find_library(name: str) -> str | None:
        pattern = rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name).encode(), abi.encode())
        found = re.search(pattern, cache)
        return os.fsdecode(found.group(1)) if found else None

    return find_library


@contextlib.contextmanager
def _quick_find_library() -> Iterator[bool]:
    """Within: ``ctypes.util.find_library`` answers from the loader's cache (yields True),
    or is left as it is where there is no such cache (yields False)."""
    import ctypes.util

    cache = loader_cache() if sys.platform.startswith("linux") else b""
    find = cached_lookup(cache)
    # only where the cache lists every library WeasyPrint needs: else its import would fail
    # once and print its advice first (to stdout, where a progress line may be showing)
    if not all(find(name) for name in NEEDED):
        yield False
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = find  # type: ignore[assignment]
    try:
        yield True
    finally:
        ctypes.util.find_library = original


def import_weasyprint() -> ModuleType:
    """``import weasyprint``, with its libraries found from the loader's cache."""
    # one import at a time: two overlapping patches could restore each other's lookup
    with _IMPORTING:
        return _import_weasyprint()


def _import_weasyprint() -> ModuleType:
    if "weasyprint" in sys.modules:  # imported: no lookup at all
        return sys.modules["weasyprint"]
    with _quick_find_library():
        import weasyprint
    return weasyprint
