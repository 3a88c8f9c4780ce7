"""Reporting, by audience: ``authoring`` (what a notebook and a spec use), ``engine`` (running,
caching, scheduling, publishing) and ``rendering`` (HTML, PDF, index).

Imports here stay light (no pandas, papermill or nbconvert at import time) so that the CLI
answers ``list``, ``--help`` and an up-to-date rebuild in well under a second.
"""
