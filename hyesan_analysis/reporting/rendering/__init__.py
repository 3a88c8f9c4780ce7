"""How executed notebooks become pages: HTML and PDF export, the index and the templates."""
