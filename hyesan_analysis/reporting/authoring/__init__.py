"""What a report's author uses: parameter schemas, the registry, the notebook helpers (``rn``),
scenarios and the results format.

Imports stay light (no pandas, papermill or nbconvert) so that ``list``, ``--help`` and an
up-to-date rebuild answer in well under a second.
"""
