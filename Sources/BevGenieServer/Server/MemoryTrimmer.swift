#if canImport(Glibc)
import Glibc
#endif
import ServiceLifecycle

/// Gives freed heap back to the system once the server goes quiet after work.
///
/// glibc keeps memory a burst freed (a thousand streams at once, a flood of dropped connections) in its arenas,
/// so without this the resident size stays at the burst's peak. Every `interval`, if pipelines ran since the last
/// look and none is running now, `malloc_trim(0)` returns the free pages. Elsewhere (no `malloc_trim`) it does
/// nothing.
struct MemoryTrimmer: Service {
    let limiter: PipelineLimiter
    var interval: Duration = .seconds(5)

    /// glibc's `int malloc_trim(size_t pad)`, looked up at run time (Swift's Glibc module does not export it).
    static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    func run() async throws {
        guard let trim = Self.mallocTrim else { return }
        try? await cancelWhenGracefulShutdown {
            var seen = limiter.started
            while true {
                try await Task.sleep(for: interval)
                let started = limiter.started
                if started != seen, limiter.inFlight == 0 {
                    _ = trim(0)
                    seen = started
                }
            }
        }
    }
}
