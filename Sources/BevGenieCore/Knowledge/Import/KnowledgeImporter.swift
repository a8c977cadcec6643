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
    /// What the import did with the built-in starter documents (see `KnowledgeImporter.starter`).
    case starter(StarterOutcome, documents: Int)
}

/// What an import did with the built-in starter (demo) documents.
public enum StarterOutcome: String, Sendable {
    /// Taken out before the user's documents went in: answers now come only from the user's knowledge.
    case removed
    /// Left beside the user's documents, as asked (`--keep-starter`, `knowledge.keepStarter`).
    case kept
    /// Taken out, then put back because the import stored nothing of the user's.
    case restored
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

    /// How many documents are prepared (chunked and embedded) before they are written, and how many go into one
    /// write batch. A batch is one transaction, holding the database's write lock while it runs, so it also ends
    /// at `batchChunkLimit` chunks: a `serve` writing to the same file waits well under its busy timeout even
    /// when the documents are long.
    public var windowSize = 512
    public var batchSize = 512
    public var batchChunkLimit = 4_096
    /// A pause before the next batch takes the write lock again, once the batches since the last pause have
    /// held it for `writingBetweenPauses`: SQLite's lock is not fair, and a writer in another process (a `serve`
    /// saving sessions, looking every 1–4 ms) gets in during these pauses instead of waiting out the whole
    /// import. It waits one pause's worth of writing at most (100 ms, against its 5 s busy timeout), and the
    /// import no longer pauses after every small batch: at 100k one-chunk records that was ~200 pauses, 2 s.
    public var pauseBetweenBatches: Duration = .milliseconds(10)
    public var writingBetweenPauses: Duration = .milliseconds(100)
    /// What to do with the starter documents. `.replaceWithUserKnowledge` (the default) removes them before the
    /// first user document is written — before, not after, so the user's documents never meet the demo's in an
    /// answer and may use another embedding model than the one the demo was embedded with.
    public var starter: StarterHandling = .replaceWithUserKnowledge

    public enum StarterHandling: Sendable {
        case replaceWithUserKnowledge, keep
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
        var starterRemoved = 0
        let starterIds = try await StarterKnowledge.storedIds(in: store)
        if !starterIds.isEmpty {
            if starter == .keep {
                await report(.starter(.kept, documents: starterIds.count))
            } else if !files.isEmpty {
                starterRemoved = try await store.removeDocuments(ids: starterIds)
                await report(.starter(.removed, documents: starterRemoved))
            }
        }

        try await store.bulkLoading(true)
        do {
            try await importFiles(files, summary: &summary, report: report)
        } catch {
            try? await store.bulkLoading(false)
            throw error
        }
        try await store.bulkLoading(false)
        if starterRemoved > 0, summary.documents == 0 {
            // Nothing of the user's went in (every file skipped): an empty knowledge base helps no one.
            try await StarterKnowledge.install(into: store, embedder: embedder)
            await report(.starter(.restored, documents: starterRemoved))
        }
        if summary.inserted + summary.replaced + summary.removed + starterRemoved > 0 {
            try await store.optimizeSearchIndex()
        }
        summary.seconds = (ContinuousClock.now - started).milliseconds / 1000
        return summary
    }

    /// The files' documents, windows of jobs going through two stages that overlap; then the records gone from
    /// records files are removed.
    private func importFiles(
        _ files: [(path: String, type: FileType)], summary: inout ImportSummary,
        report: @Sendable (ImportEvent) async -> Void
    ) async throws {
        // Windows of jobs go through two stages that overlap: while one window is written (the store's thread),
        // the next is chunked and embedded (the other cores).
        var window: [Job] = []
        var windowFiles: [(path: String, index: Int)] = []
        var inFlight: (jobs: [Job], files: [(path: String, index: Int)], prepared: Task<[Result<KnowledgeDocument, ReadProblem>], any Error>)?
        // Records files whose stale records are removed once all their records are written.
        var recordFiles: [(path: String, ids: Set<String>)] = []

        let total = files.count
        // Time the batches have held the write lock since the last pause (see `writingBetweenPauses`).
        var writing = Duration.zero
        func finishInFlight() async throws {
            guard let (jobs, doneFiles, prepared) = inFlight else { return }
            inFlight = nil
            try await write(jobs, prepared: try await prepared.value, summary: &summary, writing: &writing, report: report)
            summary.files += doneFiles.count
            for file in doneFiles { await report(.fileDone(file: file.path, index: file.index, total: total)) }
        }

        /// Starts preparing a window of `window`'s jobs and writes the one before it; with `draining`, until
        /// nothing is left (the last file).
        func dispatch(draining: Bool) async throws {
            // A large records file is cut into several windows.
            while window.count >= windowSize || (draining && (!window.isEmpty || !windowFiles.isEmpty)) {
                let take = min(window.count, windowSize)
                let jobs = Array(window.prefix(take))
                window.removeFirst(take)
                let doneFiles = window.isEmpty ? windowFiles : []
                if window.isEmpty { windowFiles.removeAll() }
                let prepared = Task { try await self.prepareWindow(jobs) }
                try await finishInFlight()
                inFlight = (jobs, doneFiles, prepared)
                if window.isEmpty && windowFiles.isEmpty { break }
            }
        }

        for (index, file) in files.enumerated() {
            try Task.checkCancellation()
            switch jobs(for: file.path, type: file.type) {
            case .failure(let problem):
                summary.skipped += 1
                await report(.skipped(file: file.path, line: problem.line, reason: problem.reason))
            case .success(var reader):
                // Records are read a window at a time, so a large records file is never held as jobs whole.
                while let part = reader.next(max(1, windowSize - window.count)) {
                    for (line, reason) in part.invalid {
                        summary.skipped += 1
                        await report(.skipped(file: file.path, line: line, reason: reason))
                    }
                    window += part.jobs
                    try await dispatch(draining: false)
                }
                if reader.isRecords { recordFiles.append((file.path, reader.ids)) }
            }
            windowFiles.append((file.path, index + 1))
            try await dispatch(draining: index == files.count - 1)
        }
        try await finishInFlight()
        // Records that were in an earlier version of a file and are gone now: the file is the source of truth.
        for (path, ids) in recordFiles {
            let stale = try await store.documentIds(sourcePrefix: path + "#").filter { !ids.contains($0) }
            guard !stale.isEmpty else { continue }
            summary.removed += try await store.removeDocuments(ids: stale)
            for id in stale { await report(.removed(file: path, id: id)) }
        }
    }

    /// One document to build from a file or a record.
    struct Job: Sendable {
        var file: String
        var line: Int?
        var id: String
        var source: String
        var markdown: String
        var metadata: JSONValue?
    }

    /// Chunks and embeds a window of jobs, split across the cores.
    private func prepareWindow(_ jobs: [Job]) async throws -> [Result<KnowledgeDocument, ReadProblem>] {
        guard !jobs.isEmpty else { return [] }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let sliceSize = (jobs.count + workers - 1) / workers
        return try await withThrowingTaskGroup(of: (Int, [Result<KnowledgeDocument, ReadProblem>]).self) { group in
            for start in stride(from: 0, to: jobs.count, by: sliceSize) {
                let slice = Array(jobs[start..<min(jobs.count, start + sliceSize)])
                group.addTask { (start, try await prepare(slice)) }
            }
            var all = [Result<KnowledgeDocument, ReadProblem>?](repeating: nil, count: jobs.count)
            for try await (start, results) in group {
                for (offset, result) in results.enumerated() { all[start + offset] = result }
            }
            return all.map { $0! }
        }
    }

    /// Writes prepared documents in batches, in order, reporting each.
    private func write(
        _ jobs: [Job], prepared: [Result<KnowledgeDocument, ReadProblem>], summary: inout ImportSummary,
        writing: inout Duration, report: @Sendable (ImportEvent) async -> Void
    ) async throws {
        var batch: [(job: Job, document: KnowledgeDocument)] = []
        var batchChunks = 0
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let writeStarted = ContinuousClock.now
            let results = try await store.upsert(batch.map(\.document))
            writing += ContinuousClock.now - writeStarted
            if writing >= writingBetweenPauses {
                try await Task.sleep(for: pauseBetweenBatches)
                writing = .zero
            }
            for ((job, document), result) in zip(batch, results) {
                switch result {
                case .success(let outcome):
                    switch outcome {
                    case .inserted: summary.inserted += 1
                    case .replaced: summary.replaced += 1
                    case .unchanged: summary.unchanged += 1
                    }
                    summary.chunks += document.chunks.count
                    await report(.document(
                        file: job.file, id: document.id, title: document.title, chunks: document.chunks.count,
                        outcome: outcome))
                case .failure(let error):
                    // Mixing embedding models is a mistake in the whole import, not in one document.
                    if let mismatch = error.modelMismatch { throw mismatch }
                    summary.skipped += 1
                    await report(.skipped(file: job.file, line: job.line, reason: error.description))
                }
            }
            batch.removeAll(keepingCapacity: true)
            batchChunks = 0
        }
        for (job, result) in zip(jobs, prepared) {
            switch result {
            case .success(let document):
                batch.append((job, document))
                batchChunks += document.chunks.count
                if batch.count >= batchSize || batchChunks >= batchChunkLimit { try await flush() }
            case .failure(let problem):
                summary.skipped += 1
                await report(.skipped(file: job.file, line: job.line, reason: problem.reason))
            }
        }
        try await flush()
    }

    /// Builds and embeds documents (no storage): the CPU-heavy part, run in parallel slices.
    private func prepare(_ jobs: [Job]) async throws -> [Result<KnowledgeDocument, ReadProblem>] {
        var results: [Result<KnowledgeDocument, ReadProblem>] = []
        var built: [(index: Int, document: KnowledgeDocument)] = []
        for job in jobs {
            do {
                var document = try builder.build(id: job.id, source: job.source, markdown: job.markdown)
                document.metadata = job.metadata
                built.append((results.count, document))
                results.append(.success(document))
            } catch {
                results.append(.failure(ReadProblem(reason: error.description)))
            }
        }
        // One embedding call for the whole slice: remote embedders batch it into few requests.
        let texts = built.flatMap { entry in entry.document.chunks.map { $0.embeddingText(title: entry.document.title) } }
        let vectors = try await embedder.embed(texts)
        var next = 0
        for (index, var document) in built {
            for chunk in document.chunks.indices {
                document.chunks[chunk].vector = vectors[next]
                next += 1
            }
            document.embeddingModel = embedder.model
            results[index] = .success(document)
        }
        return results
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
