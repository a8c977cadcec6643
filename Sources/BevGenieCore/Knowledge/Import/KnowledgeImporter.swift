import Foundation

/// What happened to one file or record during an import.
public enum ImportEvent: Sendable {
    /// The files to read, once they are known.
    case started(files: Int)
    /// A document was stored (or found unchanged).
    case document(file: String, id: String, title: String, chunks: Int, outcome: UpsertOutcome)
    /// A file, or a record in it, could not be imported; the rest goes on.
    case skipped(file: String, line: Int?, reason: String)
    /// A file in a folder that is not of a type bevgenie reads (images, archives…).
    case ignored(file: String, reason: String)
    /// A record that was in an earlier version of a file and is gone from it.
    case removed(file: String, id: String)
    /// A file is done.
    case fileDone(file: String, index: Int, total: Int)
}

/// The totals of an import.
public struct ImportSummary: Sendable, Equatable {
    public var files = 0
    public var inserted = 0
    public var replaced = 0
    public var unchanged = 0
    public var removed = 0
    public var chunks = 0
    public var skipped = 0
    public var ignored = 0
    public var seconds = 0.0

    public var documents: Int { inserted + replaced + unchanged }
}

/// Reads files and folders into the knowledge base: Markdown, plain text, HTML, JSON Lines and CSV.
///
/// Each document is chunked by its structure, embedded and stored in its own transaction, so an import that
/// stops half-way (an error, a kill) leaves every document either wholly stored or as it was. A file that cannot
/// be read — binary, not UTF-8, empty, a broken record — is reported with its line and skipped; the rest goes on.
public struct KnowledgeImporter: Sendable {
    public let store: any KnowledgeStore
    public let embedder: any Embedder
    public var builder = DocumentBuilder()
    /// For CSV: the column holding the text (default: `text`, `content`, `body` or `description`).
    public var textColumn: String?
    /// Files larger than this are skipped: a knowledge document, not a data dump.
    public var maxFileBytes = 50 * 1024 * 1024

    public init(store: any KnowledgeStore, embedder: any Embedder) {
        self.store = store
        self.embedder = embedder
    }

    public enum FileType: String, Sendable {
        case markdown, text, html, jsonLines = "jsonl", csv

        init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "md", "markdown", "mdown", "mkd", "mdx": self = .markdown
            case "txt", "text": self = .text
            case "html", "htm", "xhtml": self = .html
            case "jsonl", "ndjson": self = .jsonLines
            case "csv": self = .csv
            default: return nil
            }
        }
    }

    public func run(paths: [String], report: @Sendable (ImportEvent) async -> Void) async throws -> ImportSummary {
        let started = ContinuousClock.now
        var summary = ImportSummary()
        var files: [(path: String, type: FileType)] = []
        var events: [ImportEvent] = []
        for path in paths {
            collect(path, explicit: true, into: &files, summary: &summary, events: &events)
        }
        for event in events { await report(event) }
        await report(.started(files: files.count))
        for (index, file) in files.enumerated() {
            try Task.checkCancellation()
            try await importFile(file.path, type: file.type, summary: &summary, report: report)
            summary.files += 1
            await report(.fileDone(file: file.path, index: index + 1, total: files.count))
        }
        summary.seconds = (ContinuousClock.now - started).milliseconds / 1000
        return summary
    }

    /// Expands a path into the files to read: a file as given, a folder recursively (hidden entries skipped).
    private func collect(
        _ path: String, explicit: Bool, into files: inout [(path: String, type: FileType)],
        summary: inout ImportSummary, events: inout [ImportEvent]
    ) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            summary.skipped += 1
            events.append(.skipped(file: path, line: nil, reason: "no such file or directory"))
            return
        }
        if isDirectory.boolValue {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
                summary.skipped += 1
                events.append(.skipped(file: path, line: nil, reason: "cannot list the directory"))
                return
            }
            for entry in entries.sorted() where !entry.hasPrefix(".") {
                collect(url.appendingPathComponent(entry).path, explicit: false, into: &files, summary: &summary,
                        events: &events)
            }
        } else if let type = FileType(path: url.path) {
            files.append((url.path, type))
        } else if explicit {
            files.append((url.path, .text))  // named on purpose: read it as text if it is text
        } else {
            summary.ignored += 1
            events.append(.ignored(file: url.path, reason: "not a type bevgenie imports"))
        }
    }
}
