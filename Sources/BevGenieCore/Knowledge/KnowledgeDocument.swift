import Synchronization

/// A document ready to be stored: its metadata and its chunks. Built from Markdown by `DocumentBuilder`; the
/// stores persist it as one unit (all chunks or none).
public struct KnowledgeDocument: Sendable, Equatable {
    /// Stable id used in citations (`pain-compliance`, or derived from the source path for imported files).
    public var id: String
    public var title: String
    /// Where it came from: `builtin:<id>` for the starter set, a file path for imports.
    public var source: String
    public var kind: DocumentKind
    /// The pain points the document is about, with a weight in 0...1 (1 = its main topic).
    public var topics: [PainPoint: Double]
    public var roles: [Role]
    /// A hash of the source text: re-importing unchanged text is a no-op.
    public var contentHash: String
    public var chunks: [KnowledgeChunkDraft]
    /// Extra fields from the source (a JSON Lines record's `url` and `metadata`), kept as JSON.
    public var metadata: JSONValue? = nil
    /// The model that made the chunks' vectors, when they have them.
    public var embeddingModel: String? = nil
}

/// One chunk before it is stored.
public struct KnowledgeChunkDraft: Sendable, Equatable {
    /// The section's heading path below the title (`How BevGenie helps`, `Results`).
    public var headings: [String]
    /// The chunk's Markdown.
    public var text: String
    /// The chunk's embedding (of its title, headings and text), when computed.
    public var vector: [Float]? = nil

    /// What the embedder reads: the words a searcher would use for this chunk, headings included.
    public func embeddingText(title: String) -> String {
        ([title] + headings).joined(separator: " › ") + "\n" + text
    }
}

/// A stored chunk, as search and the page builder see it.
public struct KnowledgeChunk: Sendable, Equatable {
    public var id: String
    public var documentId: String
    public var documentTitle: String
    public var kind: DocumentKind
    public var topics: [PainPoint: Double]
    public var roles: [Role]
    public var ordinal: Int
    public var headings: [String]
    public let text: String
    private let analysis: ChunkAnalysis

    /// The chunk's block structures (lists, tables, quotes, paragraphs), parsed on first use and kept.
    public var blocks: [MarkdownBlock] { analysis.blocks(text) }
    /// The stemmed content words of the chunk, its title and headings: what word overlap is measured on.
    public var terms: Set<String> { analysis.terms(([documentTitle] + headings).joined(separator: " ") + " " + text) }

    public init(
        id: String, documentId: String, documentTitle: String, kind: DocumentKind, topics: [PainPoint: Double],
        roles: [Role], ordinal: Int, headings: [String], text: String
    ) {
        self.id = id
        self.documentId = documentId
        self.documentTitle = documentTitle
        self.kind = kind
        self.topics = topics
        self.roles = roles
        self.ordinal = ordinal
        self.headings = headings
        self.text = text
        self.analysis = ChunkAnalysis()
    }

    public static func == (lhs: KnowledgeChunk, rhs: KnowledgeChunk) -> Bool {
        lhs.id == rhs.id && lhs.documentId == rhs.documentId && lhs.documentTitle == rhs.documentTitle
            && lhs.kind == rhs.kind && lhs.topics == rhs.topics && lhs.roles == rhs.roles && lhs.ordinal == rhs.ordinal
            && lhs.headings == rhs.headings && lhs.text == rhs.text
    }

    /// The pieces of the chunk an answer can quote on their own, computed on first use and kept.
    public var quotables: [Quotable] { analysis.derived([Quotable].self) { Quotable.pieces(of: blocks) } }

    /// A reader's per-chunk result, computed once and kept with the chunk (`ChunkAnalysis.derived`).
    func derived<Value: Sendable>(_ type: Value.Type, _ compute: () -> Value) -> Value {
        analysis.derived(type, compute)
    }

    /// The same chunk with an analysis of its own: what a kept result stores in place of the chunk, so that it
    /// does not hold the analysis it is kept in.
    var detached: KnowledgeChunk {
        KnowledgeChunk(
            id: id, documentId: documentId, documentTitle: documentTitle, kind: kind, topics: topics, roles: roles,
            ordinal: ordinal, headings: headings, text: text)
    }

    /// The chunk's heading path as people read it: `Document title › Section`.
    public var headingPath: String { ([documentTitle] + headings).joined(separator: " › ") }

    /// The chunk as plain text: what an answer can quote from it.
    public var plainText: String { blocks.map(\.plainText).joined(separator: "\n") }

    /// The last heading, or the document title for the introduction.
    public var sectionTitle: String { headings.last ?? documentTitle }
}

/// A chunk found by search, with its scores.
public struct KnowledgeHit: Sendable, Equatable {
    public var chunk: KnowledgeChunk
    /// Keyword relevance (BM25, negated so larger is better) and rank, when the keyword search found it.
    public var keywordScore: Double?
    public var keywordRank: Int?
    /// Cosine similarity and rank, when the vector search found it.
    public var vectorScore: Double?
    public var vectorRank: Int?
    /// The search's own score: fused (hybrid), BM25 (keyword) or cosine (vector); larger is better.
    public var searchScore: Double
    /// The text around the matched words, matches marked `**like this**`.
    public var snippet: String?
    /// The final score after persona and intent re-ranking (set by the knowledge stage; `searchScore` before).
    public var score: Double

    public init(
        chunk: KnowledgeChunk, keywordScore: Double? = nil, keywordRank: Int? = nil, vectorScore: Double? = nil,
        vectorRank: Int? = nil, searchScore: Double, snippet: String? = nil
    ) {
        self.chunk = chunk
        self.keywordScore = keywordScore
        self.keywordRank = keywordRank
        self.vectorScore = vectorScore
        self.vectorRank = vectorRank
        self.searchScore = searchScore
        self.snippet = snippet
        self.score = searchScore
    }
}

/// A chunk's parsed structure and terms, computed on first use and shared by copies of the chunk (the store's
/// cache hands out the same chunk to every request). Search results that are only listed never pay for it.
final class ChunkAnalysis: Sendable {
    private let state = Mutex<(blocks: [MarkdownBlock]?, terms: Set<String>?, derived: [ObjectIdentifier: any Sendable])>(
        (nil, nil, [:]))

    func blocks(_ text: @autoclosure () -> String) -> [MarkdownBlock] {
        if let blocks = state.withLock({ $0.blocks }) { return blocks }
        let blocks = MarkdownParser.blocks(text())
        state.withLock { $0.blocks = blocks }
        return blocks
    }

    /// What a reader elsewhere makes of the chunk (the answer's quotable sentences, say), one value per type,
    /// computed on first use: the same passages come back question after question, and re-reading them was most
    /// of the answer stage's time. The value must not hold the chunk itself (the chunk holds this analysis; that
    /// would be a cycle no cache eviction could free).
    func derived<Value: Sendable>(_ type: Value.Type, _ compute: () -> Value) -> Value {
        let key = ObjectIdentifier(type)
        if let value = state.withLock({ $0.derived[key] }) as? Value { return value }
        let value = compute()
        state.withLock { $0.derived[key] = value }
        return value
    }

    func terms(_ text: @autoclosure () -> String) -> Set<String> {
        if let terms = state.withLock({ $0.terms }) { return terms }
        let terms = Set(TextAnalysis.terms(text()))
        state.withLock { $0.terms = terms }
        return terms
    }
}

/// A piece of a chunk that reads well quoted alone: a sentence, a whole list item, an attributed quote.
public struct Quotable: Sendable {
    public enum Kind: Sendable { case sentence, item, labelledItem, quote }
    public var text: String
    public var kind: Kind
    /// Stemmed content words, for measuring overlap with a question.
    public var terms: Set<String>

    static func pieces(of blocks: [MarkdownBlock]) -> [Quotable] {
        var pieces: [Quotable] = []
        func add(_ text: String, _ kind: Kind) {
            let text = text.trimmed()
            guard text.count >= 30, text.count <= 420, !text.hasSuffix(":"), !refersToItsPage(text) else { return }
            let terms = Set(TextAnalysis.terms(text))
            guard terms.count >= 3 else { return }
            pieces.append(Quotable(text: text, kind: kind, terms: terms))
        }
        for block in blocks {
            switch block {
            case .paragraph(let text):
                for sentence in TextAnalysis.sentences(text) { add(sentence, .sentence) }
            case .listItem(let item):
                add(item.plainText, item.label != nil && !item.isMetric ? .labelledItem : .item)
            case .quote(let text, let attribution):
                if let attribution { add("\u{201C}\(text)\u{201D} — \(attribution)", .quote) }
            case .table:
                continue  // tables read badly quoted in prose; pages show them
            }
        }
        return pieces
    }

    /// "This page compares…", "as shown below": sentences about their own document make no sense quoted alone.
    static func refersToItsPage(_ text: String) -> Bool {
        let lower = text.lowercased()
        return ["this page", "this document", "this guide", "this article", "below", "above", "the following"]
            .contains { lower.contains($0) }
    }
}
