#!/usr/bin/env python3
"""CER of `ctg extract` on corpus PDFs against the source text dumps.

Reference: the text dump read by `ctg extract --text` itself (HTML fragments parsed, furniture such as
prefecture stamps dropped), then `*` markup removed and `^{x}` / `^x` reduced to x. Hypothesis: the body
lines of the PDF (`ctg extract --text`, furniture dropped). Both NFKC, typographic quotes to ASCII,
whitespace runs folded to one space. CER = Levenshtein / reference length (rapidfuzz).
WER-bag = share of reference words (multiset) missing from the hypothesis (ignores reading order).

With --normalised, the hypothesis is the text as `ctg ingest` normalises it (`ctg extract --text --normalise`).

usage: pdf_cer.py [--ctg .build/debug/ctg] [--corpus /work/shared/corpus] [--kind digital|scanned|mixed] [--jobs N] [--normalised]
"""
import argparse, collections, glob, os, re, subprocess, sys, time, unicodedata

from rapidfuzz.distance import Levenshtein


def fold(s):
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(s.split())


def unmark(s):
    s = re.sub(r"\^\{([^}]*)\}", r"\1", s)
    s = re.sub(r"\^(\w+)", r"\1", s)
    return s.replace("*", "")


def ctg_text(ctg, path, extra=()):
    r = subprocess.run([ctg, "extract", "--text", *extra, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit("ctg extract failed on %s: %s" % (path, r.stderr.decode()))
    return r.stdout.decode("utf-8")


def scores(ref, hyp):
    cer = Levenshtein.distance(ref, hyp) / max(1, len(ref))
    rw, hw = collections.Counter(ref.split()), collections.Counter(hyp.split())
    missing = sum((rw - hw).values())
    return cer, missing / max(1, sum(rw.values()))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ctg", default=".build/debug/ctg")
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--kind", default="digital")
    ap.add_argument("--jobs", default=None)
    ap.add_argument("--normalised", action="store_true", help="normalise the PDF text as ctg ingest does")
    a = ap.parse_args()
    extra = (["--jobs", a.jobs] if a.jobs else []) + (["--normalise"] if a.normalised else [])
    pdfs = sorted(glob.glob(os.path.join(a.corpus, "pdf", a.kind, "*.pdf")))
    tot_e = tot_n = 0
    print("%-28s %8s %8s %9s %7s" % ("pdf", "refchars", "CER", "WER-bag", "secs"))
    for pdf in pdfs:
        seed = os.path.basename(pdf)[:3]
        txt = glob.glob(os.path.join(a.corpus, "txt", seed + "_*.txt"))[0]
        ref = fold(unmark(ctg_text(a.ctg, txt)))
        t = time.time()
        hyp = fold(unmark(ctg_text(a.ctg, pdf, extra)))
        dt = time.time() - t
        cer, bag = scores(ref, hyp)
        tot_e += cer * len(ref); tot_n += len(ref)
        print("%-28s %8d %7.2f%% %8.2f%% %7.1f" % (os.path.basename(pdf), len(ref), cer * 100, bag * 100, dt))
    print("%-28s %8d %7.2f%%" % ("ALL", tot_n, 100 * tot_e / max(1, tot_n)))


if __name__ == "__main__":
    main()
