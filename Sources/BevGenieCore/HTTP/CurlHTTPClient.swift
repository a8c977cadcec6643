import CCurlShim
import Foundation
import Synchronization

/// HTTP over libcurl's easy interface: each transfer runs on a thread of its own (`CurlWorkers`, reused) so the
/// blocking `curl_easy_perform` never occupies Swift's cooperative pool, on an easy handle taken from a pool
/// (`CurlHandlePool`), so requests to the same host reuse an open connection.
///
/// Callbacks are plain C function pointers that capture nothing; the transfer's state travels to them as
/// `Unmanaged` user data. Cancelling the task sets a flag the progress and write callbacks check, and they return
/// curl's abort codes, so the transfer stops at once.
public struct CurlHTTPClient: Sendable {
    /// Whether transfers reuse open connections (pooled handles); false opens a new connection for every
    /// request and closes it after (what `bench providers` compares against).
    public var reusesConnections: Bool

    public init(reusesConnections: Bool = true) {
        _ = Self.globalInit
        self.reusesConnections = reusesConnections
    }

    /// `curl_global_init` must run once before any other libcurl call; a static `let` runs exactly once.
    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    /// Sends `request` and collects the whole response.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer(onData: nil)
        try await perform(request, transfer)
        let state = transfer.state.withLock { ($0.head, $0.body) }
        return HTTPResponse(head: state.0 ?? HTTPResponseHead(status: 0, headers: []), body: state.1)
    }

    func perform(_ request: HTTPRequest, _ transfer: CurlTransfer) async throws {
        let outcome: Result<Void, HTTPClientError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                CurlWorkers.shared.run(name: "bevgenie-curl") { [reusesConnections] in
                    continuation.resume(returning: Self.runTransfer(request, transfer, reusingConnections: reusesConnections))
                }
            }
        } onCancel: {
            transfer.cancel()
        }
        try outcome.get()
    }

    /// The blocking transfer.
    static func runTransfer(
        _ request: HTTPRequest, _ transfer: CurlTransfer, reusingConnections: Bool
    ) -> Result<Void, HTTPClientError> {
        let pooled = reusingConnections
            ? CurlHandlePool.shared.take(for: request.url) : CurlHandle(origin: CurlHandlePool.origin(of: request.url))
        guard let pooled else {
            return .failure(.transport(code: -1, message: "cannot create a libcurl handle"))
        }
        // A handle goes back to the pool with its connection only after a transfer that ended normally: libcurl
        // closes a connection left mid-response itself, and one whose sockets were shut down is of no use.
        var reusable = reusingConnections
        defer {
            pooled.sockets.attach(nil)
            if reusable { CurlHandlePool.shared.giveBack(pooled) }
        }
        let handle = pooled.raw
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        headerList = curl_slist_append(headerList, "Expect:")  // no 100-continue round trip

        let body = request.body
        let userdata = Unmanaged.passUnretained(transfer).toOpaque()
        return body.withUnsafeBufferPointer { bodyBuffer in
            bg_curl_setopt_string(handle, CURLOPT_URL, request.url)
            bg_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
            if request.method != "GET" {
                bg_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bodyBuffer.baseAddress))
                bg_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bodyBuffer.count))
            }
            bg_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
            bg_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            bg_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.wholeMilliseconds)
            bg_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.totalTimeout.wholeMilliseconds)
            // Idle time is watched below, more precisely than libcurl's low-speed check (whole seconds, averaged).
            bg_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // whatever libcurl can decode
            bg_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback)
            bg_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, userdata)
            bg_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback)
            bg_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata)
            bg_curl_setopt_progress_callback(handle, curlProgressCallback)
            bg_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, userdata)
            bg_curl_setopt_sockopt_callback(handle, curlSocketCallback)
            bg_curl_setopt_pointer(handle, CURLOPT_SOCKOPTDATA, pooled.sockets.userdata)
            bg_curl_setopt_closesocket_callback(handle, curlCloseSocketCallback)
            bg_curl_setopt_pointer(handle, CURLOPT_CLOSESOCKETDATA, pooled.sockets.userdata)

            transfer.begin(on: pooled)
            CurlWatchdog.shared.watch(transfer, idle: request.idleTimeout)
            let code = curl_easy_perform(handle)
            CurlWatchdog.shared.forget(transfer)
            transfer.end()  // before curl_easy_cleanup closes the socket
            if transfer.idledOut {
                reusable = false
                return .failure(.timedOut(.idle, "no data for \(request.idleTimeout.wholeMilliseconds) ms"))
            }
            if transfer.isCancelled {
                reusable = false
                return .failure(.cancelled)
            }
            switch code {
            case CURLE_OK:
                var status = 0
                bg_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
                transfer.finishHead(status: status)
                return .success(())
            case CURLE_OPERATION_TIMEDOUT:
                reusable = false
                // libcurl says only "timeout"; which limit it was follows from whether the connection was made.
                // A reused connection has no connect time, but the request was sent on it (pre-transfer time).
                var connectMicroseconds: curl_off_t = 0
                var pretransferMicroseconds: curl_off_t = 0
                bg_curl_getinfo_off(handle, CURLINFO_CONNECT_TIME_T, &connectMicroseconds)
                bg_curl_getinfo_off(handle, CURLINFO_PRETRANSFER_TIME_T, &pretransferMicroseconds)
                if connectMicroseconds > 0 || pretransferMicroseconds > 0 {
                    return .failure(.timedOut(.total, "the exchange took \(request.totalTimeout.wholeMilliseconds) ms"))
                }
                return .failure(.timedOut(.connect, "no connection within \(request.connectTimeout.wholeMilliseconds) ms"))
            default:
                reusable = false
                return .failure(.transport(code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code))))
            }
        }
    }
}

/// One transfer's state, shared by the curl thread (callbacks) and the task that may cancel it. `Sendable`
/// because everything mutable is inside a `Mutex`.
final class CurlTransfer: Sendable {
    struct State {
        var cancelled = false
        var idledOut = false
        var lastActivity = ContinuousClock.now
        /// The handle the transfer runs on while `curl_easy_perform` runs: cancelling shuts down its sockets.
        var handle: CurlHandle?
        var performing = false
        var status = 0
        var headers: [(name: String, value: String)] = []
        var head: HTTPResponseHead?
        var body: [UInt8] = []
    }

    let state = Mutex(State())
    /// Receives the head once and body bytes as they arrive (streaming); nil collects the body instead.
    let onData: (@Sendable (HTTPResponseHead?, [UInt8]) -> Bool)?

    init(onData: (@Sendable (HTTPResponseHead?, [UInt8]) -> Bool)?) {
        self.onData = onData
    }

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Cancels the transfer at once: besides the flag the callbacks check (libcurl calls them at least once a
    /// second when idle), the socket is shut down, so a transfer blocked waiting for bytes fails immediately.
    func cancel() {
        let handle = state.withLock { state -> CurlHandle? in
            state.cancelled = true
            return state.performing ? state.handle : nil
        }
        // Outside the transfer's lock (the handle takes its own, then reads this transfer's flag).
        handle?.sockets.shutDownAll()
    }

    func begin(on handle: CurlHandle) {
        handle.sockets.attach(self)
        let cancelledAlready = state.withLock { state -> Bool in
            state.performing = true
            state.handle = handle
            state.lastActivity = ContinuousClock.now
            return state.cancelled
        }
        if cancelledAlready { handle.sockets.shutDownAll() }  // a reused connection: no socket callback will come
    }

    var idledOut: Bool { state.withLock { $0.idledOut } }

    /// Aborts the transfer (as a timeout) when nothing has arrived for `limit`.
    func checkIdle(limit: Duration) {
        let expired = state.withLock { state -> Bool in
            guard state.performing, !state.cancelled, ContinuousClock.now - state.lastActivity > limit else { return false }
            state.idledOut = true
            return true
        }
        if expired { cancel() }
    }
    func end() {
        state.withLock { state in
            state.performing = false
            state.handle = nil
        }
    }

    /// A header line; a status line starts a new response (after a redirect or a 100 Continue).
    func header(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        state.withLock { state in
            state.lastActivity = ContinuousClock.now
            if trimmed.hasPrefix("HTTP/") {
                let parts = trimmed.split(separator: " ")
                state.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
                state.headers = []
                state.head = nil
            } else if let colon = trimmed.firstIndex(of: ":") {
                state.headers.append((String(trimmed[..<colon]), trimmed[trimmed.index(after: colon)...].trimmed()))
            }
        }
    }

    /// Body bytes. Returns false to abort the transfer.
    func data(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let (cancelled, newHead): (Bool, HTTPResponseHead?) = state.withLock { state in
            if state.cancelled { return (true, nil) }
            state.lastActivity = ContinuousClock.now
            var created: HTTPResponseHead?
            if state.head == nil {
                state.head = HTTPResponseHead(status: state.status, headers: state.headers)
                created = state.head
            }
            if onData == nil { state.body.append(contentsOf: bytes) }
            return (false, created)
        }
        if cancelled { return false }
        if let onData { return onData(newHead, Array(bytes)) }
        return true
    }

    func finishHead(status: Int) {
        let created: HTTPResponseHead? = state.withLock { state in
            guard state.head == nil else { return nil }
            state.head = HTTPResponseHead(status: status, headers: state.headers)
            return state.head
        }
        if let created, let onData { _ = onData(created, []) }
    }
}

private func transfer(_ userdata: UnsafeMutableRawPointer?) -> CurlTransfer {
    Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
}

private let curlHeaderCallback: bg_curl_data_callback = { data, size, count, userdata in
    let length = size * count
    guard let data else { return length }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    transfer(userdata).header(line)
    return length
}

private let curlWriteCallback: bg_curl_data_callback = { data, size, count, userdata in
    let length = size * count
    guard let data else { return length }
    let keepGoing = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        transfer(userdata).data(UnsafeBufferPointer(start: $0, count: length))
    }
    return keepGoing ? length : 0  // 0 makes libcurl abort with CURLE_WRITE_ERROR
}

private func curlSockets(_ userdata: UnsafeMutableRawPointer?) -> CurlSockets {
    Unmanaged<CurlSockets>.fromOpaque(userdata!).takeUnretainedValue()
}

private let curlSocketCallback: bg_curl_sockopt_callback = { userdata, socket, _ in
    curlSockets(userdata).opened(Int32(socket))
    return Int32(CURL_SOCKOPT_OK)
}

private let curlCloseSocketCallback: bg_curl_closesocket_callback = { userdata, socket in
    curlSockets(userdata).closing(Int32(socket))
}

private let curlProgressCallback: bg_curl_progress_callback = { userdata, _, _, _, _ in
    transfer(userdata).isCancelled ? 1 : 0  // non-zero aborts with CURLE_ABORTED_BY_CALLBACK
}

extension Duration {
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// Aborts transfers on which nothing has arrived for their idle limit, so a stalled stream fails in about that
/// time instead of hanging. One thread of its own checks every transfer ten times a second: it keeps time even
/// when the cooperative pool and Dispatch's workers are all busy (libcurl's own low-speed check counts whole
/// seconds of averages, and its callbacks come about once a second on an idle transfer).
final class CurlWatchdog: Sendable {
    static let shared = CurlWatchdog()

    private final class Registry: Sendable {
        let watched = Mutex<[ObjectIdentifier: (transfer: CurlTransfer, limit: Duration)]>([:])
    }

    private let registry = Registry()

    private init() {
        let registry = self.registry
        let thread = Thread {
            while true {
                usleep(100_000)
                let entries = registry.watched.withLock { Array($0.values) }
                for entry in entries { entry.transfer.checkIdle(limit: entry.limit) }
            }
        }
        thread.name = "bevgenie-curl-watchdog"
        thread.start()
    }

    func watch(_ transfer: CurlTransfer, idle: Duration) {
        registry.watched.withLock { $0[ObjectIdentifier(transfer)] = (transfer, idle) }
    }

    func forget(_ transfer: CurlTransfer) {
        _ = registry.watched.withLock { $0.removeValue(forKey: ObjectIdentifier(transfer)) }
    }
}
