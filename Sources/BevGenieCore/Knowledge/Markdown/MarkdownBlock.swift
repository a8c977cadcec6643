/// The structures the page builder and the answer composer read out of a chunk of Markdown.
///
/// A company's own documents say what they mean with ordinary Markdown: a labelled list of capabilities, numbered
/// steps, a table comparing options, a quoted customer, a question heading with its answer. Reading those shapes
/// (rather than asking the writer for a special format) is what lets the local provider build a page from any
/// imported corpus, and keeps every item on the page a verbatim piece of a cited chunk.
public enum MarkdownBlock: Sendable, Equatable {
    /// A paragraph of prose, inline markup removed.
    case paragraph(String)
    /// A bullet (`ordered == false`) or numbered item. `label` is a leading bold phrase (`**Label**: text`).
    case listItem(ListItem)
    /// A table: header cells and rows of cells, inline markup removed.
    case table(header: [String], rows: [[String]])
    /// A blockquote; `attribution` is what follows a closing dash (`> "…" — Name, Title, Company`).
    case quote(text: String, attribution: String?)

    public struct ListItem: Sendable, Equatable {
        public var ordered: Bool
        public var label: String?
        public var text: String

        /// A metric is a bullet whose bold lead is a figure: `**31%** fewer out-of-stocks…`.
        public var isMetric: Bool {
            guard let label else { return false }
            return label.contains(where: \.isNumber) && label.count <= 24
        }

        /// The item as one line of plain text, as it reads in the chunk.
        public var plainText: String {
            guard let label else { return text }
            return isMetric ? "\(label) \(text)" : "\(label): \(text)"
        }
    }

    /// The block as plain text: what a sentence-level reader (the answer composer) sees.
    public var plainText: String {
        switch self {
        case .paragraph(let text): return text
        case .listItem(let item): return item.plainText
        case .table(let header, let rows):
            return ([header] + rows).map { $0.joined(separator: " | ") }.joined(separator: "\n")
        case .quote(let text, let attribution):
            guard let attribution else { return text }
            return "\(text) — \(attribution)"
        }
    }
}
