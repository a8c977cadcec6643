/// The built-in starter knowledge base: documents about BevGenie's platform and the beverage-alcohol industry,
/// written for this project and loaded into every new database so that `bevgenie ask` gives a grounded answer
/// and a full page before a user imports anything of their own.
///
/// Each document is Markdown with a small front matter block (`title`, `kind`, `painPoints`, `roles`). The
/// same importer that reads a user's files reads these, so the page builder finds the same structures
/// (labelled lists, numbered steps, tables, quotes, questions) in both.
public enum StarterKnowledge {
    /// Bumped whenever the documents change, so an existing database can tell that it holds an older set.
    public static let version = 1

    public static var documents: [StarterDocument] {
        painPoints + features + caseStudies + comparisons + commercial + industry + company
    }
}

/// One built-in document: a stable id (used in citations) and its Markdown source with front matter.
public struct StarterDocument: Sendable {
    public let id: String
    public let markdown: String

    public init(id: String, markdown: String) {
        self.id = id
        self.markdown = markdown
    }
}
