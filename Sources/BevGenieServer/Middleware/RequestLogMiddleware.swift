import BevGenieCore
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id — the client's `X-Request-Id` when it is a sane one, else a fresh one — that goes
/// back in the response's `X-Request-Id` and into every log line about the request (the request logger's
/// `hb.request.id`, which the routes hand on to the pipeline), and writes one structured log line per request
/// that failed: its id, method, route, status, error code and category, duration.
///
/// It is the outermost middleware, so it sees the final status of everything, including replies to thrown errors,
/// which it renders itself to add the header.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let id = Self.acceptedID(request.headers[Self.headerName]) ?? RandomID.hex(16)
        var context = context
        context.logger[metadataKey: "hb.request.id"] = .string(id)
        let started = DispatchTime.now().uptimeNanoseconds
        var response: Response
        var failure: (code: String?, category: ErrorCategory?) = (nil, nil)
        do {
            response = try await next(request, context)
        } catch {
            let apiError = error as? APIError
            failure = (apiError?.code, apiError?.category)
            if let httpError = error as? any HTTPResponseError {
                response = try httpError.response(from: request, context: context)
            } else {
                failure.code = "internal_error"
                response = JSONResponse.error(.internalServerError, code: "internal_error", "internal error")
            }
        }
        response.headers[Self.headerName] = id
        if response.status.code >= 400 {
            let status = Int(response.status.code)
            var metadata: Logger.Metadata = [
                "http.request.method": .string(request.method.rawValue),
                "http.route": .string(context.endpointPath ?? "unmatched"),
                "url.path": .string(request.uri.path),
                "http.response.status_code": .stringConvertible(status),
                "duration_ms": .string(Self.milliseconds(since: started)),
            ]
            if let code = failure.code { metadata["error.code"] = .string(code) }
            if let category = failure.category { metadata["error.category"] = .string(category.rawValue) }
            context.logger.log(level: Self.level(status: status), "request failed", metadata: metadata)
        }
        return response
    }

    /// An incoming id is kept when it is 1…128 characters of letters, digits and `-_.:` (so it is safe in a log
    /// line and a header); anything else is replaced.
    static func acceptedID(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: ":")
        }
        return allowed ? value : nil
    }

    /// A client's mistake is information; the server being overloaded a warning; its own failure an error.
    static func level(status: Int) -> Logger.Level {
        switch status {
        case 503: return .warning
        case 500...: return .error
        default: return .info
        }
    }

    static func milliseconds(since start: UInt64) -> String {
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        return String(format: "%.1f", ms)
    }
}
