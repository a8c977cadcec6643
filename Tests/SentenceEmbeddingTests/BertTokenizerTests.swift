import SentenceEmbedding
import Testing

/// The tokenizer's rules on a small vocabulary, without the model (the full vocabulary is checked against the
/// reference in ReferenceEmbeddingTests).
@Suite struct BertTokenizerTests {
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "cafe", "the", "un", "##aff", "##able",
                             ",", "!", "啤", "酒", "$", "5", "a"]

    static func tokenizer(maxLength: Int = 256) throws -> BertTokenizer {
        try BertTokenizer(vocabulary: vocabulary, maxLength: maxLength)
    }

    func words(_ text: String) -> [String] {
        BertBasicTokenizer().words(Substring(text)).map { String(String.UnicodeScalarView($0)) }
    }

    @Test func basicTokenizerNormalisesAndSplits() {
        #expect(words("  Café,  THE\tend!") == ["cafe", ",", "the", "end", "!"])
        #expect(words("啤酒ok") == ["啤", "酒", "ok"])
        #expect(words("$5.00") == ["$", "5", ".", "00"])
        #expect(words("zero\u{200B}width\u{0007}bell") == ["zerowidthbell"])
        #expect(words("") == [])
        #expect(words("naïve e\u{0301}") == ["naive", "e"])
    }

    @Test func wordPieceGreedyLongestMatch() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.encode("unaffable") == [2, 7, 8, 9, 3])
        #expect(tokenizer.encode("unknownword") == [2, 1, 3], "an unmatchable word is one [UNK]")
        #expect(tokenizer.encode("") == [2, 3])
        #expect(tokenizer.encode(String(repeating: "a", count: 101)) == [2, 1, 3], "over 100 characters is [UNK]")
        #expect(tokenizer.encode("the [MASK] cafe") == [2, 6, 4, 5, 3], "special tokens in the text are kept")
    }

    @Test func truncatesToMaxLengthIncludingSpecials() throws {
        let tokenizer = try Self.tokenizer(maxLength: 5)
        #expect(tokenizer.encode("the the the the the the") == [2, 6, 6, 6, 3])
    }
}
