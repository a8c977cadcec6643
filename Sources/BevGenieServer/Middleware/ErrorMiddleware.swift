import BevGenieCore
import Hummingbird

/// Every error a route throws becomes a JSON reply: an `APIError` as it is, an error that knows its category
/// (storage, pipeline) with the status that category has, Hummingbird's own errors (unknown route, wrong method)
/// with their status and the same JSON body, and anything else as a 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any ReportableError {
            throw APIError(ErrorPayload(reporting: error, stage: nil))
        } catch let error as HTTPError {
            throw APIError(error.status, code: Self.code(for: error.status), error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, code: Self.code(for: error.status), error.status.reasonPhrase)
        } catch {
            throw APIError(.internalServerError, code: "internal_error", "internal error: \(error)")
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 400: return "bad_request"
        case 413: return "body_too_large"
        default: return "http_\(status.code)"
        }
    }
}
