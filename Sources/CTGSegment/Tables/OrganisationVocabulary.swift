// Names of organisations and services that CTG plan tables cite inside prose cells
// ("S'appuyer sur le centre social…", "CAF et bailleurs sociaux", "Coordination pôle petite enfance").
// Folded, accent-free, lower case; a name heads a phrase, "pôle" takes the words after it.

public enum OrganisationVocabulary {
    /// Fixed names, longest first where one contains another.
    public static let names: [String] = [
        "contrat local de sante", "centre socio-culturel", "centres sociaux", "centre social", "bailleurs sociaux", "bailleur social",
        "pole emploi", "france travail", "mission locale", "conseil departemental", "education nationale", "maison des adolescents",
        "espace de vie sociale", "relais petite enfance", "communes du territoire",
    ]
    /// Heads followed by the words naming the service ("pôle petite enfance", "service jeunesse").
    public static let heads: [String] = ["pole", "service", "services"]
}
