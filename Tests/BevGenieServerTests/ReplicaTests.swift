import Foundation
import PostgresNIO
import Testing

@testable import BevGenieCore

/// Three `bevgenie serve` processes on one PostgreSQL database, as replicas behind a load balancer would run:
/// 300 chats spread over them round-robin (each turn of a session on another replica than the one before, some
/// turns of one session at the same moment on two replicas), while a fourth process imports 1,000 documents and
/// one replica is killed with SIGKILL in the middle of a stream. Afterwards the database is read row by row.
@Suite struct ReplicaTests {
    static let sessions = 100
    static let turns = 3
    static let documents = 1_000
    /// The replica that is killed, and after how many completed chats.
    static let victim = 2
    static let killAfter = 90

    @Test func threeReplicasShareOneDatabaseThroughAKillAndAnImport() async throws {
        try await ReplicaPostgres.withDatabase { url, typed in
            // Started together: the first migration creates the schema once, the others wait on its lock.
            async let first = ServeProcess.start([], database: typed)
            async let second = ServeProcess.start([], database: typed)
            async let third = ServeProcess.start([], database: typed)
            let replicas = try await [first, second, third]
            let bases = replicas.map(\.base).joined(separator: ",")
            let corpus = replicas[0].directory + "/corpus"
            try Self.writeCorpus(in: corpus, documents: Self.documents)

            async let imported = run("env", [
                "HOME=\(replicas[0].directory)", bevgenieBinary, "kb", "import", corpus, "--db", typed, "--keep-starter",
                "--format", "ndjson",
            ], timeout: 900)
            async let chatted = run("python3", [
                clientsDirectory + "/replica_load.py", "chat", bases, "--sessions", "\(Self.sessions)",
                "--turns", "\(Self.turns)", "--concurrency", "12", "--overlap-every", "10",
                "--kill-pid", "\(replicas[Self.victim].pid)", "--kill-replica", "\(Self.victim)",
                "--kill-after", "\(Self.killAfter)",
            ], timeout: 900)
            let (importResult, loadResult) = try await (imported, chatted)

            #expect(importResult.status == 0, "\(importResult.stderr)")
            let summary = importResult.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(summary.contains("\"inserted\":\(Self.documents)"), "\(summary)")
            #expect(loadResult.status == 0, "replica_load.py failed (is httpx installed?): \(loadResult.stderr)")
            let load = try ReplicaLoad(loadResult.stdout)
            #expect(load.killed, "the victim was never killed mid-stream")
            #expect(load.chats.count == Self.sessions * Self.turns)

            // Every chat not on the killed replica completed; on it, at least one stream was cut mid-way.
            let survivors = load.chats.filter { $0.replica != Self.victim }
            let incomplete = survivors.filter { $0.outcome != "complete" }
            #expect(incomplete.isEmpty, "\(incomplete.prefix(5)) \(replicas[0].stderr.suffix(1_500))")
            let onVictim = load.chats.filter { $0.replica == Self.victim }
            #expect(onVictim.contains { $0.outcome == "broken" && $0.events > 0 }, "no stream was cut mid-way")
            #expect(onVictim.allSatisfy { ["complete", "broken", "refused"].contains($0.outcome) }, "\(onVictim)")
            let completed = load.chats.filter { $0.outcome == "complete" }
            #expect(completed.count > survivors.count)  // the victim completed some before it died

            let db = try await TestConnection(url)
            let runsBefore: Int
            do {
                runsBefore = try await Self.checkRows(db, load: load, completed: completed)
                try await Self.checkPersonas(db)
            } catch {
                await db.close()
                throw error
            }

            // The page cache is shared: a page built on replica 0 is a hit on replica 1.
            let message = "Our distributor reps ignore our brand. How do we get mindshare? (replica cache check)"
            let built = try await Self.chat(replicas[0].base, tag: "cacheA", message: message)
            let reused = try await Self.chat(replicas[1].base, tag: "cacheB", message: message)
            #expect(built.outcome == "complete" && built.cached == false, "\(built)")
            #expect(reused.outcome == "complete" && reused.cached == true, "\(reused)")

            // `stats` (a fifth process) counts the runs of every replica.
            let runs = try await db.int("SELECT count(*) FROM runs")
            await db.close()
            #expect(runs == runsBefore + 2)
            let stats = try await run("env", ["HOME=\(replicas[0].directory)", bevgenieBinary, "stats", "--format", "json", "--db", typed])
            #expect(stats.status == 0, "\(stats.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
            #expect(report?["runs"] as? Int == runs, "\(stats.stdout.prefix(400))")
            for replica in [0, 1, 2] {
                // Each replica completed chats, and every run of them is among those counted.
                #expect(completed.contains { $0.replica == replica })
            }
            for replica in replicas { await replica.stop() }
            print("replicas: \(completed.count) of \(load.chats.count) chats completed over 3 replicas "
                + "(\(onVictim.filter { $0.outcome != "complete" }.count) lost with the killed one) beside an import "
                + "of \(Self.documents) documents, in \(Int(load.seconds)) s")
        }
    }

    /// Sessions, messages, signals, runs and stage timings: every completed chat's rows there exactly once, and
    /// what the killed replica left behind whole or absent.
    /// Returns how many runs are stored.
    static func checkRows(_ db: TestConnection, load: ReplicaLoad, completed: [ReplicaLoad.Chat]) async throws -> Int {
        let runIds = completed.compactMap(\.runId)
        #expect(runIds.count == completed.count, "a completed chat without X-Run-Id")
        #expect(Set(runIds).count == runIds.count)
        let sent = Set(load.chats.compactMap(\.runId))
        #expect(try await db.int("SELECT count(*) FROM runs WHERE id = ANY(\(runIds)) AND status = 'ok'") == runIds.count)
        #expect(try await db.int("SELECT count(*) FROM stage_timings WHERE run_id = ANY(\(runIds))") == 5 * runIds.count)
        // Runs of no chat: none (the starter seeds none). Runs of a killed chat: whole (5 stage timings) or absent.
        let stored = try await db.rows("SELECT id FROM runs").map { try $0.decode(String.self) }
        #expect(Set(stored).isSubset(of: sent), "runs no chat sent: \(Set(stored).subtracting(sent).prefix(3))")
        #expect(try await db.int(
            "SELECT count(*) FROM runs r WHERE (SELECT count(*) FROM stage_timings s WHERE s.run_id = r.id) <> 5") == 0)
        // One user and one assistant message per completed run; at most one of each per run anywhere.
        #expect(try await db.int(
            "SELECT count(*) FROM messages WHERE run_id = ANY(\(runIds)) AND author = 'user'") == runIds.count)
        #expect(try await db.int(
            "SELECT count(*) FROM messages WHERE run_id = ANY(\(runIds)) AND author = 'assistant'") == runIds.count)
        #expect(try await db.int(
            "SELECT count(*) FROM (SELECT 1 FROM messages GROUP BY run_id, author HAVING count(*) > 1) d") == 0)
        // An answer is never stored without its run, nor a run of a finished chat without its answer.
        #expect(try await db.int(
            "SELECT count(*) FROM messages m WHERE author = 'assistant' AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = m.run_id)") == 0)
        #expect(try await db.int(
            "SELECT count(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.run_id = r.id AND m.author = 'assistant')") == 0)
        // Sessions: each session any chat reached, once; its message counter equals its messages.
        let reached = Set(try await db.rows("SELECT DISTINCT session_id FROM messages").map { try $0.decode(String.self) })
        #expect(Set(completed.map(\.session)).isSubset(of: reached))
        #expect(try await db.int("SELECT count(*) FROM sessions") == reached.count)
        #expect(try await db.int(
            "SELECT count(*) FROM sessions s WHERE message_count <> (SELECT count(*) FROM messages m WHERE m.session_id = s.id)") == 0)
        // Signals: each completed run's pain-point signals, as stage 2 reported them, once, on its user message.
        var reported: [String: Int] = [:]
        for chat in completed { reported[chat.runId!] = chat.signals ?? -1 }
        var found: [String: Int] = [:]
        for row in try await db.rows(
            "SELECT run_id, count(*) FROM signals WHERE kind = 'pain_point' AND run_id = ANY(\(runIds)) GROUP BY run_id")
        {
            let (run, count) = try row.decode((String, Int).self)
            found[run] = count
        }
        let mismatched = reported.filter { found[$0.key, default: 0] != $0.value }
        #expect(mismatched.isEmpty, "signals stored ≠ signals reported: \(mismatched.prefix(5))")
        #expect(reported.values.reduce(0, +) > 0, "no chat revealed a pain point: the check would be empty")
        #expect(try await db.int(
            "SELECT count(*) FROM signals g WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = g.message_id AND m.run_id = g.run_id AND m.author = 'user')") == 0)
        #expect(try await db.int("SELECT count(*) FROM runs WHERE intent = 'out_of_scope'") == 0)
        return stored.count
    }

    /// Each session's stored persona equals `PersonaPolicy` replayed over its messages in order (each user message
    /// with the signals stored with it, at its time, decayed from the time of the message before), so no
    /// concurrent turn's update was lost or applied twice.
    static func checkPersonas(_ db: TestConnection) async throws {
        var signals: [Int: [(kind: String, value: String, strength: Double)]] = [:]
        for row in try await db.rows("SELECT message_id, kind, value, strength FROM signals ORDER BY id") {
            let (message, kind, value, strength) = try row.decode((Int, String, String, Double).self)
            signals[message, default: []].append((kind, value, strength))
        }
        var replayed: [String: Persona] = [:]
        var lastAt: [String: Double] = [:]
        let policy = PersonaPolicy()
        for row in try await db.rows("SELECT id, session_id, author, created_at FROM messages ORDER BY session_id, id") {
            let (id, session, author, at) = try row.decode((Int, String, String, Double).self)
            if author == "user" {
                var persona = replayed[session] ?? Persona()
                persona.updatedAt = lastAt[session].map { Date(timeIntervalSince1970: $0) }
                let mine = signals[id] ?? []
                let painPoints = mine.filter { $0.kind == "pain_point" }.compactMap { signal in
                    PainPoint(rawValue: signal.value).map { PainPointSignal(painPoint: $0, strength: signal.strength, evidence: "") }
                }
                let role = mine.last { $0.kind == "role" }.flatMap { signal in
                    Role(rawValue: signal.value).map { RoleSignal(role: $0, strength: signal.strength, evidence: "") }
                }
                replayed[session] = policy.updated(persona, with: painPoints, role: role, at: Date(timeIntervalSince1970: at))
            }
            lastAt[session] = at
        }
        var stored: [String: [PainPoint: Double]] = [:]
        for row in try await db.rows("SELECT session_id, pain_point, score FROM persona_scores") {
            let (session, name, score) = try row.decode((String, String, Double).self)
            stored[session, default: [:]][try #require(PainPoint(rawValue: name))] = score
        }
        var roles: [String: String?] = [:]
        for row in try await db.rows("SELECT id, role FROM sessions") {
            let (session, role) = try row.decode((String, String?).self)
            roles[session] = role
        }
        #expect(Set(roles.keys) == Set(replayed.keys))
        var differing: [String] = []
        for (session, persona) in replayed {
            let scores = stored[session] ?? [:]
            let same = Set(scores.keys) == Set(persona.painPoints.keys)
                && persona.painPoints.allSatisfy { abs($0.value - (scores[$0.key] ?? -1)) < 1e-12 }
                && roles[session] == .some(persona.role?.rawValue)
            if !same { differing.append("\(session): stored \(scores) \(roles[session] ?? nil ?? "-"), replayed \(persona.painPoints) \(persona.role?.rawValue ?? "-")") }
        }
        #expect(differing.isEmpty, "\(differing.count) personas differ from the replay: \(differing.prefix(3))")
        #expect(stored.count > Self.sessions / 2, "few personas: the replay check would be weak")
    }

    /// One chat through replica_load.py (a single session, one turn) to `base`.
    static func chat(_ base: String, tag: String, message: String) async throws -> ReplicaLoad.Chat {
        let result = try await run("python3", [
            clientsDirectory + "/replica_load.py", "chat", base, "--sessions", "1", "--turns", "1", "--tag", tag,
            "--message", message,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try ReplicaLoad(result.stdout).chats.first)
    }

    /// Guides of 3 to 5 sections in the trade's words, distinct per document.
    static func writeCorpus(in directory: String, documents: Int) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let words = ["distributor", "depletion", "compliance", "display", "execution", "margin", "retailer",
                     "territory", "pricing", "promotion", "rebate", "inventory", "velocity", "shelf", "route"]
        for index in 0..<documents {
            func paragraph(_ seed: Int) -> String {
                (0..<50).map { words[(seed * 7 + $0 * 13 + $0 / 5) % words.count] }.joined(separator: " ")
            }
            var text = "# Replica guide \(index)\n\nr\(index) " + paragraph(index) + "\n\n"
            for section in 0..<(3 + index % 3) {
                text += "## Part \(section)\n\nr\(index)s\(section) " + paragraph(index + section) + "\n\n"
            }
            try text.write(toFile: "\(directory)/guide\(index).md", atomically: true, encoding: .utf8)
        }
    }
}

/// What replica_load.py printed.
struct ReplicaLoad {
    struct Chat: CustomStringConvertible {
        var session: String
        var turn: Int
        var replica: Int
        var outcome: String
        var runId: String?
        var events: Int
        var signals: Int?
        var cached: Bool?
        var retryable: Bool?
        var category: String?
        /// When it was sent (epoch seconds).
        var sentAt: Double
        var description: String { "\(session)#\(turn)@\(replica) \(outcome) run \(runId ?? "-") events \(events)" }
    }

    var seconds: Double
    var killed: Bool
    /// When the fault was set off (epoch seconds), and why its command failed if it did.
    var faultAt: Double?
    var faultFailure: String?
    var chats: [Chat]

    init(_ output: String) throws {
        guard let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let chats = json["chats"] as? [[String: Any]]
        else { throw ServeProcessError(message: "replica_load.py printed no report: \(output.prefix(500))") }
        seconds = json["seconds"] as? Double ?? 0
        killed = json["killed"] as? Bool ?? false
        faultAt = json["faultAt"] as? Double
        faultFailure = json["faultFailure"] as? String
        self.chats = chats.map { chat in
            Chat(
                session: chat["session"] as? String ?? "", turn: chat["turn"] as? Int ?? -1,
                replica: chat["replica"] as? Int ?? -1, outcome: chat["outcome"] as? String ?? "?",
                runId: chat["runId"] as? String, events: chat["events"] as? Int ?? 0, signals: chat["signals"] as? Int,
                cached: chat["cached"] as? Bool, retryable: chat["retryable"] as? Bool,
                category: chat["category"] as? String, sentAt: chat["sentAt"] as? Double ?? 0)
        }
    }
}
