/// The page builder's view of a chunk: the structures it can lift onto a page verbatim.
extension KnowledgeChunk {
    /// Bullet items with a label (`**Label**: text`) that are not metrics: capabilities, symptoms, differentiators.
    public var labelledItems: [MarkdownBlock.ListItem] {
        listItems.filter { $0.label != nil && !$0.isMetric && !$0.ordered }
    }

    /// Numbered items: steps of a method, an agenda, a timeline.
    public var orderedItems: [MarkdownBlock.ListItem] { listItems.filter(\.ordered) }

    /// Bullets whose bold lead is a figure: `**31%** fewer out-of-stocks…`.
    public var metricItems: [MarkdownBlock.ListItem] { listItems.filter(\.isMetric) }

    public var listItems: [MarkdownBlock.ListItem] {
        blocks.compactMap { if case .listItem(let item) = $0 { return item } else { return nil } }
    }

    /// The first quote that names who said it.
    public var attributedQuote: (text: String, attribution: String)? {
        for block in blocks {
            if case .quote(let text, .some(let attribution)) = block { return (text, attribution) }
        }
        return nil
    }

    public var firstTable: (header: [String], rows: [[String]])? {
        for block in blocks {
            if case .table(let header, let rows) = block { return (header, rows) }
        }
        return nil
    }

    public var paragraphs: [String] {
        blocks.compactMap { if case .paragraph(let text) = $0 { return text } else { return nil } }
    }

    /// The first sentence of the first paragraph: a chunk's own summary of itself.
    public var leadSentence: String? {
        paragraphs.lazy.compactMap { TextAnalysis.sentences($0).first }.first
    }

    /// A question heading with the paragraph that answers it.
    public var questionAndAnswer: (question: String, answer: String)? {
        guard let question = headings.last, question.hasSuffix("?"), let answer = paragraphs.first else { return nil }
        return (question, answer)
    }

    /// Whether the section's heading contains any of `words` (lowercased substrings).
    func heading(matches words: [String]) -> Bool {
        guard let heading = headings.last?.lowercased() else { return false }
        return words.contains { heading.contains($0) }
    }
}
