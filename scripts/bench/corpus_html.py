#!/usr/bin/env python3
"""Writes the corpus text dumps as HTML documents with the corpus's own generator (../shared/corpus/tools/txt2html.py,
no printing): tables from the tab-separated rows, headings, lists, paragraphs. Each goes to OUT_DIR/<stem>.html, the
HTML input the end-to-end test `htmlDumpScoresAsItsTabDump` and scripts/bench-variants read.
Usage: corpus_html.py CORPUS_DIR OUT_DIR
"""
import contextlib
import importlib.util
import io
import sys
from pathlib import Path

corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
spec = importlib.util.spec_from_file_location("txt2html", corpus / "tools" / "txt2html.py")
t2h = importlib.util.module_from_spec(spec)
spec.loader.exec_module(t2h)
out.mkdir(parents=True, exist_ok=True)
t2h.PDF_DIR, t2h.HTML_DIR = out / "pdf", out
t2h.ROOT = Path("/")  # the generator prints its outputs relative to this
sys.argv = ["txt2html.py"]
with contextlib.redirect_stdout(io.StringIO()):
    t2h.main()
