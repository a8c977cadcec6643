import BevGenieCore
import Foundation
import Testing

/// The AG-UI face, read by a client that validates every event with PyPI `ag-ui-protocol`'s models, checks the
/// protocol's ordering rules and applies the state patches.
@Suite struct AGUIFaceTests {
    static let question = "How can I get better visibility into retail execution?"
    static let followUp = "Which features help my sales reps?"

    @Test func eventsPassTheProtocolModelsAndStateEndsAsThePage() async throws {
        let server = try await TestServer.start(configure: {
            $0.pageCache = false
            $0.token = "agui-token"
        }, pipeline: { store in
            var pipeline = Pipeline.local(store: store)
            pipeline.pageGenerator = RevisingPageGenerator(inner: LocalPageBuilder(store: store))
            return pipeline
        })
        defer { Task { try? await server.shutDown() } }
        let thread = "agui-thread-" + UUID().uuidString.prefix(8)
        let result = try await run("python3", [
            clientsDirectory + "/agui_client.py", server.base + "/api/ag-ui", "agui-token", String(thread),
            Self.question, Self.followUp,
        ], timeout: 120)
        try #require(result.status == 0, "the AG-UI client failed (is ag-ui-protocol installed?): \(result.stderr)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let runs = try #require(seen["runs"] as? [[String: Any]])
        try #require(runs.count == 2)

        let stages = ["intent", "signals", "knowledge", "response", "page"]
        var previousPersona: Any?
        for (number, run) in runs.enumerated() {
            #expect(run["status"] as? Int == 200)
            #expect((run["content_type"] as? String)?.hasPrefix("text/event-stream") == true)
            #expect(run["violations"] as? [String] == [], "run \(number): \(run["violations"] ?? "")")
            let types = try #require(run["types"] as? [String])
            #expect(types.prefix(2) == ["RUN_STARTED", "STATE_SNAPSHOT"])
            #expect(types.last == "RUN_FINISHED")
            #expect(types.contains("TEXT_MESSAGE_START") && types.contains("TEXT_MESSAGE_END"))
            #expect(run["steps"] as? [String] == stages.flatMap { ["+" + $0, "-" + $0] })

            // The state the patches built is the run's outcome: the page, its sections, the persona.
            let state = try #require(run["state"] as? [String: Any])
            let finished = try #require(run["result"] as? [String: Any])
            let session = try #require(finished["session"] as? [String: Any])
            #expect(session["id"] as? String == String(thread), "threadId is the session")
            #expect(state["sessionId"] as? String == String(thread))
            #expect(state["progress"] as? Int == 100)
            #expect(NSDictionary(dictionary: state["persona"] as? [String: Any] ?? [:])
                == NSDictionary(dictionary: session["persona"] as? [String: Any] ?? ["missing": true]))
            let page = try #require(finished["page"] as? [String: Any], "both questions get a page")
            #expect(NSDictionary(dictionary: state["page"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: page))
            #expect(NSArray(array: state["sections"] as? [Any] ?? []) == NSArray(array: page["sections"] as? [Any] ?? [1]))
            // The generator revised section 0 after sending section 1: the client got a replace at index 0.
            let operations = try #require(run["patch_ops"] as? [String])
            #expect(operations.contains("replace /sections/0"))
            #expect(operations.contains("replace /persona") || number == 1)
            if number == 1 {
                // The second run's snapshot starts from the persona the first run left.
                #expect(previousPersona != nil)
            }
            previousPersona = state["persona"]
        }

        // The answer text is the stored answer; both turns landed in the thread's session.
        let stored = try #require(try await server.store.session(id: String(thread)))
        #expect(stored.messages.filter { $0.author.rawValue == "user" }.map(\.content) == [Self.question, Self.followUp])
        #expect(stored.messages.filter { $0.author.rawValue == "assistant" }.map(\.content)
            == runs.map { $0["text"] as? String ?? "" })

        // Refused before any event: an input without a user message is a 400, a wrong token a 401.
        let refused = try #require(seen["no_question"] as? [String: Any])
        #expect(refused["status"] as? Int == 400)
        #expect((refused["body"] as? [String: Any])?["code"] as? String == "invalid_run_input")
        #expect((seen["wrong_token"] as? [String: Any])?["status"] as? Int == 401)
    }

    /// A failing run ends with RUN_ERROR (and nothing after it), still valid for the protocol's models.
    @Test func failureIsRunError() async throws {
        let server = try await TestServer.start(pipeline: { .failingPages(store: $0) })
        defer { Task { try? await server.shutDown() } }
        let result = try await run("python3", [
            clientsDirectory + "/agui_client.py", server.base + "/api/ag-ui", "unused", "agui-fail", Self.question,
        ], timeout: 120)
        try #require(result.status == 0, "the AG-UI client failed: \(result.stderr)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let run = try #require((seen["runs"] as? [[String: Any]])?.first)
        #expect(run["violations"] as? [String] == [])
        #expect((run["types"] as? [String])?.last == "RUN_ERROR")
        #expect((run["error"] as? [String: Any])?["code"] as? String == "internal_error")
        #expect((run["steps"] as? [String])?.last == "+page", "the error came during the page step")
    }
}

/// The local page builder, except that it sends section 0 again (revised) after section 1, as a model that
/// repairs its output does, and then voids the attempt (`page_reset`) and sends every section again, as a
/// fallback does: a client must replace what it holds at an index, and empty what it holds on a reset.
struct RevisingPageGenerator: PageGenerator {
    let inner: LocalPageBuilder
    var name: String { inner.name }

    func page(
        type: PageType, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (PageProgress) async throws -> Void
    ) async throws -> PageSpec? {
        let page = try await inner.page(type: type, context: context, answer: answer) { _ in }
        guard let page else { return nil }
        for (index, section) in page.sections.enumerated() {
            try await emit(.section(index: index, section))
            if index == 1 { try await emit(.section(index: 0, page.sections[0])) }
        }
        try await emit(.reset(reason: "a second attempt"))
        for (index, section) in page.sections.enumerated() { try await emit(.section(index: index, section)) }
        return page
    }
}

extension Pipeline {
    /// The local pipeline whose page stage always fails: a run that ends in an error after its answer streamed.
    static func failingPages(store: SQLiteStore) -> Pipeline {
        var pipeline = Pipeline.local(store: store)
        pipeline.pageGenerator = FailingPageGenerator()
        return pipeline
    }
}

struct FailingPageGenerator: PageGenerator {
    var name: String { "failing" }
    struct Failure: Error {}

    func page(
        type: PageType, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (PageProgress) async throws -> Void
    ) async throws -> PageSpec? {
        throw Failure()
    }
}
