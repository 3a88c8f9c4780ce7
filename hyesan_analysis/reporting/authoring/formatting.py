"""Words and numbers for report text: the small formatting helpers notebooks share.

A notebook defines no functions of its own; text helpers used by its narrative live here
(formulas belong in ``hyesan_analysis.model``, plotting in ``hyesan_analysis.viz``).
"""

from __future__ import annotations
