import Foundation
import Testing

/// The spans the real binary exports over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, as an OTLP receiver
/// built on PyPI's `opentelemetry-proto` decodes them (`Clients/otlp_receiver.py`): from `ask` (with its response
/// stage on a model the receiver also serves) and from `serve`.
@Suite(.serialized) struct TraceExportTests {
    typealias Span = [String: Any]

    static func attributes(_ span: Span?) -> [String: Any] { span?["attributes"] as? [String: Any] ?? [:] }

    /// The run span, its five stage spans in order, and (for a model stage) the model call under its stage.
    func checkRunTree(_ spans: [Span], modelStage: String?, _ label: String) throws -> Span {
        let runs = spans.filter { $0["name"] as? String == "bevgenie.run" }
        let run = try #require(runs.count == 1 ? runs.first : nil, "\(label): \(spans.map { $0["name"]! })")
        let runID = run["spanId"] as? String
        let stages = spans.filter { $0["parentSpanId"] as? String == runID }
        #expect(stages.map { $0["name"] as? String } == ["intent", "signals", "knowledge", "response", "page"].map {
            "bevgenie.stage.\($0)"
        }, "\(label)")
        #expect(Set(spans.map { $0["traceId"] as? String }).count == 1, "\(label): one trace")
        #expect(Self.attributes(run)["bevgenie.run.status"] as? String == "ok", "\(label)")
        #expect((Self.attributes(run)["bevgenie.run.id"] as? String)?.count == 16, "\(label)")
        #expect(Self.attributes(run)["bevgenie.intent"] as? String == "pricing", "\(label)")
        #expect(spans.allSatisfy { $0["service"] as? String == "bevgenie" }, "\(label): service.name")
        if let modelStage {
            let stage = try #require(stages.first { $0["name"] as? String == "bevgenie.stage.\(modelStage)" })
            let calls = spans.filter { $0["parentSpanId"] as? String == stage["spanId"] as? String }
            let call = try #require(calls.first, "\(label): no model call under \(modelStage)")
            let attributes = Self.attributes(call)
            #expect(call["name"] as? String == "chat gpt-test")
            #expect(call["kind"] as? Int == 3, "SPAN_KIND_CLIENT")
            #expect(attributes["gen_ai.system"] as? String == "openai")
            #expect(attributes["gen_ai.request.model"] as? String == "gpt-test")
            #expect(attributes["gen_ai.usage.input_tokens"] as? Int == 321)
            #expect(attributes["gen_ai.usage.output_tokens"] as? Int == 17)
            #expect(attributes["gen_ai.response.finish_reasons"] as? [String] == ["stop"])
        }
        return run
    }

    @Test func askAndServeExportTheRunTreeOverOTLP() async throws {
        let directory = NSTemporaryDirectory() + "bevgenie-otlp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await run(
            "python3", [clientsDirectory + "/otlp_receiver.py", bevgenieBinary, directory], timeout: 300)
        try #require(result.status == 0, "otlp_receiver.py failed (is opentelemetry-proto installed?): \(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])

        let ask = try #require(report["ask"] as? [String: Any])
        #expect(ask["status"] as? Int == 0, "\(ask["stderr"] ?? "")")
        #expect((ask["events"] as? [String])?.last == "complete")
        #expect((ask["contentTypes"] as? [String])?.allSatisfy { $0 == "application/x-protobuf" } == true)
        _ = try checkRunTree(ask["spans"] as? [Span] ?? [], modelStage: "response", "ask")

        let serve = try #require(report["serve"] as? [String: Any])
        #expect(serve["status"] as? Int == 0, "\(serve["stderr"] ?? "")")
        #expect(serve["complete"] as? Bool == true)
        let spans = serve["spans"] as? [Span] ?? []
        let run = try checkRunTree(spans, modelStage: nil, "serve")
        // The run is a child of the request's server span, which continues the client's W3C traceparent.
        let request = try #require(spans.first { $0["spanId"] as? String == run["parentSpanId"] as? String })
        #expect(request["kind"] as? Int == 2, "SPAN_KIND_SERVER")
        #expect(Self.attributes(request)["http.route"] as? String == "/api/chat/stream")
        #expect(request["traceId"] as? String == "0af7651916cd43dd8448eb211c80319c")
        #expect(request["parentSpanId"] as? String == "b7ad6b7169203331")

        let unreachable = try #require(report["unreachable"] as? [String: Any])
        #expect(unreachable["status"] as? Int == 0 && unreachable["answered"] as? Bool == true, "\(unreachable)")
    }
}
