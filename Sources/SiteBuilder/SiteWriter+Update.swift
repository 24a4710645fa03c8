import Foundation
import SiteModel

/// Updating an existing site in place: comparing a file with what is on disk, making the folders a renamed file
/// needs, deleting what no longer belongs.
extension SiteWriter {
    /// Deletes every file below `root` that is not in `keeping` (paths relative to `root`), and folders left empty.
    static func removeObsolete(_ root: String, keeping: Set<String>, prefix: String = "") {
        for entry in entries(of: prefix.isEmpty ? root : root + "/" + prefix) {
            let path = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            if entry.isDirectory {
                removeObsolete(root, keeping: keeping, prefix: path)
                rmdir(root + "/" + path)   // fails, as it should, unless the folder is now empty
            } else if !keeping.contains(path) {
                unlink(root + "/" + path)
            }
        }
    }

    /// Deletes these files below `root`, then their folders that are left empty.
    static func remove(_ paths: Set<String>, from root: String) {
        var folders = Set<String>()
        for path in paths {
            unlink(root + "/" + path)
            var folder = path
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                folders.insert(folder)
            }
        }
        // Deepest first; rmdir fails, as it should, on a folder that still holds something.
        for folder in folders.sorted(by: { $0.count > $1.count }) { rmdir(root + "/" + folder) }
    }

    /// The folders above `path` in the output, made where missing; a file in the way of one is removed.
    static func makeOutputFolders(_ root: String, for path: String) throws {
        var folder = root
        for segment in path.split(separator: "/").dropLast() {
            folder += "/" + segment
            var info = stat()
            if lstat(folder, &info) == 0 {
                if (info.st_mode & S_IFMT) == S_IFDIR { continue }
                unlink(folder)
            }
            try makeDirectory(folder)
        }
    }

    /// True when the file at `path` already holds exactly these bytes (compared without writing anything).
    static func holds(_ path: String, _ contents: SiteFile.Contents) -> Bool {
        switch contents {
        case .text(var text):
            // A file of another size is not read at all (a search bundle is tens of megabytes).
            guard let existing = FileBytes(path, followLinks: false, size: text.utf8.count) else { return false }
            return text.withUTF8 { existing.equals($0) }
        case .bytes(let bytes):
            guard let existing = FileBytes(path, followLinks: false, size: bytes.count) else { return false }
            return bytes.withUnsafeBufferPointer { existing.equals($0) }
        case .copy(let source):
            guard let existing = FileBytes(path, followLinks: false) else { return false }
            guard let wanted = FileBytes(source) else { return false }
            return wanted.bytes.withUnsafeBytes { existing.equals($0.bindMemory(to: UInt8.self)) }
        }
    }
}

/// A regular file's bytes, read with POSIX calls (nil when it is missing, not a regular file, or unreadable).
struct FileBytes {
    let bytes: [UInt8]

    /// `followLinks: false` for output files: a symlink there is never what kb wrote.
    /// With `size`, nil as well when the file is not of that size (it is then not read).
    init?(_ path: String, followLinks: Bool = true, size expected: Int? = nil) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        if let expected, Int(info.st_size) != expected { return nil }
        // Read straight into uninitialised storage: a large build cache is tens of megabytes, not worth zeroing.
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var offset = 0
            while offset < size {
                let n = read(fd, buffer.baseAddress! + offset, size - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                offset += n
            }
            complete = offset == size
            count = offset
        }
        guard complete else { return nil }
        self.bytes = bytes
    }

    func equals(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == other.count && bytes.withUnsafeBufferPointer { mine in
            mine.count == 0 || memcmp(mine.baseAddress!, other.baseAddress!, mine.count) == 0
        }
    }
}
