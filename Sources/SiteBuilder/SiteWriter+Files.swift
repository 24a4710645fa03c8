import ContentDiscovery
import Foundation

/// The POSIX file operations the writer, the merge and the build cache share: folders made and removed, files
/// written, copied and replaced whole.
extension SiteWriter {
    static func rename(_ from: String, to: String) throws {
        if Foundation.rename(from, to) != 0 { throw POSIXError(description: String(cString: strerror(errno))) }
    }

    /// `mkdir -p`.
    static func makeFolders(_ path: String) throws {
        if access(path, F_OK) == 0 { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeFolders(parent) }
        try makeDirectory(path)
    }

    /// Deletes the previous site with a detached `rm -rf`, so the build does not wait for tens of thousands of
    /// unlinks (slow on filesystems mounted with `discard`). A folder left by an interrupted removal is removed the
    /// same way by the next build (`removeAbandoned`).
    static func removeInBackground(_ path: String) {
        let remover = Process()
        remover.executableURL = URL(fileURLWithPath: "/bin/rm")
        remover.arguments = ["-rf", "--", path]
        remover.standardOutput = FileHandle.nullDevice
        remover.standardError = FileHandle.nullDevice
        if (try? remover.run()) == nil { removeTree(path) }
    }

    /// `mkdir` without Foundation's per-call attribute work; an existing folder is fine.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw POSIXError(description: "\(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Deletes a folder tree with `readdir`/`unlink`/`rmdir`, symlinks removed and never followed: a large old
    /// site goes in a fraction of `FileManager.removeItem`'s time.
    static func removeTree(_ path: String) {
        for child in entries(of: path) {
            let full = path + "/" + child.name
            if child.isDirectory { removeTree(full) } else { unlink(full) }
        }
        rmdir(path)
    }

    static func entries(of path: String) -> [(name: String, isDirectory: Bool)] {
        DirectoryWalk.entries(of: path).map { ($0.name, $0.type == .directory) }
    }

    struct POSIXError: Error, CustomStringConvertible {
        let description: String
    }

    /// Copies a file's bytes with `read`/`write` (errors as one `strerror` line, unlike Foundation's).
    static func copyFile(_ source: String, to target: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw POSIXError(description: "\(source): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw POSIXError(description: String(cString: strerror(errno))) }
        defer { close(output) }
        // A read/write loop through an uninitialised buffer (`kb merge` copies every page). `copy_file_range` was
        // measured here: on ext4 it cost five times the system time for pages of a few kilobytes.
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { buffer in
            while true {
                let count = read(input, buffer.baseAddress, buffer.count)
                if count == 0 { return }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(description: "\(source): \(String(cString: strerror(errno)))")
                }
                try writeAll(output, UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<count]))
            }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXError(description: String(cString: strerror(errno)))
            }
            offset += n
        }
    }

    /// Writes `bytes` whole under `<path>.tmp-<pid><unique>`, then renames it over `path`: a reader sees the old file
    /// or the new one. `unique` tells apart the temporary files of one process writing the same path from two threads.
    static func replaceFile(_ path: String, with bytes: [UInt8], unique: String = "") throws {
        let temporary = path + ".tmp-\(getpid())" + unique
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(description: "\(temporary): \(String(cString: strerror(errno)))") }
        do {
            try bytes.withUnsafeBytes { try writeAll(fd, $0) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        try rename(temporary, to: path)
    }

    /// Whether a file name is a temporary file of `replaceFile` whose process is gone (a build killed while writing).
    static func isStaleTemporary(_ name: String) -> Bool {
        guard let mark = name.range(of: ".tmp-", options: .backwards),
              let pid = Int32(name[mark.upperBound...].prefix { $0 != "-" }) else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    static func writeFile(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw POSIXError(description: String(cString: strerror(errno))) }
        defer { close(fd) }
        var text = text
        try text.withUTF8 { try writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw POSIXError(description: String(cString: strerror(errno))) }
        defer { close(fd) }
        try bytes.withUnsafeBytes { try writeAll(fd, $0) }
    }
}
