import BevGenieCore
extension FuzzTarget {
    /// The same events whether the stream arrives at once, in uneven pieces, or a byte at a time.
    static func checkSSE(_ input: [UInt8]) throws(FuzzFinding) {
        func events(_ pieces: [ArraySlice<UInt8>]) throws(FuzzFinding) -> [SSEEvent] {
            var parser = SSEParser()
            var events: [SSEEvent] = []
            for piece in pieces {
                do {
                    events += try parser.feed(piece)
                } catch {
                    throw FuzzFinding(.sse, "the parser refused a short stream: \(error)")
                }
            }
            return events
        }
        let whole = try events([input[...]])
        guard try events(pieces(input)) == whole else { throw FuzzFinding(.sse, "events differ when split in pieces") }
        guard try events(input.map { [$0][...] }) == whole else {
            throw FuzzFinding(.sse, "events differ when fed a byte at a time")
        }
        for event in whole where event.event.isEmpty {
            throw FuzzFinding(.sse, "an event without a type was dispatched")
        }
    }

    /// Whatever parses, serialises to JSON that parses back to the same value.
    static func checkJSON(_ input: [UInt8]) throws(FuzzFinding) {
        guard let value = try? JSONParser.parse(bytes: input) else { return }
        let text = value.serialized()
        let again: JSONValue
        do {
            again = try JSONParser.parse(text)
        } catch {
            throw FuzzFinding(.json, "serialised value does not parse: \(error) in \(text.prefix(200))")
        }
        guard again == value else { throw FuzzFinding(.json, "round trip changed the value: \(text.prefix(200))") }
        guard again.serialized() == text else { throw FuzzFinding(.json, "serialisation is not stable") }
    }

    /// The sections found do not depend on how the text was split; and for a well-formed object, they are
    /// exactly the object and array elements of its top-level `"sections"` array.
    static func checkSections(_ input: [UInt8]) throws(FuzzFinding) {
        let text = String(decoding: input, as: UTF8.self)
        func sections(_ pieces: [Substring]) -> [JSONValue] {
            var reader = IncrementalSections()
            return pieces.flatMap { reader.feed(String($0)) }
        }
        let whole = sections([text[...]])
        guard sections(pieces(text)) == whole else {
            throw FuzzFinding(.sections, "sections differ when the text arrives in pieces")
        }
        // The oracle: the real parser on the canonical form (unique keys, no preamble).
        guard let value = try? JSONParser.parse(bytes: input), value.objectValue != nil else { return }
        // Every top-level "sections" key counts (an object may repeat a key; the reader sees each).
        let expected = (value.objectValue ?? []).flatMap { key, value in
            key == "sections" ? (value.arrayValue ?? []).filter { $0.objectValue != nil || $0.arrayValue != nil } : []
        }
        let found = sections([value.serialized()[...]])
        guard found == expected else {
            throw FuzzFinding(.sections, "found \(found.count) sections where the parser sees \(expected.count)")
        }
    }
}
