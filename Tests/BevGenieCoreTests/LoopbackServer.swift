import Foundation
import Glibc
import Synchronization

@testable import BevGenieCore

/// A real HTTP/1.1 server on 127.0.0.1 (port chosen by the kernel) for testing the libcurl client: each request
/// is answered by a script of writes, pauses and closes, so tests can reproduce what real providers do —
/// errors, rate limits with `retry-after`, streams cut mid-chunk, stalls.
final class LoopbackServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: [UInt8]
        var json: JSONValue? { try? JSONParser.parse(bytes: body) }
    }

    enum Step: Sendable {
        case write([UInt8])
        case pause(milliseconds: Int)
        case close
    }

    let port: UInt16
    private let socket: Int32
    private let handler: @Sendable (Request, Int) -> [Step]
    private let received = Mutex<[Request]>([])
    private let stopped = Mutex(false)
    /// The connections open now, and how many were ever accepted (a client reusing connections opens few).
    private let clients = Mutex<(open: Set<Int32>, accepted: Int)>(([], 0))

    /// `handler` gets each request and its 0-based number and returns what to send.
    init(handler: @escaping @Sendable (Request, Int) -> [Step]) throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: address.sin_port)
        self.socket = fd
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { received.withLock { $0 } }
    var connectionsAccepted: Int { clients.withLock { $0.accepted } }

    /// Stops listening and ends the open connections, as a real server going away does (a client must not
    /// reuse a connection to a stopped server, whose port another test's server may get next).
    func stop() {
        stopped.withLock { $0 = true }
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
        clients.withLock { clients in
            for client in clients.open { shutdown(client, Int32(SHUT_RDWR)) }
        }
    }

    deinit { stop() }

    private func acceptLoop() {
        while !stopped.withLock({ $0 }) {
            let client = accept(socket, nil, nil)
            if client < 0 { return }
            clients.withLock { clients in
                clients.open.insert(client)
                clients.accepted += 1
            }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        defer {
            _ = clients.withLock { $0.open.remove(client) }
            close(client)
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            // Read one request: head, then Content-Length bytes of body.
            var headEnd: Int?
            while headEnd == nil {
                if let range = find([13, 10, 13, 10], in: buffer) { headEnd = range; break }
                let n = read(client, &chunk, chunk.count)
                if n <= 0 { return }
                buffer += chunk[0..<n]
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            var headers: [String: String] = [:]
            for line in lines {
                if let colon = line.firstIndex(of: ":") {
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            let bodyStart = headEnd! + 4
            while buffer.count < bodyStart + length {
                let n = read(client, &chunk, chunk.count)
                if n <= 0 { return }
                buffer += chunk[0..<n]
            }
            let request = Request(
                method: String(requestLine.first ?? ""), path: String(requestLine.dropFirst().first ?? ""),
                headers: headers, body: Array(buffer[bodyStart..<(bodyStart + length)]))
            buffer.removeFirst(bodyStart + length)
            let number = received.withLock { list in
                list.append(request)
                return list.count - 1
            }
            for step in handler(request, number) {
                switch step {
                case .write(let bytes):
                    var offset = 0
                    while offset < bytes.count {
                        let n = bytes[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                        if n <= 0 { return }
                        offset += n
                    }
                case .pause(let ms): usleep(useconds_t(ms * 1000))
                case .close: return
                }
            }
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    /// A complete response with a body and Content-Length.
    static func response(status: Int, headers: [String: String] = [:], body: String) -> [Step] {
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Length: \(body.utf8.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return [.write(Array((head + "\r\n" + body).utf8))]
    }
}
