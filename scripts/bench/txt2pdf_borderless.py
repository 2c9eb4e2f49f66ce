#!/usr/bin/env python3
"""Renders a text dump of the corpus as a PDF whose tables have no rulings (pip install pikepdf).

Lines with tabs become table rows: cells side by side at fixed column positions (two columns: a 140 pt label
column; more: a 100 pt first column and equal others, in a smaller font), each cell wrapped in its column, rows
4 pt apart; other lines become paragraphs wrapped to the page width. Markup (`**`, HTML) is dropped, lists keep one
item per line. Usage: txt2pdf_borderless.py DUMP.txt OUT.pdf. Used by scripts/bench-borderless.
"""
import sys, re, html, unicodedata
import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

SIZE, LEAD, LEFT, RIGHT, TOP, BOTTOM = 9, 11, 50, 545, 800, 50

def enc(s):
    out = []
    for ch in s:
        try:
            b = ch.encode("cp1252")
        except UnicodeEncodeError:
            b = b"-"
        for x in b:
            c = chr(x)
            out.append("\\%03o" % x if x > 126 or c in "()\\" else c)
    return "(" + "".join(out) + ")"

def clean(cell):
    cell = cell.replace("**", "")
    cell = re.sub(r"(?i)<br\s*/?>|</p>|</li>|<li>", "\n", cell)
    cell = re.sub(r"<[^>]+>", "", cell)
    return html.unescape(cell)

# Helvetica advance widths (1/1000 em, from its AFM), by character; an accented letter takes its base letter's.
HELV = dict(zip(" !\"#$%&'()*+,-./0123456789:;<=>?@", [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
                + [556] * 10 + [278, 278, 584, 584, 584, 556, 1015]))
HELV.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
                                              667, 611, 722, 667, 944, 667, 667, 611]))
HELV.update(zip("abcdefghijklmnopqrstuvwxyz", [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
                                              500, 278, 556, 500, 722, 500, 500, 500]))
HELV.update({"[": 278, "\\": 278, "]": 278, "^": 469, "_": 556, "`": 333, "{": 334, "|": 260, "}": 334, "~": 584, "’": 222, "œ": 944,
             "€": 556, "«": 556, "»": 556, "°": 400, "•": 350, "–": 556, "—": 1000})

def width(s, size):
    total = 0
    for ch in s:
        w = HELV.get(ch)
        if w is None:
            base = unicodedata.normalize("NFD", ch)[0]
            w = HELV.get(base, 556)
        total += w
    return total * size / 1000

def wrap(text, w, size=None):
    """Greedy wrapping by Helvetica widths; a word wider than the column is broken where it fills the line, as a
    word processor breaks it (text never runs into the next column)."""
    size = size or SIZE
    out = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            while width(word, size) > w:
                k = len(word) - 1
                while k > 1 and width(word[:k], size) > w:
                    k -= 1
                if line:
                    out.append(line); line = ""
                out.append(word[:k]); word = word[k:]
            cand = word if not line else line + " " + word
            if width(cand, size) <= w:
                line = cand
            else:
                out.append(line); line = word
        if line:
            out.append(line)
    return out

pdf = pikepdf.new()
fonts = Dictionary(F1=pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/Helvetica"), Encoding=Name.WinAnsiEncoding)))
pages, ops, y = [], [], TOP
def new_page():
    global ops, y
    if ops: pages.append(ops)
    ops, y = [], TOP
def draw(x, yy, s, size=SIZE):
    ops.append("BT /F1 %.1f Tf %.1f %.1f Td %s Tj ET" % (size, x, yy, enc(s)))

for raw in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if "\t" in raw:
        cells = [clean(c) for c in raw.split("\t")]
        n = len(cells)
        if n == 2: xs, ws = [LEFT, 200], [140, RIGHT - 200]
        else:
            first = 100; rest = (RIGHT - LEFT - first) / (n - 1)
            xs = [LEFT] + [LEFT + first + k * rest for k in range(n - 1)]; ws = [first - 6] + [rest - 6] * (n - 1)
        size = SIZE if n <= 3 else 6.5
        lead = size + 2
        lines = [wrap(c, w - 6, size) for c, w in zip(cells, ws)]
        h = max(1, max(len(l) for l in lines)) * lead
        if y - h < BOTTOM: new_page()
        for x, ls in zip(xs, lines):
            for k, l in enumerate(ls): draw(x, y - k * lead, l, size)
        y -= h + 4
    else:
        text = clean(raw)
        if not text.strip():
            y -= 6; continue
        for l in wrap(text, RIGHT - LEFT):
            if y < BOTTOM: new_page()
            draw(LEFT, y, l); y -= LEAD
new_page()
for p in pages:
    pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]),
                     Contents=Stream(pdf, "\n".join(p).encode("ascii")), Resources=Dictionary(Font=fonts))))
pdf.save(sys.argv[2])
print(len(pages), "pages")
