import Foundation
import Testing

@testable import BevGenieCore

@Suite struct JSONTests {
    @Test func serializesInKeyOrderAndEscapesControlCharacters() {
        let value: JSONValue = .object([
            ("b", 1), ("a", "line\nbreak \"quoted\" \\ tab\t \u{01} \u{2028}"), ("n", .null), ("f", 0.25),
            ("list", [true, false]),
        ])
        #expect(value.serialized()
            == #"{"b":1,"a":"line\nbreak \"quoted\" \\ tab\t \u0001 \u2028","n":null,"f":0.25,"list":[true,false]}"#)
    }

    @Test func roundTripsThroughFoundationsParser() throws {
        let value: JSONValue = .object([
            ("text", "Ünïcödé 🍺 <script>alert(1)</script>"), ("number", 12.5), ("nested", .object([("x", [1, 2, 3])])),
        ])
        let text = value.serialized()
        let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(foundation["text"] as? String == "Ünïcödé 🍺 <script>alert(1)</script>")
        #expect(try JSONParser.parse(text) == value)
    }

    @Test func integersPrintWithoutAFraction() {
        #expect(JSONValue.number(42).serialized() == "42")
        #expect(JSONValue.number(-0.5).serialized() == "-0.5")
        #expect(JSONValue.number(.nan).serialized() == "null")
        #expect(JSONValue.rounded(0.123456, places: 2).serialized() == "0.12")
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "\"unterminated", "{\"a\" 1}", "[1 2]", "tru", "\"\\x\"",
        "\"\\ud800\"", "{} extra", "\"tab\there\"",
    ])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(bytes: [0x22, 0xFF, 0xFE, 0x22]) }
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try JSONParser.parse("{\n  \"a\": tru\n}")
            Issue.record("expected a failure")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 8)
        }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""a\u00e9\ud83c\udf7a\n\/""#) == .string("aé🍺\n/"))
    }
}
