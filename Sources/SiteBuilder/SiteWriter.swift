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
            for folder in folders(of: files) { try makeDirectory(staging + "/" + folder) }
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
            removeTree(retired, jobs: jobs)
        } catch {
            removeTree(staging, jobs: jobs)
            if !fm.fileExists(atPath: outputURL.path), fm.fileExists(atPath: retired) {
                try? fm.moveItem(atPath: retired, toPath: outputURL.path)
            }
            if let failure = error as? BuildFailure { throw failure }
            throw BuildFailure.io("cannot write \(output): \(error)")
        }
        return files.map(\.path).sorted()
    }

    /// Every folder that must exist, parents before children.
    static func folders(of files: [OutputFile]) -> [String] {
        var folders = Set<String>()
        for file in files {
            var path = Substring(file.path)
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                if !folders.insert(String(path)).inserted { break }
            }
        }
        return folders.sorted()
    }

    /// `mkdir` without Foundation's per-call attribute work; an existing folder is fine.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw POSIXError(description: "\(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Deletes a folder tree with `readdir`/`unlink`/`rmdir`, symlinks removed and never followed: a large old
    /// site goes in a fraction of `FileManager.removeItem`'s time. The top-level folders go in parallel.
    static func removeTree(_ path: String, jobs: Int = 2) {
        let children = entries(of: path)
        _ = parallelMap(children, jobs: jobs) { child -> Bool in
            if child.isDirectory { removeTreeSerially(path + "/" + child.name) } else { unlink(path + "/" + child.name) }
            return true
        }
        rmdir(path)
    }

    private static func removeTreeSerially(_ path: String) {
        for child in entries(of: path) {
            let full = path + "/" + child.name
            if child.isDirectory { removeTreeSerially(full) } else { unlink(full) }
        }
        rmdir(path)
    }

    private static func entries(of path: String) -> [(name: String, isDirectory: Bool)] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var result: [(String, Bool)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            result.append((name, entry.pointee.d_type == UInt8(DT_DIR)))
        }
        return result
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
