import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct Session: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inspect conversations: persona, signals and messages.",
            subcommands: [Show.self])

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a session's persona, the signals behind it and its messages.",
                discussion: """
                    The session id is printed at the end of every `bevgenie ask` and is in the complete event \
                    (.data.session.id).

                    Examples:
                      bevgenie session show 3f9c1a2b7d4e5f60
                      bevgenie session show 3f9c1a2b7d4e5f60 --format json | jq .persona
                    """)

            @Argument(help: "The session id.")
            var id: String

            @Option(name: .long, help: "Output: text or json.")
            var format: Format = .text

            enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let store = try database.openStore()
                guard let session = try await store.session(id: id) else {
                    throw CommandFailure("no session with id '\(id)'")
                }
                switch format {
                case .json: Terminal.standardOutput.write(session.json.prettySerialized() + "\n")
                case .text: Terminal.standardOutput.write(SessionFormatter.text(session))
                }
            }
        }
    }
}
