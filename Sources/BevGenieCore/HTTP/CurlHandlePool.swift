import CCurlShim
import Foundation
import Synchronization

/// One libcurl easy handle and the sockets of the connections it keeps open.
///
/// A handle keeps its connections across `curl_easy_reset`, so a handle used again for the same host sends the
/// next request on the same connection instead of opening a new one (TCP and, for HTTPS, TLS setup each time).
/// libcurl reports each socket it opens (`CURLOPT_SOCKOPTFUNCTION`) and closes (`CURLOPT_CLOSESOCKETFUNCTION`) for
/// the handle: cancelling a transfer shuts down the sockets it may be using, including one it got from the cache.
///
/// `@unchecked Sendable`: `raw` is only used by the one transfer that holds the handle (the pool hands an idle
/// handle to one caller and takes it back when that transfer is over); everything else is inside a `Mutex`.
final class CurlHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    /// The host it last talked to (`scheme://host:port`): whose connection it may hold.
    let origin: String
    /// Its sockets, the user data of libcurl's socket callbacks: an object of its own, alive while `deinit`'s
    /// cleanup closes the connections through those callbacks.
    let sockets = CurlSockets()

    init?(origin: String) {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        self.origin = origin
    }

    deinit { curl_easy_cleanup(raw) }  // closes its connections (through the close callback)
}

/// The sockets of one handle's open connections, and the transfer running on it.
final class CurlSockets: Sendable {
    private let open = Mutex<Set<Int32>>([])
    /// The transfer running on the handle now, to shut down a socket opened after that transfer was cancelled.
    private let current = Mutex<CurlTransfer?>(nil)

    /// The user data libcurl passes to the socket callbacks.
    var userdata: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    func attach(_ transfer: CurlTransfer?) { current.withLock { $0 = transfer } }

    func opened(_ socket: Int32) {
        open.withLock { _ = $0.insert(socket) }
        // After the insert: a cancel that ran before it saw no socket, but its flag is visible here.
        if current.withLock({ $0 })?.isCancelled == true { _ = shutdown(socket, Int32(SHUT_RDWR)) }
    }

    /// Called by libcurl instead of `close`: the socket is forgotten first, so it is never shut down by number
    /// after the number was given to another file.
    func closing(_ socket: Int32) -> Int32 {
        _ = open.withLock { $0.remove(socket) }
        return close(socket)
    }

    /// Fails every read and write on the handle's connections at once (they are not reused after this).
    func shutDownAll() {
        open.withLock { open in
            for socket in open { _ = shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }
}

/// Idle easy handles by the host they last talked to: a transfer to a host takes the handle that has its
/// connection open. Bounded, so a burst of concurrent requests does not leave hundreds of idle connections.
final class CurlHandlePool: Sendable {
    static let shared = CurlHandlePool()
    /// Idle handles kept per host, and in all.
    static let maxIdlePerOrigin = 8
    static let maxIdle = 32

    private let idle = Mutex<[CurlHandle]>([])

    /// A handle for `url`: one that talked to the same host last (its connection may be reused), else a new one.
    func take(for url: String) -> CurlHandle? {
        let origin = Self.origin(of: url)
        let reused = idle.withLock { idle -> CurlHandle? in
            guard let index = idle.lastIndex(where: { $0.origin == origin }) else { return nil }
            return idle.remove(at: index)
        }
        if let reused {
            curl_easy_reset(reused.raw)  // options back to defaults; open connections and caches stay
            return reused
        }
        return CurlHandle(origin: origin)
    }

    /// Takes a handle back after its transfer; dropped (its connections closed) beyond the bounds.
    func giveBack(_ handle: CurlHandle) {
        handle.sockets.attach(nil)
        let dropped = idle.withLock { idle -> [CurlHandle] in
            idle.append(handle)
            var dropped: [CurlHandle] = []
            if idle.count(where: { $0.origin == handle.origin }) > Self.maxIdlePerOrigin,
               let oldest = idle.firstIndex(where: { $0.origin == handle.origin })
            {
                dropped.append(idle.remove(at: oldest))
            }
            if idle.count > Self.maxIdle { dropped.append(idle.removeFirst()) }
            return dropped
        }
        _ = dropped  // released here, outside the lock: cleanup closes sockets
    }

    /// `scheme://host:port` of a URL (everything before the path), lowercased.
    static func origin(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url.lowercased() }
        let rest = url[scheme.upperBound...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        return url[..<end].lowercased()
    }
}
