import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.KB {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List documents.",
            discussion: """
                Examples:
                  bevgenie kb list
                  bevgenie kb list --source builtin:
                  bevgenie kb list --format ndjson | jq -r .id
                """)

        @Option(name: .long, help: ArgumentHelp("Only documents whose source starts with this.", valueName: "prefix"))
        var source: String?

        @Option(name: .long, help: "Output: text, ndjson or json.")
        var format: ListFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await database.openStore()
            let documents = try await store.documents(sourcePrefix: source.map(KBPaths.sourcePrefix))
            let out = Terminal.standardOutput
            switch format {
            case .ndjson: for document in documents { out.write(KBPaths.json(document).serialized() + "\n") }
            case .json: out.write(JSONValue.array(documents.map(KBPaths.json)).prettySerialized() + "\n")
            case .text:
                for document in documents {
                    out.write((document.id.padding(toLength: 40, withPad: " ", startingAt: 0) + " "
                        + document.kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0) + " "
                        + String(format: "%4d chunks  ", document.chunks) + document.title).forTerminal + "\n")
                }
                out.write("\(documents.count.counted("document"))\n")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a document and its chunks.")

        @Argument(help: "The document id (see kb list).")
        var id: String

        @Option(name: .long, help: "Output: text or json.")
        var format: ListFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await database.openStore()
            guard let document = try await store.documents(sourcePrefix: nil).first(where: { $0.id == id }) else {
                throw CommandFailure("no document with id '\(id)'")
            }
            let chunks = try await store.documentChunks(id: id)
            let out = Terminal.standardOutput
            if format != .text {
                var json = KBPaths.json(document)
                if case .object(var pairs) = json {
                    pairs.append(("chunkTexts", .array(chunks.map {
                        .object([("id", .string($0.id)), ("headingPath", .string($0.headingPath)), ("text", .string($0.text))])
                    })))
                    json = .object(pairs)
                }
                out.write(json.prettySerialized() + "\n")
                return
            }
            out.write("\(document.title)\n  id \(document.id) · \(document.kind.rawValue) · source \(document.source)\n".forTerminal)
            let topics = document.topics.sorted { $0.value > $1.value }.map { String(format: "%@ %.1f", $0.key.rawValue, $0.value) }
            if !topics.isEmpty { out.write("  topics: \(topics.joined(separator: ", "))\n") }
            if !document.roles.isEmpty { out.write("  roles: \(document.roles.map(\.rawValue).joined(separator: ", "))\n") }
            if let metadata = document.metadata { out.write("  metadata: \(metadata.serialized())\n") }
            for chunk in chunks {
                out.write("\n── \(chunk.id) · \(chunk.headingPath)\n\(chunk.text)\n".forTerminal)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Remove documents by id, or every document from a source.",
            discussion: """
                Examples:
                  bevgenie kb rm pricing-guide-3f9a1c2e
                  bevgenie kb rm --source docs/old/
                """)

        @Argument(help: "Document ids.")
        var ids: [String] = []

        @Option(name: .long, help: ArgumentHelp("Remove every document whose source starts with this.", valueName: "prefix"))
        var source: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if ids.isEmpty == (source == nil) { throw ValidationError("Give document ids or --source, not both.") }
        }

        func run() async throws {
            let store = try await database.openStore()
            var targets = ids
            if let source {
                targets = try await store.documents(sourcePrefix: KBPaths.sourcePrefix(source)).map(\.id)
            } else {
                let known = Set(try await store.documents(sourcePrefix: nil).map(\.id))
                if let unknown = ids.first(where: { !known.contains($0) }) {
                    throw CommandFailure("no document with id '\(unknown)'")
                }
            }
            let removed = try await store.removeDocuments(ids: targets)
            Terminal.standardOutput.write("removed \(removed.counted("document"))\n")
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the size of the knowledge base.")

        @Option(name: .long, help: "Output: text or json.")
        var format: ListFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await database.openStore()
            let stats = try await store.knowledgeStats()
            let size = store.fileSize ?? 0
            let kinds = DocumentKind.allCases.compactMap { kind in stats.documentsByKind[kind].map { (kind.rawValue, $0) } }
            if format != .text {
                Terminal.standardOutput.write(JSONValue.object([
                    "documents": .int(stats.documents), "chunks": .int(stats.chunks), "vectors": .int(stats.vectors),
                    "embeddingModel": .string(stats.embeddingModel), "version": .int(stats.version),
                    "databaseBytes": .int(size), "byKind": .object(kinds.map { ($0.0, .int($0.1)) }),
                ]).prettySerialized() + "\n")
                return
            }
            Terminal.standardOutput.write("""
                database   \(store.displayLocation)\(store.fileSize.map { " (\(String(format: "%.1f", Double($0) / 1_048_576)) MB)" } ?? "")
                documents  \(stats.documents) (\(kinds.map { "\($0.1) \($0.0)" }.joined(separator: ", ")))
                chunks     \(stats.chunks)
                vectors    \(stats.vectors)\(stats.embeddingModel.map { " by \($0)" } ?? "")
                version    \(stats.version)

                """)
        }
    }
}

enum KBPaths {
    /// A source prefix as given: paths are stored absolute, so a relative path is made absolute; `builtin:` as is.
    static func sourcePrefix(_ value: String) -> String {
        if value.hasPrefix("/") || value.contains(":") { return value }
        let absolute = URL(fileURLWithPath: value).standardizedFileURL.path
        return value.hasSuffix("/") && !absolute.hasSuffix("/") ? absolute + "/" : absolute
    }

    static func json(_ document: DocumentSummary) -> JSONValue {
        .object([
            "id": .string(document.id), "title": .string(document.title), "kind": .string(document.kind.rawValue),
            "source": .string(document.source), "chunks": .int(document.chunks),
            "topics": .object(document.topics.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .rounded($0.value, places: 2)) }),
            "roles": .array(document.roles.map { .string($0.rawValue) }), "metadata": document.metadata,
            "importedAt": .string(Date(timeIntervalSince1970: document.importedAt).ISO8601Format()),
        ])
    }
}
