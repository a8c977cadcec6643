import BevGenieCore
import Foundation
import Hummingbird

/// `GET /healthz`, `GET /api/sessions/{id}`, `GET /api/kb/search?q=`.
struct APIRoutes: Sendable {
    let services: ServerServices

    func register(on router: Router<BevGenieRequestContext>) {
        router.get("/healthz") { _, _ in
            let stats = try await services.store.knowledgeStats()
            return JSONResponse.make(.ok, .object([
                ("status", "ok"), ("documents", .int(stats.documents)), ("chunks", .int(stats.chunks)),
                ("pipelinesRunning", .int(services.limiter.inFlight)),
            ]))
        }

        router.get("/api/analytics") { request, _ in
            let days = request.uri.queryParameters["days"].flatMap { Double(String($0)) } ?? 7
            guard days > 0, days <= 3_650 else {
                return JSONResponse.error(.badRequest, code: "invalid_days", "days must be between 0 and 3650")
            }
            let now = Date().timeIntervalSince1970
            return JSONResponse.make(.ok, try await services.store.analytics(since: now - days * 86_400, until: now + 1).json)
        }

        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: services.metrics.prometheus(inFlight: services.limiter.inFlight))))
        }

        router.get("/api/sessions/:id") { _, context in
            guard let id = context.parameters.get("id"), RandomID.isValidSessionID(id) else {
                return JSONResponse.error(.badRequest, code: "invalid_session_id", "invalid session id")
            }
            guard let session = try await services.store.session(id: id) else {
                return JSONResponse.error(.notFound, code: "not_found", "no session with id '\(id)'")
            }
            return JSONResponse.make(.ok, session.json)
        }

        router.get("/api/kb/search") { request, _ in
            let parameters = request.uri.queryParameters
            guard let text = parameters["q"].map(String.init), !text.allSatisfy(\.isWhitespace) else {
                return JSONResponse.error(.badRequest, code: "missing_query", "add ?q=what to look for")
            }
            guard text.count <= ChatRequest.maxMessageLength else {
                return JSONResponse.error(.badRequest, code: "query_too_long", "the query is too long")
            }
            let k = parameters["k"].flatMap { Int(String($0)) } ?? 10
            guard (1...100).contains(k) else {
                return JSONResponse.error(.badRequest, code: "invalid_k", "k must be between 1 and 100")
            }
            let mode = parameters["mode"].map { SearchMode(rawValue: String($0)) } ?? .hybrid
            guard let mode else {
                return JSONResponse.error(.badRequest, code: "invalid_mode", "mode is hybrid, keyword or vector")
            }
            var query = KnowledgeQuery(text: text, mode: mode, limit: k)
            if mode != .keyword {
                query.vector = try await services.embedder.embed(text)
                query.model = services.embedder.model
            }
            do {
                let hits = try await services.store.search(query)
                return JSONResponse.make(.ok, .object([("results", .array(hits.map(\.json)))]))
            } catch let error as KnowledgeError {
                return JSONResponse.error(.conflict, code: "model_mismatch", error.description)
            }
        }
    }
}
