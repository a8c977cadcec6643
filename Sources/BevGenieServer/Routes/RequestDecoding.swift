import BevGenieCore
import Hummingbird

/// Turns an HTTP request into a `ChatRequest`, or throws the `APIError` that explains why not.
enum RequestDecoding {
    static func chatRequest(_ request: Request, limit: Int) async throws(APIError) -> ChatRequest {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_content_type",
                "send the message as JSON with Content-Type: application/json")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        var bytes: [UInt8] = []
        do {
            for try await buffer in request.body {
                bytes += buffer.readableBytesView
                if bytes.count > limit { throw tooLarge(limit) }
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, code: "bad_body", "the request body could not be read")
        }
        do {
            return try ChatRequest.decode(jsonBody: bytes)
        } catch {
            throw APIError(ErrorPayload(reporting: error, stage: nil))
        }
    }

    private static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", "the request body is larger than \(limit) bytes")
    }
}
