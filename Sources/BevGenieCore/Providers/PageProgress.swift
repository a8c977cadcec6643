import Synchronization

/// What a page generator reports while it builds a page: a section at its position in the page being built, or
/// that the sections reported so far are void because a new attempt starts (a repair round, a stream that broke and
/// is retried, a fallback to another provider). The pipeline turns these into `section` and `page_reset` events
/// (docs/EVENTS.md, "Sections"), so that what a client assembles always ends equal to the final `page`.
public enum PageProgress: Sendable, Equatable {
    /// The section at `index` of the page being built; an index already reported is replaced.
    case section(index: Int, PageSection)
    /// The sections reported so far are void; the next attempt's follow from index 0.
    case reset(reason: String)
}

/// A page generator's reporting channel, which remembers how many sections the current attempt has shown, so that
/// a new attempt resets only when something is on screen.
final class PageProgressReporter: Sendable {
    private let emit: @Sendable (PageProgress) async throws -> Void
    private let shown = Mutex(0)

    init(_ emit: @escaping @Sendable (PageProgress) async throws -> Void) {
        self.emit = emit
    }

    /// How many sections the current attempt has reported.
    var count: Int { shown.withLock { $0 } }

    /// Reports the current attempt's next section.
    func next(_ section: PageSection) async throws {
        let index = shown.withLock { count in
            defer { count += 1 }
            return count
        }
        try await emit(.section(index: index, section))
    }

    /// Passes on another generator's report, keeping count of what is on screen.
    func forward(_ event: PageProgress) async throws {
        switch event {
        case .section(let index, _): shown.withLock { $0 = max($0, index + 1) }
        case .reset: shown.withLock { $0 = 0 }
        }
        try await emit(event)
    }

    /// Starts a new attempt: a reset is sent only when the voided attempt had shown something.
    func startOver(because reason: String) async throws {
        let hadShown = shown.withLock { count in
            defer { count = 0 }
            return count > 0
        }
        if hadShown { try await emit(.reset(reason: reason)) }
    }
}
