/// Turns Markdown (with optional front matter) into a `KnowledgeDocument`: metadata, topics and chunks.
///
/// Chunks follow the document's own structure: one chunk per heading section, so a chunk is about one thing and
/// its heading path says what; a long section is split at paragraph boundaries within `maxChunkCharacters`, with
/// the previous paragraph repeated at the start of the next chunk so a sentence that needs context keeps it.
public struct DocumentBuilder: Sendable {
    public var maxChunkCharacters = 1_400

    public init() {}

    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// The text has no words at all.
        case empty
        public var description: String {
            switch self {
            case .empty: return "the document has no text"
            }
        }
    }

    public func build(id: String, source: String, markdown: String) throws(Failure) -> KnowledgeDocument {
        // "\r\n" is one Character, not "\n": unchanged, a Windows-written text (a JSON Lines record's, say) would
        // be one line, with no headings, lists or paragraphs.
        let text = markdown.utf8.contains(0x0D) ? markdown.replacing("\r\n", with: "\n") : markdown
        let (fields, body) = MarkdownParser.frontMatter(text)
        let sections = MarkdownParser.sections(body)
        guard sections.contains(where: { !TextAnalysis.words($0.body).isEmpty }) else { throw .empty }

        // The title: front matter, else the first top-level heading, else the first words of the text.
        let firstHeading = sections.first?.headings.first
        let title = fields["title"].flatMap { $0.isEmpty ? nil : $0 } ?? firstHeading
            ?? DocumentTitle.fromText(body) ?? String(TextAnalysis.words(body).prefix(8).joined(separator: " "))

        var chunks: [KnowledgeChunkDraft] = []
        for section in sections {
            // Drop the document title from the heading path: it is stored once, on the document.
            var headings = section.headings
            if headings.first == title { headings.removeFirst() }
            for piece in split(section.body) {
                chunks.append(KnowledgeChunkDraft(headings: headings, text: piece))
            }
        }

        let blocks = chunks.map { MarkdownParser.blocks($0.text) }
        let topics = Self.topics(
            declared: fields["painpoints"],
            text: title + ". " + blocks.joined().map(\.plainText).joined(separator: " "))
        let roles = Self.list(fields["roles"]).compactMap(Role.init(rawValue:))
        let kind = fields["kind"].flatMap(DocumentKind.init(rawValue:))
            ?? Self.inferKind(title: title, chunks: chunks, blocks: Array(blocks.joined()))
        return KnowledgeDocument(
            id: id, title: title, source: source, kind: kind, topics: topics, roles: roles,
            contentHash: StableHash.hex(markdown), chunks: chunks)
    }

    /// Pieces of a section body no longer than `maxChunkCharacters` (a single paragraph longer than that is cut
    /// at sentence boundaries).
    func split(_ body: String) -> [String] {
        guard body.count > maxChunkCharacters else { return [body] }
        var paragraphs: [String] = []
        for paragraph in body.blankLineParagraphs {
            if paragraph.count <= maxChunkCharacters {
                paragraphs.append(paragraph)
            } else {
                var current = ""
                for sentence in TextAnalysis.sentences(paragraph) {
                    if !current.isEmpty, current.count + sentence.count + 1 > maxChunkCharacters {
                        paragraphs.append(current)
                        current = ""
                    }
                    current += current.isEmpty ? sentence : " " + sentence
                }
                if !current.isEmpty { paragraphs.append(current) }
            }
        }
        var pieces: [String] = []
        var current: [String] = []
        var length = 0
        for paragraph in paragraphs {
            if !current.isEmpty, length + paragraph.count + 2 > maxChunkCharacters {
                pieces.append(current.joined(separator: "\n\n"))
                // overlap: carry the last paragraph forward when it is short enough to leave room
                let last = current.last!
                current = last.count < maxChunkCharacters / 3 ? [last] : []
                length = current.first?.count ?? 0
            }
            current.append(paragraph)
            length += paragraph.count + 2
        }
        if !current.isEmpty { pieces.append(current.joined(separator: "\n\n")) }
        return pieces
    }

    static func list(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map { $0.trimmed() }.filter { !$0.isEmpty }
    }

    /// Declared pain points rank first (1.0, 0.8, 0.6 …); undeclared documents get theirs from the same lexicon
    /// that reads visitors' messages, so imported text is tagged the way questions are.
    static func topics(declared: String?, text: @autoclosure () -> String) -> [PainPoint: Double] {
        let declaredTopics = list(declared).compactMap(PainPoint.init(rawValue:))
        if !declaredTopics.isEmpty {
            // Declared: no need to read the text.
            var topics: [PainPoint: Double] = [:]
            for (rank, painPoint) in declaredTopics.enumerated() { topics[painPoint] = max(0.4, 1.0 - 0.2 * Double(rank)) }
            return topics
        }
        let counts = SignalDetector().painPointStrengths(in: AnalyzedMessage(text()))
        guard let top = counts.values.max(), top > 0 else { return [:] }
        return counts.filter { $0.value >= top * 0.3 }.mapValues { min(1, $0 / top) }
    }

    static func inferKind(title: String, chunks: [KnowledgeChunkDraft], blocks: [MarkdownBlock]) -> DocumentKind {
        let lowerTitle = title.lowercased()
        let questions = chunks.filter { $0.headings.last?.hasSuffix("?") == true }.count
        if lowerTitle.contains("case study") || lowerTitle.contains("customer story") { return .caseStudy }
        if lowerTitle.contains(" vs") || lowerTitle.contains("versus") || lowerTitle.contains("compar") {
            return .comparison
        }
        if lowerTitle.contains("faq") || lowerTitle.contains("questions") || questions >= 3 { return .faq }
        if lowerTitle.contains("pricing") || lowerTitle.contains("price") || lowerTitle.contains("roi") { return .pricing }
        if lowerTitle.contains("demo") || lowerTitle.contains("onboarding") { return .demo }
        let hasQuote = blocks.contains { if case .quote(_, .some) = $0 { return true } else { return false } }
        let metrics = blocks.filter { if case .listItem(let i) = $0 { return i.isMetric } else { return false } }.count
        if hasQuote && metrics >= 2 { return .caseStudy }
        return .information
    }
}

extension String {
    /// Paragraphs separated by one or more blank lines.
    var blankLineParagraphs: [String] {
        var result: [String] = []
        var current: [Substring] = []
        for line in lineSlices {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { result.append(current.joined(separator: "\n")) }
                current.removeAll()
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }
}

extension KnowledgeDocument {
    /// Computes every chunk's vector with the built-in embedder (synchronous: no I/O involved).
    public mutating func embed(with embedder: HashingEmbedder) {
        for index in chunks.indices {
            chunks[index].vector = embedder.vector(chunks[index].embeddingText(title: title))
        }
        embeddingModel = embedder.model
    }
}
