#!/usr/bin/env python3
"""Prints the corpus's own HTML (CORPUS_DIR/pdf/digital/html) with its table rules drawn thin and light grey instead
of 0.75 pt #333 (a common table style: Word's light grid, #BFBFBF; lighter still, #D9D9D9), with the corpus
generator's own Chromium printing (CORPUS_DIR/tools/txt2html.py). The rules' anti-aliased pixels are then lighter
than the grey level the ruling finder takes for ink on dark rules.
Usage: grey_rules.py CORPUS_DIR COLOUR WIDTH OUT_DIR   (e.g. bfbfbf 0.5pt). Used by scripts/bench-variants.
"""
import importlib.util
import sys
import tempfile
from pathlib import Path

corpus, colour, width, out = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
spec = importlib.util.spec_from_file_location("txt2html", corpus / "tools" / "txt2html.py")
t2h = importlib.util.module_from_spec(spec)
spec.loader.exec_module(t2h)
browser = t2h.find_chromium()
if not browser:
    raise SystemExit("chromium not found")
RULE = "table.t td { border: 0.75pt solid #333;"
out.mkdir(parents=True, exist_ok=True)
with tempfile.TemporaryDirectory(prefix="grey-rules.") as tmp:
    for html in sorted((corpus / "pdf" / "digital" / "html").glob("*.html")):
        text = html.read_text(encoding="utf-8")
        if RULE not in text:
            raise SystemExit("%s: table rule style not found (the corpus generator changed?)" % html.name)
        page = Path(tmp) / html.name
        page.write_text(text.replace(RULE, "table.t td { border: %s solid #%s;" % (width, colour)), encoding="utf-8")
        t2h.print_pdf(page, out / (html.stem + ".pdf"), browser)
