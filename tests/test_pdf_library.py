"""WeasyPrint's import: its libraries found from the loader's cache, no compiler run."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys
import textwrap

import pytest

from hyesan_analysis.reporting.rendering import pdf_library

CACHE = b"""1234 libs found in cache `/etc/ld.so.cache'
\tlibpango-1.0.so.0 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libpango-1.0.so.0
\tlibpango-1.0.so.0 (libc6) => /usr/lib/i386-linux-gnu/libpango-1.0.so.0
\tlibharfbuzz.so.0 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libharfbuzz.so.0
"""


def test_the_cached_lookup_answers_as_ctypes_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_library.os, "uname", lambda: type("U", (), {"machine": "x86_64"}))
    find = pdf_library.cached_lookup(CACHE)
    assert find("pango-1.0") == "libpango-1.0.so.0"
    assert find("harfbuzz") == "libharfbuzz.so.0"
    # names that are no library, as WeasyPrint tries them: no answer, and no compiler run
    assert find("libpango-1.0-0") is None
    assert find("pango-1.0-0") is None
    assert find("harfbuzz-subset") is None  # not "harfbuzz" with a suffix


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig is Linux's")
def test_the_lookup_agrees_with_ctypes_on_this_machine() -> None:
    find = pdf_library.cached_lookup(pdf_library.loader_cache())
    for name in ("c", "m", "fontconfig", "pango-1.0", "no-such-library-here"):
        assert find(name) == ctypes.util.find_library(name), name


def test_find_library_is_restored_after_the_import() -> None:
    original = ctypes.util.find_library
    with pdf_library._quick_find_library():
        pass
    assert ctypes.util.find_library is original


def test_imports_in_two_threads_leave_the_standard_lookup_in_place() -> None:
    pytest.importorskip("weasyprint")
    out = _in_new_process(
        """
        import ctypes.util, threading
        from hyesan_analysis.reporting.rendering.pdf_library import import_weasyprint
        original = ctypes.util.find_library
        threads = [threading.Thread(target=import_weasyprint) for _ in range(3)]
        for t in threads: t.start()
        for t in threads: t.join()
        import weasyprint.text.ffi
        print(ctypes.util.find_library is original)
        """
    )
    assert out == "True"


def _in_new_process(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig is Linux's")
def test_weasyprint_imports_with_one_lookup_process_and_its_libraries() -> None:
    pytest.importorskip("weasyprint")
    out = _in_new_process(
        """
        import sys
        started = []
        sys.addaudithook(lambda e, a: started.append(a[0]) if e == "subprocess.Popen" else 0)
        from hyesan_analysis.reporting.rendering.pdf_library import import_weasyprint
        import_weasyprint()
        from weasyprint.text import ffi
        print(len(started), ffi.pango is not None, ffi.harfbuzz_subset is not None)
        """
    )
    plain = _in_new_process("import weasyprint.text.ffi as f; print(f.harfbuzz_subset is not None)")
    processes, pango, subset = out.split()
    assert int(processes) == 1  # ldconfig once, where plain cffi runs gcc per failed name
    assert pango == "True"
    assert subset == plain  # HarfBuzz's subsetter found exactly when WeasyPrint finds it


def test_a_library_outside_the_cache_falls_back_to_the_standard_lookup() -> None:
    pytest.importorskip("weasyprint")
    out = _in_new_process(
        """
        from hyesan_analysis.reporting.rendering import pdf_library
        pdf_library.cached_lookup = lambda cache: (lambda name: None)  # finds nothing
        pdf_library.import_weasyprint()
        from weasyprint.text import ffi
        print(ffi.pango is not None)
        """
    )
    assert out == "True"  # and nothing else printed: no advice about missing libraries


def test_the_quick_lookup_is_used_only_where_the_cache_lists_what_weasyprint_needs() -> None:
    original = ctypes.util.find_library
    with pdf_library._quick_find_library() as quick:
        assert quick == all(
            pdf_library.cached_lookup(pdf_library.loader_cache())(n) for n in pdf_library.NEEDED
        )
        assert (ctypes.util.find_library is not original) == quick
