import BevGenieCore

/// The event log of a store that keeps none (both of bevgenie's stores keep one; this is for a `BevGenieStore`
/// that does not conform to `RunEventStore`): runs are followed, resumed within the grace period and stopped on
/// the process that runs them, from memory; a finished run, or one on another process, is unknown (404).
struct NoRunLog: RunEventStore {
    func appendRunEvents(_ batch: RunEventBatch) async throws -> [String] { [] }
    func runEvents(runId: String, after: Int, limit: Int) async throws -> RunEventPage? { nil }
    func requestRunStop(runId: String) async throws -> RunStreamState? { nil }
    func markRunWatched(runId: String, at: Double) async throws {}
    func dropRunEvents(olderThan cutoff: Double) async throws -> Int { 0 }
}
