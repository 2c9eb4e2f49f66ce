/// Versions written into every output. Bump `pipeline` when output for the same input changes.
public enum CTGVersion {
    public static let tool = "0.1.0"
    /// Version of the document JSON format (Schema/document.schema.json).
    public static let schema = "1.0"
}
