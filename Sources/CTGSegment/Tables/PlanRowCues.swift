// Cues that survive when a plan-d'actions table loses its columns (OCR of a scanned table):
// the words that open an action sentence, and the organisation words that fill pilot cells.
// Folded (lower case, no accents). Data only: the rules live in Layouts/OCRPlanTable.swift.

public enum PlanRowCues {
    /// Sentence starts of an action (verbs, nominalisations, framing phrases), as folded word sequences.
    public static let starts: [String] = [
        "reflexion", "reflechir", "creation", "creer", "mise en place", "mettre en place", "accompagnement", "accompagner",
        "developper", "developpement", "professionnalisation", "professionnaliser", "renforcer", "renforcement",
        "conduire", "mener", "coordination", "coordonner", "organiser", "organisation", "sensibilisation", "sensibiliser",
        "promotion", "promouvoir", "information", "informer", "envisager", "etudier", "etude", "favoriser", "soutenir",
        "soutien", "valoriser", "valorisation", "reorganisation", "reorganiser", "structurer", "structuration", "definir",
        "definition", "elaborer", "elaboration", "poursuivre", "poursuite", "maintenir", "maintien", "proposer",
        "proposition", "diversifier", "diversification", "deployer", "deploiement", "lutter", "dans le cadre", "pour",
        "au sein", "a l'echelle", "experimentation", "experimenter", "formation", "former", "animer", "harmoniser",
        "harmonisation", "identifier", "identification", "recenser", "recensement", "mutualiser", "mutualisation",
        "ouvrir", "ouverture", "amenager", "amenagement", "installer", "communiquer", "travailler", "travail", "impulser",
        "initier", "construire", "construction", "consolider", "consolidation", "ameliorer", "amelioration", "optimiser",
        "assurer", "garantir", "faciliter", "encourager", "engager", "realiser", "realisation", "mobiliser", "mobilisation",
        "evaluer", "evaluation", "adapter", "adaptation", "preserver", "agir", "permettre", "integrer", "integration",
        "recruter", "recrutement", "labelliser", "labellisation", "ouvrir", "relancer", "redynamiser", "pérenniser",
        "perenniser", "perennisation", "extension", "etendre", "implanter", "implantation",
    ]

    /// Organisation words of pilot / partner cells. Words of three letters or fewer (acronyms) count only
    /// where printed with a capital ("EN", "PE"), except those listed in `lowercaseShort`.
    public static let pilotWords: Set<String> = [
        "communes", "commune", "caf", "ccas", "cias", "pmi", "rpe", "pe", "en", "ej", "esms", "cucm", "services", "service",
        "petite", "enfance", "jeunesse", "professionnels", "professionnel", "directions", "direction", "centres", "centre",
        "sociaux", "social", "associations", "association", "habitants", "entreprises", "structures", "pole", "pdle",
        "ressources", "avs", "msa", "departement", "cd", "ville", "villes", "epci", "elus", "mairies", "partenaires",
        "intercommunalite", "cc", "cdc", "ca", "cu", "ccj", "pij", "laep", "eaje", "alsh", "mds", "ars", "cg", "cts",
        "coordinateur", "coordinatrice", "cooperation", "charge", "chargee", "referent", "referente", "education",
        "nationale", "etat", "prefecture", "region", "agglomeration", "communaute", "metropole",
        "mairie", "conseil", "departemental", "departementale", "cpam", "mission", "locale", "ecoles", "colleges",
        "college", "mediatheque", "bibliotheque", "animateurs", "animatrices", "coordinatrice", "udaf", "cidff", "ehpad",
        "ime", "sessad", "emploi", "partenaire", "benevoles", "techniciens", "agents",
    ]
    public static let lowercaseShort: Set<String> = ["caf"]

    /// Words that join organisation words inside a pilot cell.
    public static let pilotConnectors: Set<String> = ["et", "de", "des", "du", "la", "le", "les", "l", "d", "i"]
}
