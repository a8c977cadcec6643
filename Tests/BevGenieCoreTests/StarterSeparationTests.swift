import Foundation
import Testing

@testable import BevGenieCore

/// The built-in starter is a demo: the user's first import takes it out (before writing, so nothing mixes), unless
/// they keep it; it can be put back; an import that stores nothing leaves it in place.
@Suite struct StarterSeparationTests {
    @Test func importingYourOwnKnowledgeRemovesTheStarterAndPagesCiteOnlyYours() async throws {
        try await withStore { store, _ in
            let starterCount = StarterKnowledge.documents.count
            #expect(try await StarterKnowledge.storedIds(in: store).count == starterCount)
            let versionBefore = try await store.knowledgeStats().version
            let events = EventCollector()
            _ = try await KnowledgeImporter(store: store, embedder: HashingEmbedder()).run(paths: [proseFixtures]) {
                await events.add($0)
            }
            #expect(await events.starter == [.removed])
            #expect(try await StarterKnowledge.storedIds(in: store).isEmpty)
            #expect(try await store.knowledgeStats().version > versionBefore, "cached pages from the demo go stale")
            // Even a question about BevGenie's own subject finds only the user's knowledge.
            for question in ["How much does it cost per month?", "Our distributor reps ignore our brand", "What is BevGenie?"] {
                let (_, outcome) = await ask(question, store: store)
                guard case .completed(let complete) = outcome else { Issue.record("\(outcome)"); return }
                for source in complete.generatedPage?["sources"]?.arrayValue ?? [] {
                    let id = source["documentId"]?.stringValue ?? ""
                    #expect(!StarterKnowledge.documents.contains { $0.id == id }, "\(question) cites the starter: \(id)")
                }
                #expect(!complete.message.contains("(pricing-plans") && !complete.message.contains("$1,500"))
            }
        }
    }

    @Test func keepingTheStarterAndRestoringIt() async throws {
        try await withStore { store, directory in
            var importer = KnowledgeImporter(store: store, embedder: HashingEmbedder())
            importer.starter = .keep
            let events = EventCollector()
            _ = try await importer.run(paths: [proseFixtures]) { await events.add($0) }
            #expect(await events.starter == [.kept])
            let kept = try await store.knowledgeCounts().documents
            #expect(kept == StarterKnowledge.documents.count + 8)

            #expect(try await StarterKnowledge.remove(from: store) == StarterKnowledge.documents.count)
            #expect(try await StarterKnowledge.install(into: store, embedder: HashingEmbedder()) == StarterKnowledge.documents.count)
            #expect(try await store.knowledgeCounts().documents == kept)
            #expect(try await StarterKnowledge.install(into: store, embedder: HashingEmbedder()) == 0, "unchanged: untouched")

            // The database remembers the choice to keep it.
            #expect(try await store.keepsStarter() == false)
            try await store.setKeepsStarter(true)
            #expect(try await store.keepsStarter())
            _ = directory
        }
    }

    @Test func anImportThatStoresNothingLeavesTheStarter() async throws {
        try await withStore { store, directory in
            try Data([0, 1, 2]).write(to: URL(fileURLWithPath: directory.file("blob.txt")))
            let events = EventCollector()
            let summary = try await KnowledgeImporter(store: store, embedder: HashingEmbedder())
                .run(paths: [directory.file("blob.txt")]) { await events.add($0) }
            #expect(summary.skipped == 1)
            #expect(await events.starter == [.removed, .restored])
            #expect(try await StarterKnowledge.storedIds(in: store).count == StarterKnowledge.documents.count)
        }
    }

    @Test func anEmptyDatabaseHasNoStarterAndAnotherModelMayStartIt() async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteStore(path: directory.file("empty.db"), seedStarterKnowledge: false)
            #expect(try await store.knowledgeCounts().documents == 0)
            let (_, outcome) = await ask("What is BevGenie?", store: store)
            guard case .completed(let complete) = outcome else { Issue.record("\(outcome)"); return }
            #expect(complete.generatedPage == nil, "no knowledge, no page")
        }
    }
}

/// Collects the starter outcomes an import reports.
actor EventCollector {
    private(set) var starter: [StarterOutcome] = []
    func add(_ event: ImportEvent) {
        if case .starter(let outcome, _) = event { starter.append(outcome) }
    }
}
