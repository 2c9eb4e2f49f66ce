#!/usr/bin/env python3
"""How many text-dump lines does `ctg extract` reproduce exactly as one PDF line?

For each seed: reference = body lines of the text dump that are not table rows (`ctg extract --json`),
hypothesis = body lines of the digital PDF that are not table rows. Both folded (NFKC, `*` / `^{x}` markup
removed, typographic quotes to ASCII, whitespace runs to one space). A reference line counts as reproduced
when an equal PDF line is left in the multiset of PDF lines. Also reported: the number of PDF lines
(fewer is closer to the dump when paragraphs are rebuilt) and how many of them equal no dump line.

usage: pdf_lines_vs_txt.py [--ctg .build/debug/ctg] [--corpus /work/shared/corpus] [--show-missing N]
"""
import argparse, collections, glob, json, os, re, subprocess, sys, unicodedata


def fold(s):
    s = re.sub(r"\^\{([^}]*)\}", r"\1", s)
    s = re.sub(r"\^(\w+)", r"\1", s)
    s = s.replace("*", "")
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(s.split())


def body_lines(ctg, path):
    r = subprocess.run([ctg, "extract", "--json", "--no-ocr", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit("ctg extract failed on %s: %s" % (path, r.stderr.decode()))
    doc = json.loads(r.stdout)
    out = []
    for p in doc["pages"]:
        for l in p["lines"]:
            if l.get("role", "body") != "body" or l.get("cells") is not None:
                continue
            t = fold(l["text"])
            if t:
                out.append(t)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ctg", default=".build/debug/ctg")
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--show-missing", type=int, default=0)
    a = ap.parse_args()
    print("%-28s %8s %8s %7s %9s %9s" % ("pdf", "txtlines", "exact", "share", "pdflines", "pdf-extra"))
    te = tn = 0
    for pdf in sorted(glob.glob(os.path.join(a.corpus, "pdf", "digital", "*.pdf"))):
        seed = os.path.basename(pdf)[:3]
        txt = glob.glob(os.path.join(a.corpus, "txt", seed + "_*.txt"))[0]
        ref, hyp = body_lines(a.ctg, txt), body_lines(a.ctg, pdf)
        pool = collections.Counter(hyp)
        exact, missing = 0, []
        for l in ref:
            if pool[l] > 0:
                pool[l] -= 1; exact += 1
            else:
                missing.append(l)
        extra = sum(pool.values())
        te += exact; tn += len(ref)
        print("%-28s %8d %8d %6.1f%% %9d %9d" % (os.path.basename(pdf), len(ref), exact,
                                                 100 * exact / max(1, len(ref)), len(hyp), extra))
        for l in missing[:a.show_missing]:
            print("    missing: " + l[:160])
    print("%-28s %8d %8d %6.1f%%" % ("ALL", tn, te, 100 * te / max(1, tn)))


if __name__ == "__main__":
    main()
