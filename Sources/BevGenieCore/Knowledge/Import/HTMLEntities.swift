/// HTML5 character references in text content, decoded the way a browser's tokenizer does
/// (https://html.spec.whatwg.org/multipage/parsing.html#character-reference-state).
///
/// - Named: the longest name in the table (`HTMLEntities+Table.swift`, all 2,231 of HTML5) that the text starts
///   with. Names need their `;`, except the 106 legacy ones (`&amp`, `&copy`, `&not`): `&notit;` is `¬it;`.
///   A name that is not in the table leaves the `&` as text.
/// - Numeric: `&#` decimal or `&#x` hex digits, the `;` optional. 0, surrogates and anything past U+10FFFF become
///   U+FFFD; 0x80–0x9F are read as the Windows-1252 characters authors meant (`&#150;` is `–`).
/// - `&` followed by anything else is just an ampersand.
public enum HTMLEntities {
    /// Every name (with and without `;`) and the characters it stands for; split from the packed table once.
    static let named: [String: String] = {
        var table: [String: String] = [:]
        table.reserveCapacity(namedCount)
        // By scalar, not Character: a value may begin with a combining mark.
        for entry in packedNames.unicodeScalars.split(separator: "\u{1E}") {
            let parts = entry.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            table[String(String.UnicodeScalarView(parts[0]))] = String(String.UnicodeScalarView(parts[1]))
        }
        precondition(table.count == namedCount, "the packed entity table is damaged")
        return table
    }()

    /// The reference that starts at `start` (an `&`): what it stands for and the index just past it; nil when
    /// the `&` does not start a reference and is itself text.
    static func decode(_ text: [Unicode.Scalar], at start: Int) -> (text: String, end: Int)? {
        let next = start + 1
        guard next < text.count else { return nil }
        if text[next] == "#" { return numeric(text, at: next + 1) }

        // The name's letters and digits, as far as the longest name reaches.
        var end = next
        while end < text.count, end - next < longestName, isASCIIAlphanumeric(text[end]) { end += 1 }
        guard end > next else { return nil }
        let letters = String(String.UnicodeScalarView(text[next..<end]))
        if end < text.count, text[end] == ";", let value = named[letters + ";"] {
            return (value, end + 1)
        }
        // Without its `;` only a legacy name counts, the longest that the letters begin with.
        var length = min(letters.unicodeScalars.count, longestLegacyName)
        while length > 0 {
            if let value = named[String(letters.unicodeScalars.prefix(length))] { return (value, next + length) }
            length -= 1
        }
        return nil
    }

    /// `&#…`: digits from `start`, the `;` optional.
    private static func numeric(_ text: [Unicode.Scalar], at start: Int) -> (text: String, end: Int)? {
        var index = start
        var radix: UInt32 = 10
        if index < text.count, text[index] == "x" || text[index] == "X" {
            radix = 16
            index += 1
        }
        let digitsStart = index
        var value: UInt32 = 0
        var overflowed = false
        while index < text.count, let digit = digitValue(text[index], radix: radix) {
            if !overflowed {
                let (product, over1) = value.multipliedReportingOverflow(by: radix)
                let (sum, over2) = product.addingReportingOverflow(digit)
                if over1 || over2 || sum > 0x10FFFF { overflowed = true } else { value = sum }
            }
            index += 1
        }
        guard index > digitsStart else { return nil }  // `&#` or `&#x` alone is text
        if index < text.count, text[index] == ";" { index += 1 }
        return (String(Character(scalar(for: value, overflowed: overflowed))), index)
    }

    /// What a numeric reference's value stands for, after HTML5's replacements.
    static func scalar(for value: UInt32, overflowed: Bool = false) -> Unicode.Scalar {
        if overflowed || value == 0 { return "\u{FFFD}" }
        if let remapped = windows1252[value] { return remapped }
        return Unicode.Scalar(value) ?? "\u{FFFD}"  // nil for surrogates and past U+10FFFF
    }

    /// The C1 controls that HTML5 reads as Windows-1252, the encoding such references were written in.
    static let windows1252: [UInt32: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}", 0x86: "\u{2020}",
        0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}", 0x8C: "\u{0152}",
        0x8E: "\u{017D}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}",
        0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}",
        0x9C: "\u{0153}", 0x9E: "\u{017E}", 0x9F: "\u{0178}",
    ]

    private static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    private static func digitValue(_ c: Unicode.Scalar, radix: UInt32) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 0x30
        case "a"..."f" where radix == 16: return c.value - 0x61 + 10
        case "A"..."F" where radix == 16: return c.value - 0x41 + 10
        default: return nil
        }
    }

    /// Decodes every reference in `text` (text content; no tags are read).
    public static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let reference = decode(scalars, at: index) {
                out.append(contentsOf: reference.text.unicodeScalars)
                index = reference.end
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }
}
