import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI.KB {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import files and folders into the knowledge base.",
            discussion: """
                Reads Markdown (.md, with optional front matter: title, kind, painPoints, roles), plain text (.txt), \
                HTML (.html; scripts and styles dropped), JSON Lines (.jsonl: {"title","text","url"?,"metadata"?} \
                per line) and CSV (.csv with a header and a text column). Folders are read recursively; hidden \
                entries are skipped and other file types ignored.

                Documents are chunked by their headings and paragraphs, embedded and indexed, each in its own \
                transaction. Re-importing an unchanged file changes nothing; a changed file replaces its old chunks. \
                A file that cannot be read (binary, not UTF-8, empty, a broken JSON line) is reported with its \
                line and skipped; the rest imports. Exit code 1 when anything was skipped.

                The built-in starter documents are a demo of BevGenie. Your first import takes them out, so answers \
                and pages come only from your knowledge; the import says so in one line, and `bevgenie kb \
                restore-starter` brings them back. --keep-starter (or "knowledge": {"keepStarter": true} in the \
                config file) keeps them beside yours, for this and later imports into the same database.

                Examples:
                  bevgenie kb import handbook/
                  bevgenie kb import faq.jsonl pricing.html --format ndjson \\
                    | jq -c 'select(.event=="skipped")'
                  bevgenie kb import products.csv --text-column description
                  bevgenie kb import notes/ --keep-starter
                """)

        @Argument(help: ArgumentHelp("Files or folders to import.", valueName: "path"))
        var paths: [String]

        @Option(name: .long, help: ArgumentHelp("For CSV: the column with the text.", valueName: "name"))
        var textColumn: String?

        @Option(name: .long, help: "Output: text (progress on a terminal) or ndjson (one event per line).")
        var format: ListFormat?

        @Flag(help: "Keep the built-in starter (demo) documents beside yours, now and in later imports.")
        var keepStarter = false

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if paths.isEmpty { throw ValidationError("Name at least one file or folder to import.") }
        }

        func run() async throws {
            let environment = try await embedderOptions.environment(database)
            var importer = KnowledgeImporter(store: environment.store, embedder: environment.embedder)
            importer.textColumn = textColumn
            let configured: Bool
            do {
                configured = try ConfigFile.load().keepStarter
            } catch {
                throw CommandFailure(error.description)
            }
            if keepStarter { try await environment.store.setKeepsStarter(true) }
            let remembered = try await environment.store.keepsStarter()
            importer.starter = keepStarter || configured || remembered ? .keep : .replaceWithUserKnowledge
            let format = self.format ?? (Terminal.standardOutput.isTerminal ? .text : .ndjson)
            let printer = ImportPrinter(ndjson: format != .text)
            let summary = try await importer.run(paths: paths) { await printer.handle($0) }
            await printer.finish(summary)
            if summary.skipped > 0 { throw CommandFailure("", exitCode: 1) }
        }
    }
}

/// Import progress: a bar on a terminal, events as NDJSON otherwise, and a summary either way.
actor ImportPrinter {
    let ndjson: Bool
    let stdout = Terminal.standardOutput
    let stderr = Terminal.standardError
    let liveBar: Bool
    private var chunks = 0
    private var barShowing = false

    init(ndjson: Bool) {
        self.ndjson = ndjson
        self.liveBar = !ndjson && Terminal.standardError.allowsEscapes
    }

    func handle(_ event: ImportEvent) {
        if ndjson {
            stdout.write(JSONValue.object([("event", .string(Self.name(event))), ("data", Self.data(event))]).serialized() + "\n")
            return
        }
        switch event {
        case .document(_, _, _, let count, _):
            chunks += count
        case .skipped(let file, let line, let reason):
            clearBar()
            stderr.write("skipped \(file)\(line.map { ":\($0)" } ?? ""): \(reason)".forTerminal + "\n")
        case .removed(let file, let id):
            clearBar()
            stderr.write("removed \(id) (no longer in \(file))".forTerminal + "\n")
        case .fileDone(_, let index, let total):
            if liveBar {
                let width = 30
                let filled = total == 0 ? width : width * index / total
                stderr.write("\r\u{1B}[2K[" + String(repeating: "#", count: filled)
                    + String(repeating: "-", count: width - filled) + "] \(index)/\(total) files · \(chunks) chunks")
                barShowing = true
            }
        case .starter(let outcome, let documents):
            clearBar()
            stdout.write(Self.starterLine(outcome, documents) + "\n")
        case .started, .ignored:
            break
        }
    }

    func finish(_ summary: ImportSummary) {
        if ndjson {
            stdout.write(JSONValue.object([("event", "summary"), ("data", Self.json(summary))]).serialized() + "\n")
            return
        }
        clearBar()
        var line = "\(summary.files.counted("file")): \(summary.inserted) new, \(summary.replaced) replaced, "
            + "\(summary.unchanged) unchanged documents; \(summary.chunks.counted("chunk"))"
        if summary.removed > 0 { line += "; \(summary.removed) removed" }
        if summary.skipped > 0 { line += "; \(summary.skipped) skipped" }
        if summary.ignored > 0 { line += "; \(summary.ignored) ignored (not a type bevgenie imports)" }
        line += String(format: " (%.2f s)", summary.seconds)
        stdout.write(line + "\n")
    }

    private func clearBar() {
        if barShowing {
            stderr.write("\r\u{1B}[2K")
            barShowing = false
        }
    }

    static func name(_ event: ImportEvent) -> String {
        switch event {
        case .started: return "started"
        case .document: return "document"
        case .skipped: return "skipped"
        case .ignored: return "ignored"
        case .removed: return "removed"
        case .fileDone: return "progress"
        case .starter: return "starter"
        }
    }

    static func data(_ event: ImportEvent) -> JSONValue {
        switch event {
        case .started(let files): return .object([("files", .int(files))])
        case .document(let file, let id, let title, let chunks, let outcome):
            return .object([
                ("file", .string(file)), ("id", .string(id)), ("title", .string(title)), ("chunks", .int(chunks)),
                ("outcome", .string(outcome.rawValue)),
            ])
        case .skipped(let file, let line, let reason):
            return .object(["file": .string(file), "line": line.map { .int($0) }, "reason": .string(reason)])
        case .ignored(let file, let reason): return .object([("file", .string(file)), ("reason", .string(reason))])
        case .removed(let file, let id): return .object([("file", .string(file)), ("id", .string(id))])
        case .fileDone(let file, let index, let total):
            return .object([("file", .string(file)), ("done", .int(index)), ("total", .int(total))])
        case .starter(let outcome, let documents):
            return .object([
                ("action", .string(outcome.rawValue)), ("documents", .int(documents)),
                ("message", .string(starterLine(outcome, documents))),
            ])
        }
    }

    /// The one line that says what happened to the demo documents and how to undo it.
    static func starterLine(_ outcome: StarterOutcome, _ documents: Int) -> String {
        switch outcome {
        case .removed:
            return "starter: removed the \(documents) built-in demo documents, so answers and pages come only from "
                + "your knowledge (bring them back with `bevgenie kb restore-starter`)"
        case .kept:
            return "starter: kept the \(documents) built-in demo documents beside yours (remove them with "
                + "`bevgenie kb rm --source builtin:`)"
        case .restored:
            return "starter: nothing of yours was imported, so the \(documents) built-in demo documents stay"
        }
    }

    static func json(_ summary: ImportSummary) -> JSONValue {
        .object([
            ("files", .int(summary.files)), ("inserted", .int(summary.inserted)), ("replaced", .int(summary.replaced)),
            ("unchanged", .int(summary.unchanged)), ("removed", .int(summary.removed)), ("chunks", .int(summary.chunks)),
            ("skipped", .int(summary.skipped)), ("ignored", .int(summary.ignored)),
            ("seconds", .rounded(summary.seconds, places: 3)),
        ])
    }
}
