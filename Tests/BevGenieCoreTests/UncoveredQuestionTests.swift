import Foundation
import Testing

@testable import BevGenieCore

/// A question the knowledge does not cover gets a one-sentence answer and no page: a page stitched from whatever
/// else matched a word would contradict the answer above it.
@Suite struct UncoveredQuestionTests {
    func pageResult(_ events: [PipelineEvent]) -> JSONValue? {
        for case .stage(let stage) in events where stage.stage == .page && stage.status == .complete {
            return stage.result
        }
        return nil
    }

    @Test func aNameTheKnowledgeNeverMentionsGetsNoPage() async throws {
        try await withStore { store, _ in
            let (events, outcome) = await ask("Do you integrate with Provi?", store: store)
            guard case .completed(let payload) = outcome else { Issue.record("run failed: \(outcome)"); return }
            #expect(payload.generatedPage == nil)
            #expect(pageResult(events)?["skipped"]?.boolValue == true)
            #expect(pageResult(events)?["reason"]?.stringValue == "the knowledge base does not cover this question")
            #expect(payload.message.contains("Provi"))
            #expect(!events.contains { if case .section = $0 { return true } else { return false } })
        }
    }

    @Test func aCoveredQuestionStillGetsItsPage() async throws {
        try await withStore { store, _ in
            let (_, outcome) = await ask("How much does it cost?", store: store)
            guard case .completed(let payload) = outcome else { Issue.record("run failed: \(outcome)"); return }
            #expect(payload.generatedPage?["type"]?.stringValue == "roi_calculator")
        }
    }
}
