import Foundation
import Testing

@testable import BevGenieCore

/// The libcurl client keeps connections open between requests to the same host (`CurlHandlePool`), and a
/// transfer on a reused connection still stops at once when cancelled.
@Suite struct ConnectionReuseTests {
    @Test func sequentialRequestsToOneHostShareOneConnection() async throws {
        let server = try LoopbackServer { _, number in LoopbackServer.response(status: 200, body: "reply \(number)") }
        let client = CurlHTTPClient()
        for number in 0..<5 {
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/v1/x", body: Array("{}".utf8)))
            #expect(response.head.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "reply \(number)")
        }
        #expect(server.requests.count == 5)
        #expect(server.connectionsAccepted == 1)
    }

    @Test func withoutReuseEveryRequestOpensAConnection() async throws {
        let server = try LoopbackServer { _, _ in LoopbackServer.response(status: 200, body: "ok") }
        let client = CurlHTTPClient(reusesConnections: false)
        for _ in 0..<3 { _ = try await client.send(HTTPRequest(url: server.baseURL + "/", body: [])) }
        #expect(server.connectionsAccepted == 3)
    }

    @Test func aServerThatClosedTheConnectionGetsANewOne() async throws {
        // The first answer closes its connection after the reply: the next request must not fail on it.
        let server = try LoopbackServer { _, number in
            LoopbackServer.response(status: 200, body: "reply \(number)") + (number == 0 ? [LoopbackServer.Step.close] : [])
        }
        let client = CurlHTTPClient()
        let first = try await client.send(HTTPRequest(url: server.baseURL + "/", body: []))
        try await Task.sleep(for: .milliseconds(50))  // the close reaches the client's socket
        let second = try await client.send(HTTPRequest(url: server.baseURL + "/", body: []))
        #expect(String(decoding: first.body, as: UTF8.self) == "reply 0")
        #expect(String(decoding: second.body, as: UTF8.self) == "reply 1")
        #expect(server.connectionsAccepted == 2)
    }

    @Test func cancellingAStreamOnAReusedConnectionAbortsIt() async throws {
        // Request 0 leaves its connection open for reuse; request 1, on that connection, stalls for 120 s.
        let server = try LoopbackServer { _, number in
            number == 0
                ? LoopbackServer.response(status: 200, body: "warm")
                : [.write(Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n: open\n\n".utf8)),
                   .pause(milliseconds: 120_000)]
        }
        let client = CurlHTTPClient()
        _ = try await client.send(HTTPRequest(url: server.baseURL + "/", body: []))
        let task = Task {
            let stream = try await client.stream(HTTPRequest(url: server.baseURL + "/", body: []))
            for try await _ in stream.body {}
        }
        while server.requests.count < 2 { try await Task.sleep(for: .milliseconds(20)) }
        let started = ContinuousClock.now
        task.cancel()
        _ = await task.result
        #expect(server.connectionsAccepted == 1)  // the stalled request was on the reused connection
        // Aborted, not waited out (the server would stall for 120 s); loose on purpose, as in ProviderTests.
        #expect(ContinuousClock.now - started < .seconds(90))
    }
}
