import Foundation

/// A file a command writes for the user (`ask --html`, `page render -o`): checked before any work is done, and
/// every failure said in words (a missing folder, a folder given as the file), never as a Foundation error code.
enum OutputFile {
    static func checkWritable(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure("cannot write \(path): it is a directory; name a file, e.g. \(path)/page.html")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("cannot write \(path): directory \(folder) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw CommandFailure("cannot write \(path): directory \(folder) is not writable")
        }
    }

    static func write(_ text: String, to path: String) throws {
        try checkWritable(path)
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write \(path): \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
    }
}
