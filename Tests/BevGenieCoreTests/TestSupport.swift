import Foundation
import Testing

@testable import BevGenieCore

/// A fresh directory under the system temp dir.
struct TemporaryDirectory: Sendable {
    let path: String

    func file(_ name: String) -> String { path + "/" + name }
}

/// Runs `body` with a new temporary directory and removes it afterwards. (Explicit scope rather than `deinit`:
/// ARC may end an object's life at its last use, which would delete a database file that is still open.)
func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) async throws -> T) async throws -> T {
    let directory = TemporaryDirectory(path: NSTemporaryDirectory() + "bevgenie-tests-" + UUID().uuidString)
    try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory.path) }
    return try await body(directory)
}

/// Runs `body` with a real SQLite store in a new temp dir, filled with the starter knowledge.
func withStore<T>(_ body: (SQLiteStore, TemporaryDirectory) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { directory in
        try await body(try SQLiteStore(path: directory.file("test.db")), directory)
    }
}

/// Collects the events of a run in order.
actor EventLog {
    private(set) var events: [PipelineEvent] = []
    func append(_ event: PipelineEvent) { events.append(event) }
}

/// Runs one message through the local pipeline and returns its events and outcome.
func ask(_ message: String, session: String? = nil, store: SQLiteStore) async -> ([PipelineEvent], Pipeline.Outcome) {
    let log = EventLog()
    let outcome = await Pipeline.local(store: store).run(ChatRequest(message: message, sessionId: session)) {
        await log.append($0)
    }
    return (await log.events, outcome)
}

/// The package root, for reading `Examples/`.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// One representative question per intent, as a visitor would type it.
let questionsByIntent: [(Intent, String)] = [
    (.greeting, "Hi there!"),
    (.information, "What is BevGenie?"),
    (.painPoint, "Our distributor reps ignore our brand. How do we get mindshare?"),
    (.feature, "Does the mobile app work offline for route planning?"),
    (.comparison, "How does BevGenie compare to running everything in spreadsheets?"),
    (.caseStudy, "Do you have a case study from a winery like us?"),
    (.pricing, "How much does BevGenie cost per month?"),
    (.demo, "Can I book a demo next week?"),
]
