import Foundation
import Synchronization

/// The process's resident memory from /proc/self/status, split the way it matters for a database process:
/// private (anonymous) memory is what the process itself holds; file-backed pages are, for bevgenie, mostly the
/// database file read through SQLite's memory map — the same pages the kernel's page cache holds for any reader
/// of the file, counted in this process's RSS only because they are mapped rather than copied by read().
struct ResidentMemory: Sendable {
    /// VmRSS: resident now.
    var total = 0.0
    /// RssAnon: private memory (heap, stacks).
    var anonymous = 0.0
    /// RssFile + RssShmem: mapped files (the binary, libraries, the database's map and its WAL index).
    var fileBacked = 0.0
    /// VmHWM: the peak of `total` since the process started (unlike getrusage's ru_maxrss, not carried over from
    /// the parent across exec).
    var peakTotal = 0.0

    /// Now; zeros where /proc is not readable.
    static func now() -> ResidentMemory {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return ResidentMemory() }
        var fields: [Substring: Double] = [:]
        for line in status.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon]
            guard ["VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM"].contains(name),
                  let kilobytes = Double(line[line.index(after: colon)...].split(whereSeparator: \.isWhitespace).first ?? "")
            else { continue }
            fields[name] = kilobytes / 1024
        }
        return ResidentMemory(
            total: fields["VmRSS"] ?? 0, anonymous: fields["RssAnon"] ?? 0,
            fileBacked: (fields["RssFile"] ?? 0) + (fields["RssShmem"] ?? 0), peakTotal: fields["VmHWM"] ?? 0)
    }
}

/// Samples `ResidentMemory` every few milliseconds on a thread of its own and keeps the peak of each part: the
/// kernel keeps only the peak of the total (VmHWM), and the private part's peak is the one a reader needs.
final class ResidentMemorySampler: Sendable {
    private let peaks = Mutex(ResidentMemory())
    private let running = Atomic<Bool>(true)

    init(interval: Duration = .milliseconds(5)) {
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                record()
                Thread.sleep(forTimeInterval: interval.milliseconds / 1000)
            }
        }
        thread.name = "memory sampler"
        thread.start()
    }

    private func record() {
        let sample = ResidentMemory.now()
        peaks.withLock { peak in
            peak.total = max(peak.total, sample.total)
            peak.anonymous = max(peak.anonymous, sample.anonymous)
            peak.fileBacked = max(peak.fileBacked, sample.fileBacked)
            peak.peakTotal = max(peak.peakTotal, sample.peakTotal)
        }
    }

    /// The peak of each part so far (a sample taken now included); `peakTotal` is the kernel's exact VmHWM.
    var peak: ResidentMemory {
        record()
        return peaks.withLock { $0 }
    }

    func stop() { running.store(false, ordering: .relaxed) }
}
