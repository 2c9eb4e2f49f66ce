#!/usr/bin/env python3
"""Writes the corpus PDFs of one kind (digital, the default, or scanned) with /Rotate DEGREES added to every page:
text that runs sideways (90, 270) or upside down (180) as displayed, as a landscape page printed sideways on portrait
paper shows, or a page scanned the wrong way round.
Usage: turned_pdfs.py CORPUS_DIR DEGREES OUT_DIR [digital|scanned]   (needs pikepdf). Used by scripts/bench-variants.
"""
import glob, os, sys

import pikepdf

corpus, degrees, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
kind = sys.argv[4] if len(sys.argv) > 4 else "digital"
os.makedirs(out, exist_ok=True)
for f in sorted(glob.glob(os.path.join(corpus, "pdf", kind, "*.pdf"))):
    with pikepdf.open(f) as pdf:
        for page in pdf.pages:
            page.Rotate = (int(page.get("/Rotate", 0)) + degrees) % 360
        pdf.save(os.path.join(out, os.path.basename(f)))
