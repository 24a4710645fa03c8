import Foundation
import SiteModel

/// Writes the site into a temporary sibling folder and swaps it in, so a failed build never leaves a half-written
/// output. Files are written with POSIX `open`/`write` (Foundation's `Data.write` syncs: ~10× slower here).
enum SiteWriter {
    struct OutputFile: Sendable {
        let path: String
        let contents: Contents
        enum Contents: Sendable {
            case text(String)
            case copy(from: String)
        }
    }

    /// Writes `files` (paths relative to the output) and swaps the result into `output`. Returns the written paths.
    static func write(_ files: [OutputFile], to output: String, jobs: Int) throws -> [String] {
        let fm = FileManager.default
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        let parent = outputURL.deletingLastPathComponent().path
        try? fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = outputURL.path + ".kb-tmp-\(pid)"
        let retired = outputURL.path + ".kb-old-\(pid)"
        try? fm.removeItem(atPath: staging)
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            let folders = Set(files.map { ($0.path as NSString).deletingLastPathComponent }).filter { !$0.isEmpty }
            for folder in folders.sorted() {
                try fm.createDirectory(atPath: staging + "/" + folder, withIntermediateDirectories: true)
            }
            let failures = parallelMap(files, jobs: jobs) { file -> String? in
                do {
                    let target = staging + "/" + file.path
                    switch file.contents {
                    case .text(let text): try writeFile(target, text)
                    case .copy(let source): try fm.copyItem(atPath: source, toPath: target)
                    }
                    return nil
                } catch {
                    return "\(file.path): \(error)"
                }
            }.compactMap { $0 }
            if let first = failures.first { throw BuildFailure.io("cannot write \(first)") }
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: outputURL.path, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw BuildFailure.io("\(output) exists and is not a folder") }
                try fm.moveItem(atPath: outputURL.path, toPath: retired)
            }
            try fm.moveItem(atPath: staging, toPath: outputURL.path)
            try? fm.removeItem(atPath: retired)
        } catch {
            try? fm.removeItem(atPath: staging)
            if !fm.fileExists(atPath: outputURL.path), fm.fileExists(atPath: retired) {
                try? fm.moveItem(atPath: retired, toPath: outputURL.path)
            }
            if let failure = error as? BuildFailure { throw failure }
            throw BuildFailure.io("cannot write \(output): \(error)")
        }
        return files.map(\.path).sorted()
    }

    struct POSIXError: Error, CustomStringConvertible {
        let description: String
    }

    static func writeFile(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw POSIXError(description: String(cString: strerror(errno))) }
        defer { close(fd) }
        var text = text
        try text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(description: String(cString: strerror(errno)))
                }
                offset += n
            }
        }
    }
}
