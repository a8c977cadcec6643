import Synchronization

/// The sections a client holds after the `section` and `page_reset` events sent so far, assembled as the event
/// contract says (docs/EVENTS.md, "Sections"): a section replaces the one at its index, a reset empties the list.
/// The page stage compares it with the final page, so the contract holds whatever a generator did.
final class SectionsOnScreen: Sendable {
    private let state = Mutex<[PageSection?]>([])

    var sections: [PageSection?] { state.withLock { $0 } }

    func apply(_ progress: PageProgress) {
        state.withLock { sections in
            switch progress {
            case .section(let index, let section):
                if index >= sections.count { sections += Array(repeating: nil, count: index + 1 - sections.count) }
                sections[index] = section
            case .reset:
                sections.removeAll()
            }
        }
    }
}
