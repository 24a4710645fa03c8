import Foundation

extension SiteWriter {
    /// Puts the files of other folders (each a root and paths relative to it, no path in two) into a new site, in
    /// parallel: as hard links (copies where the filesystem refuses one), or with `moving`, by renaming them in, and
    /// whole folders at once where only one root has files below them. Moving empties those roots. For a site
    /// written from scratch (not `updates`), before anything is queued; the files count as written.
    ///
    /// Moving, the root with the most files goes in first by its top-level entries alone: its folders are the
    /// site's from the start, and only the other roots' pages are renamed in. `reserved` folders (with their
    /// parents) are made here and filled file by file, never renamed in whole: the caller may write files of its
    /// own into them once `foldersReady` is called, while the pages are still being renamed in.
    ///
    /// Creating a folder costs several times a link on ext4, and a site has a folder per page: `kb merge` spends
    /// most of its time here. Renaming a folder into another costs a read of its first block (its `..` entry).
    func place(_ roots: [(root: String, paths: [String])], moving: Bool, jobs: Int, reserved: Set<String> = [],
               foldersReady: () -> Void = {}) throws {
        precondition(!updates, "placing is for a site written from scratch")
        // Each folder's root, or -1 when several roots (or a reserved folder) have files below it.
        var owner: [String: Int] = [:]
        for folder in reserved {
            var folder = folder
            while !folder.isEmpty {
                owner[folder] = -1
                folder = Self.parent(of: folder)
            }
        }
        for (index, root) in roots.enumerated() {
            for path in root.paths {
                var folder = Self.parent(of: path)
                while !folder.isEmpty {
                    if let known = owner[folder] {
                        if known == index || known == -1 { break }
                        owner[folder] = -1
                    } else {
                        owner[folder] = index
                    }
                    folder = Self.parent(of: folder)
                }
            }
        }
        // The base's top-level entries, renamed in first: every folder below them is there from now on.
        let staging = self.staging
        var base: Int?
        var present = Set<String>()
        if moving, let largest = roots.indices.max(by: { roots[$0].paths.count < roots[$1].paths.count }),
           !roots[largest].paths.isEmpty {
            base = largest
            var tops = Set<Substring>()
            for path in roots[largest].paths {
                tops.insert(path[..<(path.utf8.firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex)])
                var folder = Self.parent(of: path)
                while !folder.isEmpty, present.insert(folder).inserted { folder = Self.parent(of: folder) }
            }
            for top in tops.sorted() where Foundation.rename(roots[largest].root + "/" + top, staging + "/" + top) != 0 {
                throw BuildFailure.io("cannot write \(top): \(String(cString: strerror(errno)))")
            }
        }
        // Moving, a folder of one root goes whole when its parent is shared (or the site's root).
        func movesWhole(_ folder: String) -> Bool {
            guard moving, let index = owner[folder], index >= 0 else { return false }
            let parent = Self.parent(of: folder)
            return parent.isEmpty || owner[parent] == -1
        }
        let made = owner.keys.filter { (!moving || owner[$0] == -1) && !present.contains($0) }
        var units: [(source: String, target: String)] = []
        for (folder, index) in owner where index != base && movesWhole(folder) {
            units.append((roots[index].root + "/" + folder, folder))
        }
        for (index, root) in roots.enumerated() where index != base {
            for path in root.paths {
                let folder = Self.parent(of: path)
                if moving, !folder.isEmpty, owner[folder] != -1 { continue }   // goes with its folder
                units.append((root.root + "/" + path, path))
            }
        }
        // Folders level by level (parents first), each level in parallel, a parent's folders by one job: making
        // folders in one parent from two threads only waits on the parent's lock.
        let levels = Dictionary(grouping: made) { $0.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) } }
        for depth in levels.keys.sorted() {
            let byParent = Array(Dictionary(grouping: levels[depth]!, by: Self.parent(of:)).values)
            let failures = parallelMap(byParent, jobs: jobs) { folders -> String? in
                for folder in folders where mkdir(staging + "/" + folder, 0o755) != 0 && errno != EEXIST {
                    return "\(folder): \(String(cString: strerror(errno)))"
                }
                return nil
            }
            if let failure = failures.compactMap({ $0 }).first { throw BuildFailure.io("cannot write \(failure)") }
        }
        foldersReady()
        // Renames from folder to folder take a lock of the whole filesystem: one job.
        let failures = parallelMap(Self.chunks(units), jobs: moving ? 1 : jobs) { chunk -> String? in
            for (source, target) in chunk {
                let destination = staging + "/" + target
                if moving {
                    if Foundation.rename(source, destination) != 0 { return "\(target): \(String(cString: strerror(errno)))" }
                } else if link(source, destination) != 0 {
                    do { try SiteWriter.copyFile(source, to: destination) } catch { return "\(target): \(error)" }
                }
            }
            return nil
        }
        if let failure = failures.compactMap({ $0 }).first { throw BuildFailure.io("cannot write \(failure)") }
        record(written: roots.flatMap(\.paths), folders: Array(owner.keys))
    }

    static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// Work in runs of 512, so that the jobs share it evenly.
    private static func chunks<T>(_ items: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: 512).map { items[$0..<min($0 + 512, items.count)] }
    }
}
