"""How executed notebooks become pages: HTML and PDF export (``export``), the index
grouped by world (``index``), a sweep's comparison page (``comparison``: one report, or
every report of a world sweep) and the Jinja templates
(``templating``, templates/)."""
