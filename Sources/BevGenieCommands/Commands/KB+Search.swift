import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.KB {
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search the knowledge base.",
            discussion: """
                hybrid (the default) fuses keyword (FTS5 BM25) and vector rankings with reciprocal rank fusion; \
                keyword and vector use one of them. Your text is only ever words: quotes, *, NEAR, AND, -, : and \
                parentheses are searched as plain text, never as query syntax.

                Examples:
                  bevgenie kb search "how do I hold distributors accountable"
                  bevgenie kb search "TTB COLA" --mode keyword -k 3
                  bevgenie kb search "route planning" --format ndjson | jq -r .chunkId
                """)

        @Argument(help: "What to look for.")
        var query: [String]

        @Option(name: .short, help: "How many results.")
        var k = 10

        @Option(name: .long, help: "hybrid, keyword or vector.")
        var mode: SearchMode = .hybrid

        @Option(name: .long, help: "Output: text, ndjson (one result per line) or json.")
        var format: ListFormat = .text

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if query.joined().allSatisfy(\.isWhitespace) {
                throw ValidationError("Missing what to search for, e.g. bevgenie kb search \"label approval\"")
            }
            if !(1...1000).contains(k) { throw ValidationError("-k must be between 1 and 1000.") }
        }

        func run() async throws {
            let text = query.joined(separator: " ")
            let environment = try await embedderOptions.environment(database)
            var request = KnowledgeQuery(text: text, mode: mode, limit: k)
            if mode != .keyword {
                request.vector = try await environment.embedder.embed(text)
                request.model = environment.embedder.model
            }
            let hits = try await environment.store.search(request)
            let out = Terminal.standardOutput
            switch format {
            case .ndjson:
                for hit in hits { out.write(hit.json.serialized() + "\n") }
            case .json:
                out.write(JSONValue.array(hits.map(\.json)).prettySerialized() + "\n")
            case .text:
                if hits.isEmpty { out.write("no results\n") }
                for (index, hit) in hits.enumerated() {
                    var parts: [String] = []
                    if let rank = hit.keywordRank, let score = hit.keywordScore {
                        parts.append(String(format: "keyword #%d (bm25 %.2f)", rank, score))
                    }
                    if let rank = hit.vectorRank, let score = hit.vectorScore {
                        parts.append(String(format: "vector #%d (cos %.3f)", rank, score))
                    }
                    out.write(String(format: "%2d. ", index + 1) + "\(hit.chunk.headingPath.forTerminal)\n")
                    out.write("    \(hit.chunk.id.forTerminal) · \(String(format: "%.4f", hit.searchScore)) · "
                        + parts.joined(separator: ", ") + "\n")
                    out.write("    \(Self.terminalSnippet(hit.snippet ?? ""))\n")
                }
            }
        }

        /// `**match**` → bold on a terminal, plain elsewhere.
        static func terminalSnippet(_ snippet: String) -> String {
            let flat = snippet.split(whereSeparator: \.isNewline).joined(separator: " ").forTerminal
            guard Terminal.standardOutput.allowsEscapes else { return flat.replacingOccurrences(of: "**", with: "") }
            var out = ""
            var bold = false
            var rest = Substring(flat)
            while let range = rest.range(of: "**") {
                out += rest[..<range.lowerBound]
                out += bold ? "\u{1B}[0m" : "\u{1B}[1m"
                bold.toggle()
                rest = rest[range.upperBound...]
            }
            return out + rest + (bold ? "\u{1B}[0m" : "")
        }
    }
}

extension SearchMode: ExpressibleByArgument {}
