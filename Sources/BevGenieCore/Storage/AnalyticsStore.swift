/// What the runs, signals and stage timings recorded by the pipeline say about a period.
public protocol AnalyticsStore: Sendable {
    func analytics(since: Double, until: Double) async throws -> AnalyticsReport
}

/// Analytics over a time window.
public struct AnalyticsReport: Sendable, Equatable {
    public struct StageStats: Sendable, Equatable {
        public var stage: String
        public var count: Int
        public var errors: Int
        public var p50: Double
        public var p95: Double
        public var p99: Double
        public var errorRate: Double { count == 0 ? 0 : Double(errors) / Double(count) }
    }

    public struct PainPointCount: Sendable, Equatable {
        public var role: String
        public var painPoint: String
        public var signals: Int
        public var averageStrength: Double
    }

    public struct DailyCount: Sendable, Equatable {
        public var day: String
        public var painPoint: String
        public var signals: Int
    }

    public var since: Double
    public var until: Double
    public var runs: Int
    public var failedRuns: Int
    public var stages: [StageStats]
    public var intents: [String: Int]
    public var pageTypes: [String: Int]
    public var painPointsByRole: [PainPointCount]
    public var painPointsByDay: [DailyCount]
    public var cacheHits: Int
    public var cacheMisses: Int
    public var cacheHitRate: Double {
        cacheHits + cacheMisses == 0 ? 0 : Double(cacheHits) / Double(cacheHits + cacheMisses)
    }
}

/// Nearest-rank percentile of sorted values.
func nearestRank(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

extension AnalyticsReport {
    public var json: JSONValue {
        .object([
            ("window", .object([("since", .string(SessionDetail.iso(since))), ("until", .string(SessionDetail.iso(until)))])),
            ("runs", .int(runs)), ("failedRuns", .int(failedRuns)),
            ("stages", .array(stages.map {
                .object([
                    ("stageId", .string($0.stage)), ("count", .int($0.count)), ("errors", .int($0.errors)),
                    ("errorRate", .rounded($0.errorRate, places: 4)), ("p50Ms", .rounded($0.p50)),
                    ("p95Ms", .rounded($0.p95)), ("p99Ms", .rounded($0.p99)),
                ])
            })),
            ("intents", .object(intents.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, .int($0.value)) })),
            ("pageTypes", .object(pageTypes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, .int($0.value)) })),
            ("painPointsByRole", .array(painPointsByRole.map {
                .object([
                    ("role", .string($0.role)), ("painPoint", .string($0.painPoint)), ("signals", .int($0.signals)),
                    ("averageStrength", .rounded($0.averageStrength, places: 2)),
                ])
            })),
            ("painPointsByDay", .array(painPointsByDay.map {
                .object([("day", .string($0.day)), ("painPoint", .string($0.painPoint)), ("signals", .int($0.signals))])
            })),
            ("cache", .object([
                ("hits", .int(cacheHits)), ("misses", .int(cacheMisses)), ("hitRate", .rounded(cacheHitRate, places: 4)),
            ])),
        ])
    }
}
