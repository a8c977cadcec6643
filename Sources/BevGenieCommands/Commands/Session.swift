import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct Session: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inspect and manage conversations: persona, signals and messages.",
            subcommands: [Show.self, List.self, Export.self, Remove.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List sessions, most recently active first.")

            @Option(help: "How many.")
            var limit = 20

            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let sessions = try await database.openStore().sessions(limit: limit)
                let out = Terminal.standardOutput
                for session in sessions {
                    out.write(session.id.padding(toLength: 20, withPad: " ", startingAt: 0)
                        + SessionDetail.iso(session.updatedAt) + String(format: "  %3d messages  ", session.messageCount)
                        + (session.role ?? "-").padding(toLength: 12, withPad: " ", startingAt: 0)
                        + (session.topPainPoint ?? "") + "\n")
                }
                if sessions.isEmpty { out.write("no sessions\n") }
            }
        }

        struct Export: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Export a session as JSON: persona, signals with evidence, messages.")

            @Argument(help: "The session id.")
            var id: String

            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                guard let session = try await database.openStore().session(id: id) else {
                    throw CommandFailure("no session with id '\(id)'")
                }
                Terminal.standardOutput.write(session.json.prettySerialized() + "\n")
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rm",
                abstract: "Remove a session's messages, signals and persona (nothing else: run metrics stay).")

            @Argument(help: "The session id.")
            var id: String

            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                guard try await database.openStore().removeSession(id: id) else {
                    throw CommandFailure("no session with id '\(id)'")
                }
                Terminal.standardOutput.write("removed session \(id)\n")
            }
        }

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
                let store = try await database.openStore()
                guard let session = try await store.session(id: id) else {
                    throw CommandFailure("no session with id '\(id)'")
                }
                switch format {
                case .json: Terminal.standardOutput.write(session.json.prettySerialized() + "\n")
                case .text: Terminal.standardOutput.write(SessionFormatter.text(session).forTerminal)
                }
            }
        }
    }
}
