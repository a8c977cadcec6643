import Foundation

/// BERT's tokenizer as Hugging Face runs it for all-MiniLM-L6-v2: special tokens matched in the raw text, the
/// basic tokenizer (`BertBasicTokenizer`), WordPiece with `##` continuations, `[CLS] … [SEP]`, truncation.
///
/// Read from a model directory's `vocab.txt` (one token per line, its id the line number) and
/// `tokenizer_config.json` (`do_lower_case`, `strip_accents`, `tokenize_chinese_chars`, the special tokens).
/// The vocabulary is keyed by UTF-8 bytes, not `String`: Swift compares strings by canonical equivalence, which
/// would match decomposed Hangul jamo to a precomposed syllable where the reference does not.
public struct BertTokenizer: Sendable {
    public let basic: BertBasicTokenizer
    /// Most tokens in one sequence, `[CLS]` and `[SEP]` included (256 for this model: sentence_bert_config.json).
    public let maxLength: Int
    /// Longer words become `[UNK]` whole (100, as Hugging Face's WordPiece).
    public let maxCharactersPerWord: Int
    public let unknownID: Int32
    public let classifierID: Int32
    public let separatorID: Int32
    public let paddingID: Int32
    public var vocabularySize: Int { vocabulary.count }

    private let vocabulary: [[UInt8]: Int32]
    /// Special tokens (`[CLS]`, `[MASK]`, …) written literally in the input are those tokens, as in the reference.
    private let specialTokens: [(scalars: [Unicode.Scalar], id: Int32)]

    public init(vocabulary tokens: [String], basic: BertBasicTokenizer = BertBasicTokenizer(), maxLength: Int = 256,
                maxCharactersPerWord: Int = 100, unknown: String = "[UNK]", classifier: String = "[CLS]",
                separator: String = "[SEP]", padding: String = "[PAD]", mask: String = "[MASK]") throws {
        try self.init(
            tokenBytes: tokens.map { Array($0.utf8) }, basic: basic, maxLength: maxLength,
            maxCharactersPerWord: maxCharactersPerWord, unknown: unknown, classifier: classifier, separator: separator,
            padding: padding, mask: mask)
    }

    /// The vocabulary as each token's UTF-8 bytes (already checked to be UTF-8), its id the index.
    init(tokenBytes tokens: [[UInt8]], basic: BertBasicTokenizer, maxLength: Int, maxCharactersPerWord: Int = 100,
         unknown: String, classifier: String, separator: String, padding: String, mask: String) throws {
        var vocabulary: [[UInt8]: Int32] = [:]
        vocabulary.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() { vocabulary[token] = Int32(index) }
        func id(_ token: String) throws -> Int32 {
            guard let id = vocabulary[Array(token.utf8)] else {
                throw SentenceEmbeddingError.invalidConfiguration(path: "vocab.txt", reason: "no special token \(token)")
            }
            return id
        }
        self.vocabulary = vocabulary
        self.basic = basic
        self.maxLength = max(2, maxLength)
        self.maxCharactersPerWord = maxCharactersPerWord
        unknownID = try id(unknown)
        classifierID = try id(classifier)
        separatorID = try id(separator)
        paddingID = try id(padding)
        var specials: [(scalars: [Unicode.Scalar], id: Int32)] = []
        for token in [padding, unknown, classifier, separator, mask] {
            if let value = vocabulary[Array(token.utf8)] { specials.append((Array(token.unicodeScalars), value)) }
        }
        specialTokens = specials.sorted { $0.scalars.count > $1.scalars.count }
    }

    /// Loads `vocab.txt` and `tokenizer_config.json` (optional; BERT-uncased defaults) from a model directory.
    public init(directory: String, maxLength: Int = 256) throws {
        let vocabPath = directory + "/vocab.txt"
        guard let data = FileManager.default.contents(atPath: vocabPath) else {
            throw SentenceEmbeddingError.unreadableFile(path: vocabPath, reason: "missing or unreadable")
        }
        let tokens = try Self.vocabularyLines(data, path: vocabPath)
        let configPath = directory + "/tokenizer_config.json"
        var config: [String: Any] = [:]
        if let configData = FileManager.default.contents(atPath: configPath) {
            guard let object = try? JSONSerialization.jsonObject(with: configData) as? [String: Any] else {
                throw SentenceEmbeddingError.invalidConfiguration(path: configPath, reason: "not a JSON object")
            }
            config = object
        }
        let lowercase = config["do_lower_case"] as? Bool ?? true
        let basic = BertBasicTokenizer(
            lowercase: lowercase, stripAccents: config["strip_accents"] as? Bool,
            splitChineseCharacters: config["tokenize_chinese_chars"] as? Bool ?? true)
        try self.init(
            tokenBytes: tokens, basic: basic, maxLength: maxLength,
            unknown: config["unk_token"] as? String ?? "[UNK]", classifier: config["cls_token"] as? String ?? "[CLS]",
            separator: config["sep_token"] as? String ?? "[SEP]", padding: config["pad_token"] as? String ?? "[PAD]",
            mask: config["mask_token"] as? String ?? "[MASK]")
    }

    /// vocab.txt's lines as bytes: one token per line, split on "\n" bytes (a "\r\n" pair would be one Character
    /// in Swift). The file is checked to be UTF-8 once as a whole, not line by line through `String`: this
    /// is read by every process that loads the model (`bevgenie ask` included), and 30,522 `String`s cost it
    /// more than the rest of the model's load.
    static func vocabularyLines(_ data: Data, path: String) throws -> [[UInt8]] {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> [[UInt8]] in
            let bytes = raw.bindMemory(to: UInt8.self)
            if String(validating: bytes, as: UTF8.self) == nil {
                var number = 1
                var start = 0
                for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                    if String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) == nil { break }
                    number += 1
                    start = index + 1
                }
                throw SentenceEmbeddingError.invalidConfiguration(path: path, reason: "line \(number) is not UTF-8")
            }
            var lines: [[UInt8]] = []
            lines.reserveCapacity(32_768)
            var start = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                lines.append(Array(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                start = index + 1
            }
            if start < bytes.count { lines.append(Array(UnsafeBufferPointer(rebasing: bytes[start...]))) }
            return lines
        }
    }

    /// The token ids of `text`: `[CLS]`, at most `maxLength - 2` word pieces, `[SEP]`.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [classifierID]
        let budget = maxLength - 1
        for segment in segments(text) {
            switch segment {
            case .special(let id):
                ids.append(id)
            case .text(let part):
                for word in basic.words(part) {
                    appendWordPieces(of: word, to: &ids)
                    if ids.count >= budget { break }
                }
            }
            if ids.count >= budget { break }
        }
        if ids.count > budget { ids.removeLast(ids.count - budget) }
        ids.append(separatorID)
        return ids
    }

    /// The token strings of ids (for diagnostics and tests).
    public func tokens(_ ids: [Int32]) -> [String] {
        var byID: [Int32: String] = [:]
        for (bytes, id) in vocabulary where ids.contains(id) { byID[id] = String(decoding: bytes, as: UTF8.self) }
        return ids.map { byID[$0] ?? "?" }
    }

    private enum Segment {
        case text(Substring)
        case special(Int32)
    }

    /// The raw text cut around literal special tokens (leftmost, longest first), as the reference's added-token
    /// matching does before normalising.
    private func segments(_ text: String) -> [Segment] {
        guard text.unicodeScalars.contains("[") else { return [.text(Substring(text))] }
        var result: [Segment] = []
        let scalars = text.unicodeScalars
        var segmentStart = scalars.startIndex
        var index = scalars.startIndex
        outer: while index < scalars.endIndex {
            if scalars[index] == "[" {
                for special in specialTokens {
                    var cursor = index
                    var matched = true
                    for expected in special.scalars {
                        guard cursor < scalars.endIndex, scalars[cursor] == expected else { matched = false; break }
                        cursor = scalars.index(after: cursor)
                    }
                    if matched {
                        if segmentStart < index { result.append(.text(Substring(scalars[segmentStart..<index]))) }
                        result.append(.special(special.id))
                        index = cursor
                        segmentStart = cursor
                        continue outer
                    }
                }
            }
            index = scalars.index(after: index)
        }
        if segmentStart < scalars.endIndex { result.append(.text(Substring(scalars[segmentStart..<scalars.endIndex]))) }
        return result
    }

    /// Greedy longest-match-first WordPiece; a word with any unmatchable part, or too long, is one `[UNK]`.
    private func appendWordPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        guard word.count <= maxCharactersPerWord else { ids.append(unknownID); return }
        let utf8 = word.map { Array(String($0).utf8) }
        var pieces: [Int32] = []
        var start = 0
        var key: [UInt8] = []
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                key.removeAll(keepingCapacity: true)
                if start > 0 { key.append(contentsOf: [UInt8(ascii: "#"), UInt8(ascii: "#")]) }
                for position in start..<end { key.append(contentsOf: utf8[position]) }
                if let id = vocabulary[key] { found = id; break }
                end -= 1
            }
            guard let id = found else { ids.append(unknownID); return }
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces)
    }
}
