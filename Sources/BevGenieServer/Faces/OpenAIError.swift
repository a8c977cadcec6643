import BevGenieCore
import HTTPTypes
import Hummingbird

/// An error of the OpenAI-compatible face, answered in OpenAI's shape:
/// `{"error":{"message","type","param","code"}}` with the status OpenAI would use, so the SDKs raise their typed
/// exceptions (400 `BadRequestError`, 401 `AuthenticationError`, 404 `NotFoundError`, 5xx `InternalServerError`…).
/// `code` is bevgenie's stable code (docs/EVENTS.md), except the ones OpenAI's clients know by name.
struct OpenAIError: HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var param: String?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: String, _ message: String, param: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.param = param
        self.headers = headers
    }

    /// A pipeline or store failure: the status follows its category, as on the rest of the API.
    init(_ payload: ErrorPayload) {
        self.init(HTTPResponse.Status(code: payload.category.httpStatus), code: payload.code, payload.error)
        if payload.retryable { headers[.retryAfter] = payload.retryAfter.map(String.init) ?? "1" }
    }

    /// The same failure the rest of `serve` would answer, reshaped.
    init(_ error: APIError) {
        self.init(error.status, code: error.code, error.message, headers: error.headers)
    }

    /// OpenAI's `type`: what kind of failure, by status.
    var type: String {
        switch status.code {
        case 401, 403: return "invalid_request_error"
        case 429: return "rate_limit_error"
        case 400..<500: return "invalid_request_error"
        default: return "server_error"
        }
    }

    var body: JSONValue {
        .object([("message", .string(message)), ("type", .string(type)), ("param", .string(param)), ("code", .string(code))])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(status, .object([("error", body)]), headers: headers)
    }
}

/// Everything thrown under `/v1/` is answered as an `OpenAIError` (the rest of the API keeps bevgenie's `{"error","code"}`).
struct OpenAIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            // Answered here, not rethrown: the server-wide error middleware would give it bevgenie's shape.
            return try Self.reshape(error).response(from: request, context: context)
        }
    }

    static func reshape(_ error: any Error) -> OpenAIError {
        switch error {
        case let error as OpenAIError: return error
        case let error as APIError: return OpenAIError(error)
        case let error as any ReportableError: return OpenAIError(ErrorPayload(reporting: error, stage: nil))
        case let error as HTTPError:
            return OpenAIError(error.status, code: ErrorMiddleware<Context>.code(for: error.status), error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError:
            return OpenAIError(error.status, code: ErrorMiddleware<Context>.code(for: error.status), error.status.reasonPhrase)
        default: return OpenAIError(.internalServerError, code: "internal_error", "internal error: \(error)")
        }
    }
}

/// `serve --token` for `/v1/`: the SDKs send their API key as `Authorization: Bearer <key>`, so the key is the
/// token. A wrong or missing one is OpenAI's 401 (`invalid_api_key`), which the SDK raises as `AuthenticationError`.
struct OpenAITokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let presented = request.headers[.authorization].flatMap { value -> Substring? in
            value.hasPrefix("Bearer ") ? value.dropFirst("Bearer ".count) : nil
        }
        guard let presented, TokenAuthMiddleware<Context>.constantTimeEqual(Array(presented.utf8), Array(token.utf8)) else {
            throw OpenAIError(
                .unauthorized, code: "invalid_api_key",
                "Incorrect API key provided: this server needs the token of `bevgenie serve --token` as the API key",
                headers: [.wwwAuthenticate: "Bearer"])
        }
        return try await next(request, context)
    }
}
