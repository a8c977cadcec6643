import BevGenieCore
import Foundation
import Testing

/// `bevgenie mcp`, spawned by the official `mcp` Python client over stdio.
@Suite struct MCPFaceTests {
    static let question = "How can I get better visibility into retail execution?"

    @Test func officialClientCallsEveryToolAndBadArgumentsAreToolErrors() async throws {
        let directory = NSTemporaryDirectory() + "bevgenie-mcp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await run("python3", [
            clientsDirectory + "/mcp_client.py", bevgenieBinary, directory + "/mcp.db", Self.question,
        ], timeout: 180)
        try #require(result.status == 0, "the mcp client failed (is the mcp package installed?): \(result.stderr)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])

        let server = try #require(seen["server"] as? [String: Any])
        #expect(server["name"] as? String == "bevgenie")
        #expect(server["tools"] as? Bool == true && server["resources"] as? Bool == true)
        let tools = try #require(seen["tools"] as? [String: [String]])
        #expect(tools == [
            "search_knowledge": ["query"], "ask": ["message"], "get_persona": ["sessionId"], "render_page": ["page"],
        ])

        // search_knowledge: passages with their ids, as `kb search` finds them.
        let search = try #require(seen["search"] as? [String: Any])
        #expect(search["isError"] as? Bool == false)
        let hits = try #require((search["structured"] as? [String: Any])?["results"] as? [[String: Any]])
        #expect(hits.count == 3)
        #expect(hits.allSatisfy { $0["chunkId"] is String && $0["documentId"] is String })

        // ask: the answer, the page and the session, with progress per stage that only goes up and reaches 95+.
        let ask = try #require(seen["ask"] as? [String: Any])
        #expect(ask["isError"] as? Bool == false)
        let complete = try #require(ask["structured"] as? [String: Any])
        #expect((ask["text"] as? [String])?.first == complete["message"] as? String)
        #expect((complete["message"] as? String)?.isEmpty == false)
        let page = try #require(complete["generatedPage"] as? [String: Any])
        let sessionId = try #require((complete["session"] as? [String: Any])?["id"] as? String)
        let progress = try #require(seen["progress"] as? [[String: Any]])
        let values = progress.compactMap { $0["progress"] as? Double }
        #expect(values == [10, 20, 30, 40, 50, 60, 70, 80, 85, 95], "one notification per stage start and end")
        #expect(progress.allSatisfy { $0["total"] as? Double == 100 && $0["message"] is String })

        // The same question through `ask` on another database gives the same answer (the pipeline, not a stub).
        let cli = try await run(bevgenieBinary, ["ask", Self.question, "--format", "json", "--db", directory + "/cli.db"])
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
        #expect(complete["message"] as? String == reference["message"] as? String)

        let persona = try #require(seen["persona"] as? [String: Any])
        #expect(persona["isError"] as? Bool == false)
        let personaBody = try #require(persona["structured"] as? [String: Any])
        #expect(personaBody["sessionId"] as? String == sessionId)
        #expect(NSDictionary(dictionary: personaBody["persona"] as? [String: Any] ?? [:])
            == NSDictionary(dictionary: (complete["session"] as? [String: Any])?["persona"] as? [String: Any] ?? ["x": 1]))

        let render = try #require(seen["render"] as? [String: Any])
        #expect(render["isError"] as? Bool == false)
        let html = try #require((render["text"] as? [String])?.first)
        #expect(html.lowercased().hasPrefix("<!doctype html>"))
        #expect(html.contains(PageRenderer.escape(page["title"] as? String ?? "<missing>")))

        let followUp = try #require(seen["follow_up"] as? [String: Any])
        let continued = try #require((followUp["structured"] as? [String: Any])?["session"] as? [String: Any])
        #expect(continued["id"] as? String == sessionId, "sessionId continues the conversation")

        // Bad arguments are tool errors with a reason, never protocol errors or a crash.
        let bad = try #require(seen["bad"] as? [String: [String: Any]])
        #expect(bad.count == 8)
        for (name, outcome) in bad {
            #expect(outcome["isError"] as? Bool == true, "\(name)")
            #expect((outcome["text"] as? [String])?.first?.isEmpty == false, "\(name) says why")
        }
        #expect((bad["query_not_string"]?["text"] as? [String])?.first?.contains("'query' must be a string") == true)
        #expect((bad["empty_message"]?["text"] as? [String])?.first?.contains("empty") == true)
        #expect((bad["invalid_page"]?["text"] as? [String])?.first?.contains("not valid") == true)

        // Knowledge documents as resources, readable as Markdown.
        let resources = try #require(seen["resources"] as? [[String: Any]])
        #expect(!resources.isEmpty)
        #expect(resources.allSatisfy { ($0["uri"] as? String)?.hasPrefix("bevgenie://knowledge/") == true })
        #expect(resources.allSatisfy { $0["mimeType"] as? String == "text/markdown" })
        let text = try #require((seen["resource_text"] as? [String])?.first)
        #expect(text.hasPrefix("# " + (resources.first?["name"] as? String ?? "<missing>")))

        #expect((seen["after"] as? [String: Any])?["isError"] as? Bool == false, "the server still answers")
    }
}
