import BevGenieCore
import Foundation

/// `bench kb`'s quality section: recall@5 and MRR of keyword-only, vector and hybrid search, per embedder (the
/// built-in hashing embedder and the sentence-embedding model), on each labelled retrieval set over the starter
/// knowledge.
///
/// Beside each set it prints how many of a question's content words occur in its relevant documents at all, so a
/// reader can see that the paraphrase sets really are worded away from the documents (that is where keyword search
/// fails and a model has to understand).
extension BevGenieCLI.Bench.KB {
    func retrievalQuality(directory: String, out: Terminal) async throws {
        var sets: [(name: String, evaluation: RetrievalEvaluation)] = []
        for path in ([eval] + paraphrases.split(separator: ",").map(String.init)).filter({ !$0.isEmpty }) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                out.write("Quality: \(path) not found (run from the repository root or pass --eval / --paraphrases)\n")
                continue
            }
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            sets.append((name, try RetrievalEvaluation(jsonLines: text)))
        }
        guard !sets.isEmpty else { return }

        out.write("Quality over the starter knowledge: recall@5 / MRR per labelled set\n")
        let overlap = Self.wordOverlap
        for set in sets {
            out.write(String(format: "  %@: %d questions, %.0f%% of their content words occur in their relevant documents\n",
                             set.name, set.evaluation.queries.count, overlap(set.evaluation) * 100))
        }
        out.write(BenchSupport.row(["search"] + sets.map(\.name), first: 20, width: 30))

        var keywordRow: [String] = []
        var first = true
        for name in embedders.split(separator: ",").map(String.init) {
            let embedder: any Embedder
            do {
                embedder = try EmbedderFactory.make(name)
            } catch {
                out.write("  \(name): not available (\(error)); `scripts/bootstrap` installs the model\n")
                continue
            }
            let store = try await Self.store(path: directory + "/quality-\(name.replacingOccurrences(of: ":", with: "-")).db",
                                             embedder: embedder)
            var rows: [SearchMode: [String]] = [:]
            for set in sets {
                for mode in SearchMode.allCases where mode != .keyword || first {
                    let score = try await set.evaluation.score(store: store, embedder: embedder, mode: mode)
                    rows[mode, default: []].append(String(format: "%.3f / %.3f", score.recallAt5, score.mrr))
                }
            }
            if first { keywordRow = rows[.keyword] ?? [] }
            first = false
            for mode in SearchMode.allCases where mode != .keyword {
                out.write(BenchSupport.row(["\(mode.rawValue) (\(name))"] + (rows[mode] ?? []), first: 20, width: 30))
            }
        }
        out.write(BenchSupport.row(["keyword only"] + keywordRow, first: 20, width: 30))
        out.write("\n")
    }

    /// A fresh store with the starter knowledge embedded by `embedder` (its shipped vectors when they match).
    static func store(path: String, embedder: any Embedder) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path, starterVectors: ShippedVectors.shipped(for: embedder.model))
        let probe = KnowledgeQuery(text: "distributor", mode: .vector, limit: 1,
                                   vector: try await embedder.embed("distributor"), model: embedder.model, snippets: false)
        if (try? await store.search(probe))?.isEmpty ?? true { try await store.reembed(with: embedder) }
        return store
    }

    /// Of the questions' content words (no stop words, stemmed), the share found in the text of one of their
    /// relevant documents.
    static func wordOverlap(_ evaluation: RetrievalEvaluation) -> Double {
        let documents = Dictionary(uniqueKeysWithValues: StarterKnowledge.documents.map { document in
            (document.id, Set(TextAnalysis.words(document.markdown).map(TextAnalysis.stem)))
        })
        var found = 0, total = 0
        for query in evaluation.queries {
            let words = Set(TextAnalysis.words(query.query).filter { !TextAnalysis.stopWords.contains($0) && $0.count > 2 }
                .map(TextAnalysis.stem))
            let relevant = query.relevant.compactMap { documents[$0] }.reduce(into: Set<String>()) { $0.formUnion($1) }
            total += words.count
            found += words.intersection(relevant).count
        }
        return total == 0 ? 0 : Double(found) / Double(total)
    }
}
