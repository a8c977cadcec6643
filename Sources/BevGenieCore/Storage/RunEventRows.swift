/// How the event log lays a run's events out in rows, alike on SQLite and PostgreSQL (docs/EVENTS.md, "How the
/// log is stored").
///
/// One row holds the events of one run that one write brought, in order and with no gap in their positions: its
/// `seq` is the position of its *last* event, `name` the events' names and `data` their `data` JSON, each joined by
/// a newline (a payload is compact JSON, which never holds a raw newline; a name is a bare word). A row of one
/// event is therefore the event as it is, and a run's row count is its writes, not its events: a streamed answer
/// is a hundred `delta` events, and a row per event made the log's B-tree inserts most of what it cost.
///
/// Keyed by the last position, a read of the events after `after` is the rows with `seq > after`, in order, less
/// the events at or before `after` of the first one. A row is never rewritten: a position written twice (a batch
/// written again) keeps its first write, because a reader takes each position once, from the first row that has it.
public enum RunEventRows {
    /// One stored row.
    public struct Row: Sendable, Equatable {
        public var runId: String
        /// The position of the row's last event.
        public var seq: Int
        public var name: String
        public var data: String
    }

    /// The rows for `events` (in the order the run sent them): consecutive positions of one run share a row. A
    /// run's last event (`complete` or `error`) has a row of its own, so the last row of a finished run is its end,
    /// and an event whose name or data holds a newline (none does) does too.
    public static func rows(for events: [StoredRunEvent]) -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(16)
        var open: [String: Int] = [:]  // a run's row that its next position may join
        for event in events {
            let joins = !event.isTerminal && !event.name.utf8.contains(newline) && !event.data.utf8.contains(newline)
            if joins, let index = open[event.runId], rows[index].seq == event.seq - 1 {
                rows[index].seq = event.seq
                rows[index].name += "\n"
                rows[index].name += event.name
                rows[index].data += "\n"
                rows[index].data += event.data
                continue
            }
            rows.append(Row(runId: event.runId, seq: event.seq, name: event.name, data: event.data))
            if joins { open[event.runId] = rows.count - 1 } else { open[event.runId] = nil }
        }
        return rows
    }

    /// The events of `runId`'s rows (read in `seq` order) after position `after`, each position once, at most
    /// `limit`. Fewer than `limit` from `limit` rows means the rows held positions twice: read on after the last row.
    public static func events(
        runId: String, rows: some Sequence<(seq: Int, name: String, data: String)>, after: Int, limit: Int
    ) -> [StoredRunEvent] {
        var events: [StoredRunEvent] = []
        var last = after
        for row in rows {
            guard events.count < limit else { break }
            if !row.name.utf8.contains(newline) {
                guard row.seq > last else { continue }
                events.append(StoredRunEvent(runId: runId, seq: row.seq, name: row.name, data: row.data))
                last = row.seq
                continue
            }
            let names = row.name.utf8.split(separator: newline, omittingEmptySubsequences: false)
            let data = row.data.utf8.split(separator: newline, omittingEmptySubsequences: false)
            guard names.count == data.count else { continue }  // not a row this log wrote
            var seq = row.seq - names.count
            for (name, payload) in zip(names, data) {
                seq += 1
                guard seq > last, events.count < limit else { continue }
                events.append(StoredRunEvent(runId: runId, seq: seq, name: String(Substring(name)), data: String(Substring(payload))))
                last = seq
            }
        }
        return events
    }

    /// A read of a run's events after a position, as pages of rows: rows are keyed by their last event's
    /// position, so the first row with `seq > after` may begin before it, and a page of rows can hold fewer events
    /// than it has rows (positions written twice). Both stores loop the same way, each with its own query:
    ///
    ///     var read = RunEventRows.Read(runId: id, after: after, limit: limit)
    ///     while let (position, count) = read.next { read.take(rows with seq > position, ORDER BY seq LIMIT count) }
    public struct Read: Sendable {
        public let runId: String
        public let after: Int
        public let limit: Int
        public private(set) var events: [StoredRunEvent] = []
        private var position: Int
        private var done = false

        public init(runId: String, after: Int, limit: Int) {
            self.runId = runId
            self.after = after
            self.limit = limit
            position = after
        }

        /// The next page to fetch: the rows with `seq > position`, in order, at most `count`; nil when done.
        public var next: (position: Int, count: Int)? {
            done || events.count >= limit ? nil : (position, limit - events.count)
        }

        /// Takes the page `next` asked for.
        public mutating func take(_ rows: [(seq: Int, name: String, data: String)]) {
            let want = limit - events.count
            events += RunEventRows.events(runId: runId, rows: rows, after: events.last?.seq ?? after, limit: want)
            // Fewer rows than asked for: there are no more. (As many rows but fewer events: positions written twice.)
            guard rows.count == want, let last = rows.last else {
                done = true
                return
            }
            position = last.seq
        }
    }

    private static let newline = UInt8(ascii: "\n")
}
