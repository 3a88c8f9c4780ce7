"""How executed notebooks become pages: HTML and PDF export (``export``), the index
(``index``), a sweep's comparison page (``comparison``) and the Jinja templates
(``templating``, templates/)."""
