#!/usr/bin/env python3
"""Prints the corpus text dumps as digital PDFs in other page layouts than the corpus's own, with the corpus's own
generator (../shared/corpus/tools/txt2html.py, headless Chromium): the same documents with other fonts, sizes and
orientations wrap, break pages and anti-alias rulings elsewhere. Usage: pdf_variants.py CORPUS_DIR VARIANT OUT_DIR
VARIANT: serif (Liberation Serif 11.5 pt, portrait, justified), dejavu (DejaVu Sans 9.5 pt, landscape) or large
(Liberation Sans 13 pt, tables 11 pt, portrait: more wrapping, more page breaks).
Used by scripts/bench-variants.
"""
import importlib.util
import sys
from pathlib import Path

VARIANTS = {
    "serif": dict(font="'Liberation Serif', serif", size="11.5pt", table_size="9.5pt", landscape=False, justify=True),
    "dejavu": dict(font="'DejaVu Sans', sans-serif", size="9.5pt", table_size="8pt", landscape=True, justify=False),
    "large": dict(font="'Liberation Sans', sans-serif", size="13pt", table_size="11pt", landscape=False, justify=False),
}

corpus, variant, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
spec = importlib.util.spec_from_file_location("txt2html", corpus / "tools" / "txt2html.py")
t2h = importlib.util.module_from_spec(spec)
spec.loader.exec_module(t2h)
out.mkdir(parents=True, exist_ok=True)
t2h.PDF_DIR, t2h.HTML_DIR = out, out / "html"
t2h.ROOT = Path("/")  # the generator prints its outputs relative to this
for profile in list(t2h.PROFILES.values()) + [t2h.DEFAULT]:
    profile.update(VARIANTS[variant])
sys.argv = ["txt2html.py", "--pdf"]
t2h.main()
