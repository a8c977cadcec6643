import Foundation
import Synchronization

/// The real `bevgenie serve` in a process of its own, on a kernel-chosen port, over a database in a temp dir: for
/// checks that need its own memory figures or a second process writing the same file.
final class ServeProcess: Sendable {
    let directory: String
    let database: String
    let port: Int
    private let process: Process
    /// Everything the server wrote to stderr (drained all along, so its pipe never fills).
    private let log: Log

    var pid: Int32 { process.processIdentifier }
    var base: String { "http://127.0.0.1:\(port)" }
    var stderr: String { log.text.withLock { $0 } }

    final class Log: Sendable {
        let text = Mutex("")
    }

    /// Starts `bevgenie serve --port 0` with `arguments` and returns once it says where it listens.
    /// `database`: another server's file, to share it; `environment`: added to the minimal one (provider URLs).
    static func start(_ arguments: [String], database shared: String? = nil, environment: [String: String] = [:])
        async throws -> ServeProcess
    {
        let directory = NSTemporaryDirectory() + "bevgenie-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = shared ?? directory + "/serve.db"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bevgenieBinary)
        process.arguments = ["serve", "--port", "0", "--db", database] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": directory, "LANG": "C.UTF-8"]
            .merging(environment) { _, added in added }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        let log = Log()
        let port: Int? = await withCheckedContinuation { continuation in
            // Reads stderr on a thread of its own until the pipe closes; the port is reported once it appears.
            Thread.detachNewThread {
                var reported = false
                let handle = errors.fileHandleForReading
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    let text = log.text.withLock { $0 += String(decoding: data, as: UTF8.self); return $0 }
                    if !reported, let port = Self.listeningPort(in: text) {
                        reported = true
                        continuation.resume(returning: port)
                    }
                }
                if !reported { continuation.resume(returning: nil) }
            }
        }
        guard let port else {
            process.waitUntilExit()
            throw ServeProcessError(message: "bevgenie serve did not start: \(log.text.withLock { $0 })")
        }
        return ServeProcess(directory: directory, database: database, port: port, process: process, log: log)
    }

    private init(directory: String, database: String, port: Int, process: Process, log: Log) {
        self.directory = directory
        self.database = database
        self.port = port
        self.process = process
        self.log = log
    }

    /// SIGTERM, as a supervisor would, and its exit status once it has gone. The directory stays until this goes.
    @discardableResult
    func stop() async -> Int32 {
        if process.isRunning { process.terminate() }
        let process = self.process
        let status = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
        return status
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The port in "bevgenie: serving on http://127.0.0.1:PORT".
    static func listeningPort(in text: String) -> Int? {
        guard let range = text.range(of: "serving on http://127.0.0.1:") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        let rest = text[range.upperBound...].dropFirst(digits.count)
        guard !digits.isEmpty, !rest.isEmpty else { return nil }  // the whole number has arrived
        return Int(digits)
    }
}

struct ServeProcessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
