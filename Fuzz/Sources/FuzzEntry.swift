import BevGenieFuzzing
import BevGenieCore
import Foundation

#if FUZZING
/// The target libFuzzer drives, named by `BEVGENIE_FUZZ_TARGET`.
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["BEVGENIE_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("set BEVGENIE_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

/// One input from libFuzzer: a broken promise traps, and libFuzzer saves the input that did it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try selectedTarget.run(input)
    } catch {
        fatalError("\(error)")
    }
    return 0
}

/// libFuzzer's driver (`int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM names an executable's entry point after its module, so libFuzzer's own `main` cannot be used; this
/// one hands the command line to libFuzzer's driver instead.
@main
struct LibFuzzerMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}
#else
/// Without libFuzzer: replay files, or run the seeded mutational fuzzer for a while.
@main
struct FuzzCommand {
    static let usage = """
        usage: bevgenie-fuzz TARGET [--seconds N] [--seed N] [--corpus DIR] [FILE...]

        Replays FILEs through TARGET, or with none, fuzzes TARGET from its corpus (default Fuzz/corpus) for N
        seconds (default 10) with a seeded mutator, and saves a failing input to fuzz-TARGET-failure.bin.
        Targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")).
        For coverage-guided fuzzing under libFuzzer and AddressSanitizer, use scripts/fuzz.

        """

    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else { fail(usage) }
        arguments.removeFirst()
        var seconds = 10.0, seed = UInt64.random(in: 0...UInt64.max), corpusDirectory = "Fuzz/corpus"
        var files: [String] = []
        while !arguments.isEmpty {
            let argument = arguments.removeFirst()
            switch argument {
            case "--seconds":
                guard let number = Double(value(&arguments, argument)), number >= 0 else { fail("--seconds takes a number") }
                seconds = number
            case "--seed":
                guard let number = UInt64(value(&arguments, argument)) else { fail("--seed takes a whole number") }
                seed = number
            case "--corpus": corpusDirectory = value(&arguments, argument)
            case "-h", "--help": print(usage, terminator: ""); return
            default: files.append(argument)
            }
        }
        let inputs: [[UInt8]]
        do {
            inputs = files.isEmpty
                ? try FuzzRunner.corpus(target, in: corpusDirectory)
                : try files.map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) }
        } catch {
            fail("cannot read the inputs: \(error)")
        }
        let runner = FuzzRunner(target: target, corpus: inputs, seed: seed)
        let report = runner.run(for: files.isEmpty ? .seconds(seconds) : .zero)
        if let failure = report.failure {
            let path = "fuzz-\(target.rawValue)-failure.bin"
            FileManager.default.createFile(atPath: path, contents: Data(failure.input))
            fail("\(failure.finding)\nseed \(seed), input saved to \(path) (\(failure.input.count) bytes)")
        }
        print("\(target.rawValue): \(report.executions) inputs, no findings (seed \(seed))")
    }

    static func value(_ arguments: inout [String], _ option: String) -> String {
        guard !arguments.isEmpty else { fail("\(option) needs a value") }
        return arguments.removeFirst()
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("bevgenie-fuzz: \(message)\n".utf8))
        exit(1)
    }
}
#endif
