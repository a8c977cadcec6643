import ArgumentParser
import BevGenieCore
import Foundation

/// The root command: parses arguments, runs the subcommand, and maps every failure to a one-line message and an
/// exit code — 0 success, 1 the command failed, 2 usage error, 130 interrupted.
public struct BevGenieCLI: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bevgenie",
        abstract: "BevGenie's real-time page-generation pipeline, in one binary.",
        discussion: """
            A visitor asks a question; five stages (intent, persona signals, knowledge search, chat response, \
            landing page) answer it and build a page tailored to that visitor, streaming every stage as it \
            happens. Everything runs in process against one SQLite file, which is created with the built-in \
            starter knowledge on first use.

            Examples:
              bevgenie ask "Our reps ignore our brand. How do we get mindshare?"
              bevgenie ask "How much does it cost?" \\
                | jq -c 'select(.event=="stage") | .data.progress'
              bevgenie ask "Show me a case study" --format json \\
                | jq .generatedPage | bevgenie page render - > page.html
              bevgenie session show 3f9c1a2b7d4e5f60

            The database lives at $XDG_DATA_HOME/bevgenie/bevgenie.db (~/.local/share/bevgenie/bevgenie.db); \
            use --db or BEVGENIE_DB for another file.
            """,
        version: BevGenieVersion.string,
        subcommands: [Ask.self, Serve.self, KB.self, Session.self, Persona.self, Stats.self, Page.self, Models.self, DB.self, Runs.self, Bench.self, MCP.self]
    )

    public init() {}

    /// Runs the command line and exits the process.
    public static func main() async {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe (`| head`) becomes EPIPE on write, handled there
        let code = await run(arguments: Array(CommandLine.arguments.dropFirst()))
        Foundation.exit(code)
    }

    /// Runs the command line and returns the exit code.
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Terminal.standardError.write("bevgenie: error: \(failure.message)\n") }
            return failure.exitCode
        } catch let error as ExitCode {
            return error.rawValue
        } catch let error as any ReportableError {
            // Errors that know what they are (storage, configuration, requests): their message and exit code.
            Terminal.standardError.write("bevgenie: error: \(error.message)\n")
            return error.category.exitCode
        } catch {
            let code = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if code == 0 {
                Terminal.standardOutput.write(message + "\n")  // --help, --version
                return 0
            }
            Terminal.standardError.write(message + "\n")
            // ArgumentParser uses EX_USAGE (64) for usage errors; bevgenie follows the common convention of 2.
            return code == ExitCode.validationFailure.rawValue ? 2 : code
        }
    }
}

/// A failure with its message already written for the user, and the exit code to end with.
public struct CommandFailure: Error {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
}

public enum BevGenieVersion {
    public static let string = "0.1.0"
}
