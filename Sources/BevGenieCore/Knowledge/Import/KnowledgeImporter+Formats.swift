import Foundation
import Synchronization

extension KnowledgeImporter {
    /// The documents a file holds (one, or one per record for JSON Lines and CSV), to be read a window at a time
    /// with the records that are invalid; or why the file cannot be read at all.
    func jobs(for path: String, type: FileType) -> Result<FileJobs, ReadProblem> {
        let text: String
        switch readText(path) {
        case .success(let value): text = value
        case .failure(let problem): return .failure(problem)
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension

        switch type {
        case .markdown, .text, .html:
            var markdown = text
            var title: String?
            if type == .html {
                let extracted = HTMLText.extract(text)
                markdown = extracted.markdown
                title = extracted.title
            } else if type == .text {
                (title, markdown) = Self.plainText(text)
            }
            let hasTitle = MarkdownParser.frontMatter(markdown).fields["title"] != nil
            if let title, !hasTitle {
                markdown = "---\ntitle: \(title)\n---\n" + markdown
            } else if !hasTitle, MarkdownParser.sections(markdown).first?.headings.isEmpty ?? true {
                // No title and no opening heading: the first line or sentence names it; the file name only when
                // the text has no words a title could come from.
                let (fields, body) = MarkdownParser.frontMatter(markdown)
                let derived = DocumentTitle.fromText(body) ?? Self.titleFromFileName(name)
                // Front matter without a title gets one added to it (a second block would be read as text).
                markdown = fields.isEmpty && body == markdown
                    ? "---\ntitle: \(derived)\n---\n" + markdown
                    : "---\ntitle: \(derived)\n" + markdown.drop { $0 != "\n" }.dropFirst()
            }
            let job = Job(file: path, line: nil, id: DocumentID.make(name: name, key: path), source: path,
                          markdown: markdown, metadata: nil)
            return .success(FileJobs(path: path, source: .single(job)))

        case .jsonLines:
            return .success(FileJobs(path: path, source: .jsonLines(text.lineSlices)))
        case .csv:
            do {
                return .success(FileJobs(path: path, source: .records(try csvRecords(text, path: path))))
            } catch let failure as RecordFailure {
                return .failure(ReadProblem(reason: failure.reason, line: failure.line))
            } catch {
                return .failure(ReadProblem(reason: "\(error)"))
            }
        }
    }

    /// A file's jobs, handed out a part at a time: a JSON Lines file's lines are parsed only when their part is
    /// asked for, so a 50 MB records file is held as its text and one window of jobs, not as every record and
    /// every job at once (which was most of a large import's memory).
    struct FileJobs {
        enum Source {
            case single(Job)
            case jsonLines([Substring])
            case records([Record])
        }

        let path: String
        private var source: Source?
        private var cursor = 0
        /// Ids handed out so far: two records with the same identity get distinct ids, in file order; once the
        /// file is done, the ids of all its documents.
        private(set) var ids: Set<String> = []

        init(path: String, source: Source) {
            self.path = path
            self.source = source
        }

        /// Whether the file is a records file (whose records gone since the last import are removed).
        var isRecords: Bool {
            if case .single? = source { return false }
            return true
        }

        /// Up to `limit` more records' jobs (a single document's file: its one job), with the invalid records
        /// among them; nil when the file is done.
        mutating func next(_ limit: Int) -> (jobs: [Job], invalid: [(line: Int?, reason: String)])? {
            let records: [Record]
            switch source {
            case nil:
                return nil
            case .single(let job)?:
                source = nil
                return ([job], [])
            case .jsonLines(let lines)?:
                guard cursor < lines.count else { return nil }
                let end = min(lines.count, cursor + limit)
                records = KnowledgeImporter.jsonRecords(lines, from: cursor, to: end)
                cursor = end
            case .records(let all)?:
                guard cursor < all.count else { return nil }
                let end = min(all.count, cursor + limit)
                records = Array(all[cursor..<end])
                cursor = end
            }
            var jobs: [Job] = []
            var invalid: [(line: Int?, reason: String)] = []
            for record in records {
                switch record {
                case .invalid(let line, let reason):
                    invalid.append((line, reason))
                case .valid(let line, let title, let body, let key, let metadata):
                    // Ids come from the record's identity (url, or title), not its line: inserting a line above it
                    // must not turn it into a new document.
                    var id = DocumentID.make(name: title, key: path + "#" + key)
                    var occurrence = 2
                    while ids.contains(id) {
                        id = DocumentID.make(name: title, key: path + "#" + key + "#\(occurrence)")
                        occurrence += 1
                    }
                    ids.insert(id)
                    let markdown = "---\ntitle: \(title.replacingOccurrences(of: "\n", with: " "))\n---\n" + body
                    jobs.append(Job(file: path, line: line, id: id, source: "\(path)#\(line)", markdown: markdown,
                                    metadata: metadata))
                }
            }
            return (jobs, invalid)
        }
    }

    struct ReadProblem: Error {
        var reason: String
        var line: Int? = nil
    }

    /// The file as text, or why it is not text.
    func readText(_ path: String) -> Result<String, ReadProblem> {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int
        else { return .failure(ReadProblem(reason: "cannot read the file")) }
        if size > maxFileBytes {
            return .failure(ReadProblem(reason: "larger than \(maxFileBytes / 1_048_576) MB"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ReadProblem(reason: "cannot read the file"))
        }
        // Read in place: a 50 MB records file used to be copied three more times here (bytes, a CRLF-free copy
        // through Foundation), which was most of a large import's peak memory.
        return data.withUnsafeBytes { raw -> Result<String, ReadProblem> in
            var bytes = raw[...]
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            if bytes.prefix(8192).contains(0) { return .failure(ReadProblem(reason: "binary file (contains NUL bytes)")) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(ReadProblem(
                    reason: "not valid UTF-8 (first bad byte at offset \(Self.firstInvalidUTF8(Array(bytes))))"))
            }
            if text.allSatisfy(\.isWhitespace) { return .failure(ReadProblem(reason: "empty file")) }
            return .success(bytes.contains(0x0D) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text)
        }
    }

    /// The byte offset of the first byte that is not part of a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }

    /// Plain text: the first line is the title when it is short; paragraphs stay paragraphs.
    static func plainText(_ text: String) -> (title: String?, body: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return (nil, text) }
        let title = first.trimmed()
        // A leading "#" in a text file is text, not a heading.
        let escaped = lines.map { $0.hasPrefix("#") ? "\\" + $0 : String($0) }
        if title.count <= 100, !title.hasSuffix("."), lines.count > 1 {
            // The title line is the document's title, not the opening of its first paragraph: it is stored once,
            // as the title, so the text below it reads as it was written.
            let index = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) })!
            let rest = escaped[(index + 1)...].joined(separator: "\n")
            if !TextAnalysis.words(rest).isEmpty { return (title, rest) }
        }
        return (nil, escaped.joined(separator: "\n"))
    }

    static func titleFromFileName(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    // MARK: - Records

    enum Record {
        case valid(line: Int, title: String, body: String, key: String, metadata: JSONValue?)
        case invalid(line: Int, reason: String)
    }

    struct RecordFailure: Error {
        var line: Int?
        var reason: String
    }

    /// Lines `start..<end` of a JSON Lines file (numbered from 1) as records, one per line:
    /// `{"title","text","url"?,"metadata"?}`. Parsed in parallel slices: the next window cannot start before its
    /// records are read, so this parse is time the importer otherwise spends on one core.
    static func jsonRecords(_ lines: [Substring], from start: Int, to end: Int) -> [Record] {
        let count = end - start
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, count / 128))
        let sliceSize = (count + parts - 1) / parts
        let slices = Mutex([[Record]](repeating: [], count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (start + part * sliceSize)..<min(end, start + (part + 1) * sliceSize)
            let records = range.compactMap { jsonRecord(lines[$0], number: $0 + 1) }
            slices.withLock { $0[part] = records }
        }
        return slices.withLock { $0.flatMap { $0 } }
    }

    /// One line of a JSON Lines file as a record; nil for a blank line.
    static func jsonRecord(_ line: Substring, number: Int) -> Record? {
        guard !line.allSatisfy(\.isWhitespace) else { return nil }
        let json: JSONValue
        do {
            json = try JSONParser.parse(String(line))
        } catch {
            return .invalid(line: number, reason: "\(error.message) (column \(error.column))")
        }
        guard json.objectValue != nil else {
            return .invalid(line: number, reason: "expected an object, found \(json.typeName)")
        }
        guard let body = json["text"]?.stringValue, !body.allSatisfy(\.isWhitespace) else {
            return .invalid(line: number, reason: "no \"text\" string")
        }
        let url = json["url"]?.stringValue
        let title = json["title"]?.stringValue.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
            ?? leadingWords(body)
        var metadata: [(String, JSONValue)] = []
        if let url { metadata.append(("url", .string(url))) }
        if let extra = json["metadata"], extra != .null { metadata.append(("metadata", extra)) }
        return .valid(
            line: number, title: title, body: body, key: url ?? title,
            metadata: metadata.isEmpty ? nil : .object(metadata))
    }

    /// One record per row; the header names the columns.
    func csvRecords(_ text: String, path: String) throws -> [Record] {
        let rows: [CSVReader.Row]
        do {
            rows = try CSVReader.parse(text)
        } catch {
            throw RecordFailure(line: error.line, reason: error.message)
        }
        guard let header = rows.first else { throw RecordFailure(line: nil, reason: "no header row") }
        let names = header.fields.map { $0.trimmed().lowercased() }
        let wanted = textColumn.map { [$0.lowercased()] } ?? ["text", "content", "body", "description"]
        guard let textIndex = wanted.lazy.compactMap({ names.firstIndex(of: $0) }).first else {
            throw RecordFailure(line: header.line, reason: "no text column (looked for \(wanted.joined(separator: ", ")); "
                + "name one with --text-column)")
        }
        let titleIndex = ["title", "name", "question", "subject", "heading"].lazy.compactMap { names.firstIndex(of: $0) }.first
        let idIndex = ["id", "url", "slug", "key"].lazy.compactMap { names.firstIndex(of: $0) }.first
        return rows.dropFirst().map { row in
            guard row.fields.count == names.count else {
                return .invalid(line: row.line, reason: "\(row.fields.count) fields, the header has \(names.count)")
            }
            let body = row.fields[textIndex]
            guard !body.allSatisfy(\.isWhitespace) else { return .invalid(line: row.line, reason: "empty text") }
            let title = titleIndex.map { row.fields[$0].trimmed() }.flatMap { $0.isEmpty ? nil : $0 }
                ?? Self.leadingWords(body)
            var metadata: [(String, JSONValue)] = []
            for (index, name) in names.enumerated() where index != textIndex && index != titleIndex && !name.isEmpty {
                metadata.append((name, .string(row.fields[index])))
            }
            return .valid(
                line: row.line, title: title, body: body, key: idIndex.map { row.fields[$0] } ?? title,
                metadata: metadata.isEmpty ? nil : .object(metadata))
        }
    }

    static func leadingWords(_ text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace).prefix(10).joined(separator: " ")
        return words.count > 80 ? String(words.prefix(80)) + "…" : words
    }
}

/// Readable, stable document ids: a slug of the name and a short hash of what identifies the source.
public enum DocumentID {
    public static func make(name: String, key: String) -> String {
        let slug = TextAnalysis.words(name).joined(separator: "-").prefix(40)
        let hash = StableHash.hex(key).prefix(8)
        return slug.isEmpty ? "doc-\(hash)" : "\(slug)-\(hash)"
    }
}
