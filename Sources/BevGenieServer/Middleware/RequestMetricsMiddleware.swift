import Dispatch
import Hummingbird

/// Counts every request by its route pattern and status, and times it, through `ServerMetrics` — as Hummingbird's
/// `MetricsMiddleware` does, but into this server's own registry (see `ServerMetrics`) and under bevgenie's names.
///
/// It sits outside `ErrorMiddleware`, so a route that throws (a store error, a bad request) is counted with the
/// status its error reply has; anything that still escapes as a plain error counts as 500.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = DispatchTime.now().uptimeNanoseconds
        let metrics = self.metrics
        do {
            var response = try await next(request, context)
            let route = context.endpointPath ?? "unmatched"
            // Counted once the status is decided; timed once the body (a whole stream) has been written.
            metrics.recordRequest(route: route, status: Int(response.status.code))
            response.body = response.body.afterWriting {
                metrics.recordRequestDuration(
                    route: route, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
            }
            return response
        } catch {
            let route = context.endpointPath ?? "unmatched"
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.recordRequest(route: route, status: Int(status))
            metrics.recordRequestDuration(route: route, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
            throw error
        }
    }
}

extension ResponseBody {
    /// The same body, calling `done` once it has been written (or failed to be) — Hummingbird's own
    /// `withPostWriteClosure`, which is `package` there.
    func afterWriting(_ done: @escaping @Sendable () async -> Void) -> ResponseBody {
        let body = self
        return ResponseBody(contentLength: contentLength) { writer in
            do {
                try await body.write(writer)
                await done()
            } catch {
                await done()
                throw error
            }
        }
    }
}
