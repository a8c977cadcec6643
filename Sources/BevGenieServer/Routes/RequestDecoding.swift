import BevGenieCore
import Hummingbird

/// Turns an HTTP request into a `ChatRequest`, or into the JSON error response that explains why not.
enum RequestDecoding {
    static func chatRequest(_ request: Request, limit: Int) async -> Result<ChatRequest, ResponseError> {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            return .failure(ResponseError(JSONResponse.error(
                .unsupportedMediaType, code: "unsupported_content_type",
                "send the message as JSON with Content-Type: application/json")))
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return .failure(tooLarge(limit))
        }
        var bytes: [UInt8] = []
        do {
            for try await buffer in request.body {
                bytes += buffer.readableBytesView
                if bytes.count > limit { return .failure(tooLarge(limit)) }
            }
        } catch {
            return .failure(ResponseError(JSONResponse.error(.badRequest, code: "bad_body", "the request body could not be read")))
        }
        do {
            return .success(try ChatRequest.decode(jsonBody: bytes))
        } catch {
            return .failure(ResponseError(JSONResponse.error(.badRequest, code: error.code, error.description)))
        }
    }

    private static func tooLarge(_ limit: Int) -> ResponseError {
        ResponseError(JSONResponse.error(
            .contentTooLarge, code: "body_too_large", "the request body is larger than \(limit) bytes"))
    }
}

/// A response that ends a request early (wrapped so it can travel in a `Result`).
struct ResponseError: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}
