import BevGenieCore
import Hummingbird

/// An API failure: its status, a stable code and a message, answered as the JSON body every API error has
/// (`{"error", "code"}`, plus `category` and `retryable` when it came from the pipeline or the store).
///
/// Routes and request decoding throw it; `ErrorMiddleware` turns anything else thrown into one, so no route
/// answers an empty body or decides a status by matching codes.
struct APIError: HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var category: ErrorCategory?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// The reply for an error the pipeline or the store reported: the status follows its category.
    init(_ payload: ErrorPayload, retryAfter: String? = nil) {
        self.status = HTTPResponse.Status(code: payload.category.httpStatus)
        self.code = payload.code
        self.message = payload.error
        self.category = payload.category
        if payload.retryable { headers[.retryAfter] = retryAfter ?? "1" }
        self.body = payload.json
    }

    /// The whole body, when it carries more than the message and code.
    private var body: JSONValue?

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(status, body ?? .object([("error", .string(message)), ("code", .string(code))]), headers: headers)
    }
}
