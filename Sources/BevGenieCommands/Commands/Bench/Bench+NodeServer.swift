import Foundation

extension BevGenieCLI.Bench {
    /// Starts a Node.js script that listens on a port of its choosing and prints it, last word of its first line
    /// ("listening on 41234"); returns the running process and that port, or fails with `failure`.
    static func startNodeServer(node: String, arguments: [String], failure: String) throws -> (Process, port: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [node] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        guard let port = String(decoding: line, as: UTF8.self).split(separator: " ").last.flatMap({ Int($0) }) else {
            process.terminate()
            throw CommandFailure(failure)
        }
        return (process, port)
    }
}
