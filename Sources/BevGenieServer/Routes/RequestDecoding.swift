import BevGenieCore
import Hummingbird

/// Turns an HTTP request into a `ChatRequest`, or into the JSON error response that explains why not.
enum RequestDecoding {
    static func chatRequest(_ request: Request, limit: Int) async -> Result<ChatRequest, ResponseError> {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            return .failure(ResponseError(JSONResponse.error(
                .badRequest, code: "unsupported_content_type",
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
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: bytes)
        } catch {
            return .failure(ResponseError(JSONResponse.error(.badRequest, code: "invalid_json", error.description)))
        }
        guard json.objectValue != nil else {
            return .failure(ResponseError(JSONResponse.error(
                .badRequest, code: "invalid_json", "expected an object like {\"message\": \"...\"}")))
        }
        guard let message = json["message"]?.stringValue else {
            return .failure(ResponseError(JSONResponse.error(
                .badRequest, code: "missing_message", "\"message\" must be a string")))
        }
        var sessionId: String?
        switch json["sessionId"] {
        case nil, .null?: sessionId = nil
        case .string(let id)?: sessionId = id
        default:
            return .failure(ResponseError(JSONResponse.error(
                .badRequest, code: "invalid_session_id", "\"sessionId\" must be a string")))
        }
        let chat = ChatRequest(message: message, sessionId: sessionId)
        do {
            try chat.validate()
        } catch {
            return .failure(ResponseError(JSONResponse.error(.badRequest, code: error.code, error.description)))
        }
        return .success(chat)
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
