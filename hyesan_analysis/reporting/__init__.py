"""Parameter schemas, execution, export, cache, manifests and the index.

Imports here stay light (no pandas, papermill or nbconvert at import time) so that the CLI
answers ``list``, ``--help`` and an up-to-date rebuild in well under a second.
"""
