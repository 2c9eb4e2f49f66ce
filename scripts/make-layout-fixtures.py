#!/usr/bin/env python3
"""Writes the synthetic PDF fixtures of layouts that the corpus lacks (pip install pikepdf):

- borderless-fiche.pdf: a fiche-action laid out as a table without rulings (labels in a bold column, values in a
  second column, some values on two lines), with a line step of 1.2 font sizes and a gap between rows;
- borderless-fiche-tight.pdf: the same without a gap between rows, where poppler reads the label column, then the
  value column;
- two-columns-wide-spacing.pdf: two columns of running text side by side with a line step of 1.55 font sizes, where
  poppler puts each line of the left column and the line beside it in the right column on one line of its text;
- two-columns.pdf: the same with a line step of 1.2 font sizes, which poppler reads column by column;
- two-columns-prose.pdf: two columns of running prose (lines going on in lower case), read column by column: not
  a table row whose first cell wraps;
- three-columns-prose.pdf: three columns of running prose side by side, their lines on common baselines: not a
  table without rulings read column by column (one line only opens a sentence in every column);
- signatures-centred.pdf: two signature blocks side by side, each line centred;
- borderless-plan.pdf, borderless-plan-spaced.pdf: a three-column table without rulings with empty cells, rows 1.3
  and 2 font sizes apart;
- borderless-wrapped-labels.pdf: a fiche table without rulings whose labels wrap onto a second line beside the
  value's second line.

Usage: scripts/make-layout-fixtures.py  (writes into Tests/CTGExtractTests/Fixtures, and the fiche also into
Tests/CTGSegmentTests/Fixtures)
"""
import os
import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def pdf_string(text):
    out = []
    for b in text.encode("cp1252"):
        c = chr(b)
        out.append("\\%03o" % b if b > 126 or c in "()\\" else c)
    return "(" + "".join(out) + ")"


def page_pdf(ops):
    pdf = pikepdf.new()
    def font(base):
        return pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name(base), Encoding=Name.WinAnsiEncoding))
    resources = Dictionary(Font=Dictionary(F1=font("/Helvetica"), F2=font("/Helvetica-Bold")))
    content = Stream(pdf, "\n".join(ops).encode("ascii"))
    pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]), Contents=content, Resources=resources)))
    return pdf


def text(font, size, x, y, s):
    return "BT /%s %d Tf %d %d Td %s Tj ET" % (font, size, x, y, pdf_string(s))


def borderless_fiche(row_gap=10):
    rows = [("Fiche action 3", ["Développer l'accueil des jeunes enfants"]),
            ("Pilote", ["Communauté de communes"]),
            ("Partenaires", ["Caf, Département, PMI,", "associations locales"]),
            ("Public", ["Familles avec enfants de moins de 3 ans"]),
            ("Calendrier", ["2023 - 2026"]),
            ("Indicateurs", ["Nombre de places créées", "Taux d'occupation"])]
    ops, y = [], 760
    for label, values in rows:
        ops.append(text("F2", 10, 60, y, label))
        for k, v in enumerate(values):
            ops.append(text("F1", 10, 200, y - 12 * k, v))
        y -= 12 * len(values) + row_gap
    return page_pdf(ops)


def borderless_wrapped_labels():
    rows = [(["Pilote"], ["Communauté de communes, service petite enfance"]),
            (["Acteur(s)/ Partenaire(s)", "associé(s)"], ["Caf, Département, PMI, centres sociaux, associations de",
                                                          "parents, écoles et communes du territoire"]),
            (["Indicateurs", "d'évaluation"], ["Nombre de places créées chaque année sur le territoire intercommunal"]),
            (["Calendrier"], ["2023 - 2026"])]
    ops, y = [], 760
    for labels, values in rows:
        for k, label in enumerate(labels):
            ops.append(text("F2", 10, 60, y - 11 * k, label))
        for k, v in enumerate(values):
            ops.append(text("F1", 10, 200, y - 11 * k, v))
        y -= 11 * max(len(labels), len(values)) + 6
    return page_pdf(ops)


def two_columns(step=14):
    ops = []
    for i in range(1, 21):
        y = 780 - (i - 1) * step
        ops.append(text("F1", 9, 50, y, "Gauche ligne %02d du premier paragraphe sur la petite enfance" % i))
        ops.append(text("F1", 9, 310, y, "Droite ligne %02d du second paragraphe sur la jeunesse" % i))
    return page_pdf(ops)


def two_columns_prose():
    left = ["La Caisse d'allocations familiales et la", "communauté de communes conviennent de", "renforcer leur partenariat en faveur des",
            "familles du territoire et de coordonner", "leurs interventions dans le temps."]
    right = ["Les signataires s'engagent à mobiliser", "les moyens nécessaires à la mise en", "œuvre des actions retenues dans le",
             "plan d'actions annexé à la présente", "convention territoriale globale."]
    ops = []
    for k, (l, r) in enumerate(zip(left, right)):
        ops.append(text("F1", 10, 50, 700 - 12 * k, l))
        ops.append(text("F1", 10, 310, 700 - 12 * k, r))
    return page_pdf(ops)


def three_columns_prose():
    cols = [["La Caisse d'allocations familiales", "et la communauté de communes", "conviennent de renforcer leur", "partenariat en faveur des familles",
             "du territoire et de coordonner", "leurs interventions dans le temps", "de la présente convention."],
            ["Les signataires s'engagent à", "mobiliser les moyens nécessaires", "à la mise en œuvre des actions", "retenues dans le plan d'actions",
             "annexé à la présente convention", "et à en suivre la réalisation", "chaque année en comité."],
            ["Le comité de pilotage réunit", "les élus et les techniciens des", "deux institutions au moins une", "fois par an pour évaluer les",
             "actions engagées et proposer", "les ajustements nécessaires", "au plan d'actions."]]
    ops = []
    for x, col in zip((50, 230, 410), cols):
        for k, line in enumerate(col):
            ops.append(text("F1", 9, x, 700 - 11 * k, line))
    return page_pdf(ops)


def borderless_plan(step=13):
    rows = [("Axe", "Action", "Pilote"),
            ("Axe 1", "Développer l'accueil du jeune enfant", "Caf"),
            ("", "Soutenir les assistants maternels", "RPE"),
            ("Axe 2", "Accompagner les parents", ""),
            ("Axe 3", "Favoriser l'engagement des jeunes", "Commune")]
    ops, y = [], 780
    for k, row in enumerate(rows):
        for x, cell in zip((50, 120, 400), row):
            if cell:
                ops.append(text("F2" if k == 0 else "F1", 10, x, y, cell))
        y -= step
    return page_pdf(ops)


def centred_signatures():
    ops = []
    for centre, lines in [(150, ["Pour la Caisse d'allocations familiales", "Le Directeur", "Jean Dupont"]),
                          (420, ["Pour la Communauté de communes", "Le Président", "Marie Durand"])]:
        for k, line in enumerate(lines):
            width = 0.5 * 10 * len(line)  # Helvetica averages about half an em per character
            ops.append(text("F1", 10, int(centre - width / 2), 300 - 12 * k, line))
    return page_pdf(ops)


EXTRACT, SEGMENT = "Tests/CTGExtractTests/Fixtures", "Tests/CTGSegmentTests/Fixtures"
for name, make, targets in [("borderless-fiche.pdf", borderless_fiche, [EXTRACT, SEGMENT]),
                            ("borderless-fiche-tight.pdf", lambda: borderless_fiche(row_gap=0), [EXTRACT, SEGMENT]),
                            ("two-columns-wide-spacing.pdf", two_columns, [EXTRACT]),
                            ("two-columns.pdf", lambda: two_columns(step=11), [EXTRACT]),
                            ("two-columns-prose.pdf", two_columns_prose, [EXTRACT]),
                            ("three-columns-prose.pdf", three_columns_prose, [EXTRACT]),
                            ("signatures-centred.pdf", centred_signatures, [EXTRACT]),
                            ("borderless-plan.pdf", borderless_plan, [EXTRACT]),
                            ("borderless-wrapped-labels.pdf", borderless_wrapped_labels, [EXTRACT]),
                            ("borderless-plan-spaced.pdf", lambda: borderless_plan(step=20), [EXTRACT])]:
    for target in targets:
        make().save(os.path.join(ROOT, target, name), deterministic_id=True)
