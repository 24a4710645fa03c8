import Foundation

/// A recursive folder listing with `opendir`/`readdir`: the entry type comes from `d_type` (an `lstat` only where the
/// filesystem does not say), so listing tens of thousands of articles costs no attribute dictionary per file, unlike
/// `FileManager.enumerator`.
public enum DirectoryWalk {
    public enum EntryType: Sendable { case file, directory, symlink, other }

    /// Calls `visit` with each entry's path relative to `root` and its type (symlinks not followed); a folder is
    /// entered when `visit` returns true for it. False when `root` cannot be listed.
    @discardableResult
    public static func walk(_ root: String, _ visit: (String, EntryType) -> Bool) -> Bool {
        guard let directory = opendir(root) else { return false }
        closedir(directory)
        walk(root, prefix: "", visit)
        return true
    }

    private static func walk(_ root: String, prefix: String, _ visit: (String, EntryType) -> Bool) {
        for (name, type) in entries(of: prefix.isEmpty ? root : root + "/" + prefix) {
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            if visit(relative, type), type == .directory { walk(root, prefix: relative, visit) }
        }
    }

    /// The names and types of a folder's entries (none when it cannot be listed).
    public static func entries(of folder: String) -> [(name: String, type: EntryType)] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var children: [(String, EntryType)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            children.append((name, type(entry.pointee.d_type, folder: folder, name: name)))
        }
        return children
    }

    /// The path is joined only where the filesystem does not give the type.
    private static func type(_ dType: UInt8, folder: String, name: String) -> EntryType {
        switch Int32(dType) {
        case Int32(DT_REG): return .file
        case Int32(DT_DIR): return .directory
        case Int32(DT_LNK): return .symlink
        case Int32(DT_UNKNOWN):
            var info = stat()
            guard lstat(folder + "/" + name, &info) == 0 else { return .other }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .file
            case S_IFDIR: return .directory
            case S_IFLNK: return .symlink
            default: return .other
            }
        default: return .other
        }
    }
}
