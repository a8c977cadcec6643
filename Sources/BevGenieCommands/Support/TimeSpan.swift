import ArgumentParser

/// A span of time on the command line: `90d`, `12h`, `30m`, `2w`.
struct TimeSpan: ExpressibleByArgument, Sendable {
    let seconds: Double
    let text: String

    init?(argument: String) {
        let units: [Character: Double] = ["m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        guard let unit = argument.last, let factor = units[unit], let value = Double(argument.dropLast()), value > 0 else {
            return nil
        }
        seconds = value * factor
        text = argument
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
