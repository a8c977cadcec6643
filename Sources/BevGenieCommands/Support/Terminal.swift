#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered output to a file descriptor. Each `write` is a system call, so an event reaches a pipe (`| jq`) the
/// moment it happens — `print` would sit in a buffer until exit.
public struct Terminal: Sendable {
    public let descriptor: Int32

    public static let standardOutput = Terminal(descriptor: 1)
    public static let standardError = Terminal(descriptor: 2)

    /// Whether the descriptor is a terminal (a person is watching) rather than a pipe or file.
    public var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Whether escape codes (dim and bold text, a progress line redrawn in place) may be written: a terminal,
    /// not `TERM=dumb`, and no `NO_COLOR` (https://no-color.org). Otherwise output is plain lines.
    public var allowsEscapes: Bool {
        isTerminal && Self.environmentAllowsEscapes(
            noColor: getenv("NO_COLOR").map { String(cString: $0) }, term: getenv("TERM").map { String(cString: $0) })
    }

    static func environmentAllowsEscapes(noColor: String?, term: String?) -> Bool {
        if let noColor, !noColor.isEmpty { return false }
        return term != "dumb"
    }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { exit(0) }  // the reader went away (`| head`): nothing left to do
                    return
                }
                offset += written
            }
        }
    }
}
