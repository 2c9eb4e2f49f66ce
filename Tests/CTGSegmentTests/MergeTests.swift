import CTGModel
import Testing
@testable import CTGSegment

/// Two readings of one action (a detailed fiche table and a numbered summary) merged into one fiche: the kept
/// reading only gets what it lacks, except the thématique when it takes the other reading's axe.
struct MergeTests {
    /// The detailed reading: no axe found, a thématique read from the objectif line above its title.
    func detailed(label: Bool = false, axe: String? = nil) -> Fiche {
        var f = Fiche(key: "", number: "2-2-1", title: "Proposer des espaces temps pour les 16/25 ans", layout: "fiche-tables")
        f.thematique = .jeunesse
        f.axe = axe
        f.fieldConfidence["thematique"] = label ? 0.9 : 0.85
        f.evidence.append(Evidence(subject: "thematique", rule: label ? "label.thematique" : "heading.thematique", lines: [40],
                                   excerpt: label ? "Jeunesse" : "Objectif 2 : favoriser l'autonomie, l'émancipation des jeunes"))
        return f
    }

    /// The summary reading: under its axe heading, the thématique read from that heading.
    func summary(rule: String = "heading.thematique") -> Fiche {
        var f = Fiche(key: "", number: "2-2-1", title: "Proposer des espaces temps pour les 16/25 ans", layout: "numbered-actions")
        f.axe = "Maintenir l'offre et créer de nouvelles actions pour l'enfance jeunesse"
        f.thematique = .enfanceJeunesse
        f.fieldConfidence["thematique"] = rule == "heading.thematique" ? 0.85 : 0.6
        f.evidence.append(Evidence(subject: "thematique", rule: rule, lines: [12], excerpt: f.axe))
        return f
    }

    @Test func theAxeTakenFromTheOtherReadingBringsItsThematique() {
        let m = Segmenter().fillMissing(detailed(), from: summary())
        #expect(m.axe == "Maintenir l'offre et créer de nouvelles actions pour l'enfance jeunesse")
        #expect(m.thematique == .enfanceJeunesse)
        let ev = m.evidence.filter { $0.subject == "thematique" }
        #expect(ev.count == 1)
        #expect(ev.first?.rule == "merged(numbered-actions).heading.thematique")
    }

    @Test func aLabelledThematiqueStays() {
        let m = Segmenter().fillMissing(detailed(label: true), from: summary())
        #expect(m.thematique == .jeunesse)
        #expect(m.evidence.contains { $0.subject == "thematique" && $0.rule == "label.thematique" })
    }

    @Test func aThematiqueFromTheOtherReadingsVocabularyDoesNotReplaceOne() {
        let m = Segmenter().fillMissing(detailed(), from: summary(rule: "vocabulary.thematique"))
        #expect(m.thematique == .jeunesse)
    }

    @Test func aFicheWithItsOwnAxeKeepsItsThematique() {
        let m = Segmenter().fillMissing(detailed(axe: "AXE 2 : Jeunesse"), from: summary())
        #expect(m.axe == "AXE 2 : Jeunesse")
        #expect(m.thematique == .jeunesse)
    }
}

/// A title holding a token of signs French text does not set alone (the OCR of a stamp over the cell: scanned
/// 004, 'les do "') makes the fiche less sure; punctuation runs of real titles ("...)", "».") do not.
@Test func junkInATitleLowersTheFichesConfidence() {
    var garbled = Fiche(key: "ROW-1", title: "Création d'une micro-crèche, prenant en compte les do \"", layout: "plan-table")
    garbled.confidence = 0.93
    Segmenter.doubtJunkTitle(&garbled)
    #expect(abs(garbled.confidence - 0.78) < 1e-9)
    #expect(garbled.evidence.contains { $0.rule == "title.ocr-junk" && $0.excerpt == "\"" })
    var clean = Fiche(key: "ROW-2", title: "Prévention (fin de collège, passage ALSH / espace jeunesse ...) et lien « aller-vers ».", layout: "plan-table")
    clean.confidence = 0.76
    Segmenter.doubtJunkTitle(&clean)
    #expect(clean.confidence == 0.76 && clean.evidence.isEmpty)
}
