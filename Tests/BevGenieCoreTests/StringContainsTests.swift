import Testing

@testable import BevGenieCore

/// The core's byte-level `contains` (StringProtocol+Contains.swift) must answer as Foundation's did for the text
/// the answer and page builders give it, Substrings and non-ASCII text included.
@Suite struct StringContainsTests {
    @Test func findsWhatFoundationFound() {
        #expect("Route planning works offline.".contains("offline"))
        #expect("Route planning works offline.".contains("Route planning works offline."))
        #expect(!"Route planning works offline.".contains("Offline"))  // case matters, as it did
        #expect(!"short".contains("shorter"))
        #expect("price: $1,500 per month".contains("$1,500"))
        #expect("a \u{201C}quoted\u{201D} word".contains("\u{201C}"))
        #expect("Café crème, 10 €".contains("crème") && "Café crème, 10 €".contains("€"))
        #expect("日本語のテキスト".contains("テキ") && !"日本語のテキスト".contains("中文"))
        #expect("an 🍷 emoji".contains("🍷"))
        #expect("aaab".contains("aab"))  // a false start on the first candidate
    }

    @Test func anEmptyNeedleIsNotFoundAsWithFoundation() {
        #expect(!"anything".contains(""))
        #expect(!"".contains(""))
        #expect(!"".contains("a"))
    }

    @Test func substringsAndLowercasedCopies() {
        let text = "The Distributor Scorecard ranks reps."
        let middle = text.dropFirst(4).prefix(21)  // "Distributor Scorecard"
        #expect(middle.contains("Scorecard"))
        #expect(!middle.contains("ranks"))  // past the substring's end
        #expect(text.lowercased().contains("distributor scorecard"))
    }
}
