/// The "basic" half of BERT's tokenizer: normalises text and splits it into words, before WordPiece.
///
/// Follows Hugging Face's `BertNormalizer` + `BertPreTokenizer` (the `tokenizers` library behind
/// `BertTokenizerFast`, which sentence-transformers uses), in their order:
/// 1. clean text: drop U+0000, U+FFFD and control/format/unassigned/private-use characters (general category C*,
///    except tab, newline, carriage return, which are whitespace); every whitespace character becomes a space;
/// 2. put spaces around CJK ideographs, so each is a word of its own;
/// 3. strip accents (when asked, by default whenever lower-casing): canonical decomposition (NFD), then drop
///    non-spacing marks (Mn);
/// 4. lower-case, character by character (Unicode's full lowercase mapping, no context);
/// 5. split on whitespace, and make every punctuation character (ASCII punctuation or Unicode category P*) a word.
/// Everything works on Unicode scalars (what Python and Rust call characters), never on Swift's grapheme clusters.
public struct BertBasicTokenizer: Sendable {
    public var lowercase: Bool
    public var stripAccents: Bool
    public var splitChineseCharacters: Bool

    public init(lowercase: Bool = true, stripAccents: Bool? = nil, splitChineseCharacters: Bool = true) {
        self.lowercase = lowercase
        self.stripAccents = stripAccents ?? lowercase
        self.splitChineseCharacters = splitChineseCharacters
    }

    /// The words of `text`, each as its Unicode scalars.
    public func words(_ text: Substring) -> [[Unicode.Scalar]] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isWhitespace(scalar) {
                cleaned.append(" ")
            } else if splitChineseCharacters && Self.isChineseCharacter(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        var normalized: [Unicode.Scalar] = []
        normalized.reserveCapacity(cleaned.count)
        let stripped: String.UnicodeScalarView
        if stripAccents {
            // Foundation's NFD; the marks it separates are then dropped.
            stripped = String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars
        } else {
            stripped = cleaned
        }
        for scalar in stripped {
            if stripAccents && scalar.properties.generalCategory == .nonspacingMark { continue }
            if lowercase {
                if scalar.isASCII {
                    normalized.append(scalar.value >= 65 && scalar.value <= 90 ? Unicode.Scalar(scalar.value + 32)! : scalar)
                } else {
                    normalized.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            } else {
                normalized.append(scalar)
            }
        }
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in normalized {
            if scalar.properties.isWhitespace {
                if !current.isEmpty { words.append(current); current.removeAll(keepingCapacity: true) }
            } else if Self.isPunctuation(scalar) {
                if !current.isEmpty { words.append(current); current.removeAll(keepingCapacity: true) }
                words.append([scalar])
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Tab, newline and carriage return count as whitespace, not control characters.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    /// General category C* (Cc, Cf, Cs, Co, Cn), as the `tokenizers` library's `is_other`; tab, newline and
    /// carriage return excepted.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// ASCII punctuation (which includes `$`, `+`, `<`, `=`, `>`, `^`, `` ` ``, `|`, `~`) or category P*.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value) {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideographs blocks (not Hiragana, Katakana or Hangul, which BERT treats as letters).
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
