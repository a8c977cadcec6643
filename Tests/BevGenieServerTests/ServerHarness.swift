import BevGenieCore
import BevGenieServer
import Foundation
import Logging
import Synchronization
import Testing

/// A real server on 127.0.0.1, port chosen by the kernel, over a real SQLite file in a temp dir.
final class TestServer: Sendable {
    let directory: String
    let store: SQLiteStore
    private let server: RunningServer

    var port: Int { server.port }
    var base: String { "http://127.0.0.1:\(port)" }

    static func start(
        configure: (inout ServerConfiguration) -> Void = { _ in },
        pipeline: (@Sendable (SQLiteStore) -> Pipeline)? = nil,
        logger: Logger? = nil
    ) async throws -> TestServer {
        let directory = NSTemporaryDirectory() + "bevgenie-server-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory + "/server.db")
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        // Requests are counted into each server's own registry, as `bevgenie serve` counts them.
        ServerMetrics.bootstrapProcessWide()
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let server = try await RunningServer.start(
            configuration: configuration, store: store, pipeline: pipeline?(store), logger: logger ?? quiet)
        return TestServer(directory: directory, store: store, server: server)
    }

    private init(directory: String, store: SQLiteStore, server: RunningServer) {
        self.directory = directory
        self.store = store
        self.server = server
    }

    /// As SIGTERM would: stop accepting, let open requests end, and return when the server has stopped.
    func shutDown() async throws {
        try await server.shutDown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a command to completion (a real client: curl, python). The waiting happens on a Dispatch thread, never on
/// Swift's cooperative pool: the server under test runs in this process and needs those threads to answer.
func run(_ executable: String, _ arguments: [String], timeout: Double = 60) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
        // A thread of its own: waiting for a process must not occupy the pools other tests need.
        Thread.detachNewThread {
            do {
                continuation.resume(returning: try runBlocking(executable, arguments, timeout: timeout))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}

private func runBlocking(_ executable: String, _ arguments: [String], timeout: Double) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    nonisolated(unsafe) var outData = Data(), errData = Data()  // each written by one queue, read after wait()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter()
    DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    if group.wait(timeout: .now() + timeout) == .timedOut { process.terminate() }
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// `curl` with the status code on the last line.
func curl(_ arguments: [String]) async throws -> (status: Int, body: String, headers: String) {
    let result = try await run("curl", ["-s", "-S", "-D", "-", "-w", "\n%{http_code}"] + arguments)
    var lines = result.stdout.components(separatedBy: "\n")
    let status = Int(lines.removeLast()) ?? 0
    let text = lines.joined(separator: "\n")
    let split = text.range(of: "\r\n\r\n")
    let headers = split.map { String(text[..<$0.lowerBound]) } ?? ""
    let body = split.map { String(text[$0.upperBound...]) } ?? text
    return (status, body, headers.lowercased())
}

func postJSON(_ url: String, _ body: String, extra: [String] = []) async throws -> (status: Int, body: String, headers: String) {
    try await curl(["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body] + extra + [url])
}

let clientsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Clients").path

/// The bevgenie binary next to the test bundle.
let bevgenieBinary: String = {
    if let path = ProcessInfo.processInfo.environment["BEVGENIE_BIN"], !path.isEmpty { return path }
    return Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("bevgenie").path
}()

/// Where tests leave artifacts worth looking at (screenshots).
let testOutputDirectory: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let path = root.appendingPathComponent(".build/test-output").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()
