import Foundation

/// The `bevgenie` binary built next to the tests (or `$BEVGENIE_BIN`).
let bevgenieBinary: String = {
    if let path = ProcessInfo.processInfo.environment["BEVGENIE_BIN"], !path.isEmpty { return path }
    let directory = Bundle.main.executableURL!.deletingLastPathComponent()
    return directory.appendingPathComponent("bevgenie").path
}()

struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the real binary as a separate process, with a clean environment. The waiting happens on a Dispatch
/// thread: blocking Swift's cooperative pool (two threads here) would starve every other test running alongside.
func bevgenie(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> CommandResult {
    try await withCheckedThrowingContinuation { continuation in
        // A thread of its own: waiting for a process must not occupy the pools other tests need.
        Thread.detachNewThread {
            do {
                continuation.resume(returning: try bevgenieBlocking(arguments, stdin: stdin, environment: environment))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}

private func bevgenieBlocking(_ arguments: [String], stdin: String?, environment: [String: String]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: bevgenieBinary)
    process.arguments = arguments
    var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8"]
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes while the process runs, so a full pipe can never block it.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    group.enter()
    DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter()
    DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.wait()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}


/// Parses NDJSON output with Foundation's parser (independent of bevgenie's own JSON code).
func parseNDJSON(_ text: String) throws -> [(event: String, data: [String: Any])] {
    try text.split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        return (object["event"] as! String, object["data"] as! [String: Any])
    }
}

/// A new temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = NSTemporaryDirectory() + "bevgenie-cli-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// The `result` of a stage's complete event.
func stageResult(_ events: [(event: String, data: [String: Any])], _ stage: String) -> [String: Any]? {
    for (name, data) in events where name == "stage" {
        if (data["stageId"] as? String) == stage, (data["status"] as? String) == "complete" {
            return data["result"] as? [String: Any]
        }
    }
    return nil
}
