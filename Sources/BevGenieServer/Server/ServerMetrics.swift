import BevGenieCore
import Synchronization

/// Counters and histograms since the server started, exposed at `/metrics` in Prometheus's text format:
/// requests by route and status, pipeline errors by stage and code, pipelines in flight, stage latency.
final class ServerMetrics: Sendable {
    /// Histogram buckets for stage durations, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct State {
        var requests: [String: Int] = [:]  // "route|status"
        var errors: [String: Int] = [:]  // "stage|code"
        var cache: [String: Int] = [:]  // "hit" / "miss"
        var histograms: [String: (counts: [Int], sum: Double, count: Int)] = [:]
    }

    private let state = Mutex(State())

    func recordRequest(route: String, status: Int) {
        state.withLock { $0.requests["\(route)|\(status)", default: 0] += 1 }
    }

    /// Watches a pipeline's events go by.
    func observe(_ event: PipelineEvent) {
        switch event {
        case .stage(let stage):
            guard stage.status == .complete, let ms = stage.durationMs else { return }
            let seconds = ms / 1000
            state.withLock { state in
                var histogram = state.histograms[stage.stage.rawValue] ?? (Array(repeating: 0, count: Self.buckets.count), 0, 0)
                for (index, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
                histogram.sum += seconds
                histogram.count += 1
                state.histograms[stage.stage.rawValue] = histogram
            }
        case .error(let error):
            state.withLock { $0.errors["\(error.stage?.rawValue ?? "request")|\(error.code)", default: 0] += 1 }
        case .complete(let complete):
            if complete.generatedPage != nil {
                state.withLock { $0.cache[complete.cached ? "hit" : "miss", default: 0] += 1 }
            }
        default:
            break
        }
    }

    func prometheus(inFlight: Int) -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP bevgenie_requests_total HTTP requests by route and status.\n# TYPE bevgenie_requests_total counter\n"
        for (key, value) in snapshot.requests.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            out += "bevgenie_requests_total{route=\"\(Self.escape(parts[0]))\",status=\"\(parts[1])\"} \(value)\n"
        }
        out += "# HELP bevgenie_pipeline_errors_total Pipelines that ended with an error, by stage and code.\n# TYPE bevgenie_pipeline_errors_total counter\n"
        for (key, value) in snapshot.errors.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            out += "bevgenie_pipeline_errors_total{stage=\"\(parts[0])\",code=\"\(Self.escape(parts[1]))\"} \(value)\n"
        }
        out += "# HELP bevgenie_pipelines_in_flight Pipelines running now.\n# TYPE bevgenie_pipelines_in_flight gauge\n"
        out += "bevgenie_pipelines_in_flight \(inFlight)\n"
        out += "# HELP bevgenie_sqlite_memory_bytes Memory SQLite holds (mostly its page cache, up to 32 MiB).\n# TYPE bevgenie_sqlite_memory_bytes gauge\n"
        out += "bevgenie_sqlite_memory_bytes \(SQLiteDatabase.memoryUsed)\n"
        out += "# HELP bevgenie_page_cache_total Pages served from the cache (hit) or built (miss).\n# TYPE bevgenie_page_cache_total counter\n"
        for result in ["hit", "miss"] { out += "bevgenie_page_cache_total{result=\"\(result)\"} \(snapshot.cache[result] ?? 0)\n" }
        out += "# HELP bevgenie_stage_duration_seconds Pipeline stage durations.\n# TYPE bevgenie_stage_duration_seconds histogram\n"
        for stage in StageID.allCases.map(\.rawValue) {
            guard let histogram = snapshot.histograms[stage] else { continue }
            for (index, bound) in Self.buckets.enumerated() {
                out += "bevgenie_stage_duration_seconds_bucket{stage=\"\(stage)\",le=\"\(bound)\"} \(histogram.counts[index])\n"
            }
            out += "bevgenie_stage_duration_seconds_bucket{stage=\"\(stage)\",le=\"+Inf\"} \(histogram.count)\n"
            out += "bevgenie_stage_duration_seconds_sum{stage=\"\(stage)\"} \(histogram.sum)\n"
            out += "bevgenie_stage_duration_seconds_count{stage=\"\(stage)\"} \(histogram.count)\n"
        }
        return out
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

import Foundation
