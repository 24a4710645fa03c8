import ContentDiscovery
import CPosix
import Dispatch
import Foundation
import SiteModel

/// Writes the site so that a failed build never leaves a half-written output, in one of two ways:
/// - **clean** (no output yet, or an empty folder): every file goes into a temporary sibling folder, swapped in whole;
/// - **update** (an existing site): only files whose bytes differ are written, first into the sibling folder, then
///   each renamed over its old version once all are written; files that no longer belong are deleted. Unchanged
///   files keep their inode and mtime, so a deploy that syncs by modification time uploads only what changed. A kill
///   while files are renamed in leaves every file whole, old or new; the next build puts the rest right.
///
/// Files stream in on one background queue while the pipeline keeps rendering: file creation is the filesystem's
/// cost, and one writer beats several here (measured: 6,000 folder+file pairs take 2.6 s on one thread, 3.5 s on
/// two). Files are written with POSIX `open`/`write` (Foundation's `Data.write` syncs: ~10× slower).
final class SiteWriter: @unchecked Sendable {
    typealias OutputFile = SiteFile

    private let output: String
    let staging: String
    private let retired: String
    private let queue = DispatchQueue(label: "kb.site-writer")
    /// Bounds the batches waiting for the writer, so memory stays flat however large the site.
    private let capacity = DispatchSemaphore(value: 3)
    // Confined to `queue`.
    private var folders = Set<String>()
    private var written: [String] = []
    private var failure: String?
    /// Update mode: every path the site has now (written or unchanged); anything else in the output goes.
    private var produced = Set<String>()
    /// True when an existing site is updated in place rather than replaced.
    let updates: Bool
    /// Copies become hard links where the filesystem allows (`kb merge`: the shard folders are build artifacts that
    /// no build writes into again in place; a content file is never linked, so editing the site cannot edit it).
    var linksCopies = false

    /// Held (`flock`) on the staging folder for this process's lifetime: another build sees the folder is in use.
    private var lock: Int32 = -1
    /// Tests only: fail with ENOSPC after this many files (`KB_TEST_WRITE_ERROR_AFTER`).
    private let failAfter = FaultInjection.writeErrorAfter

    /// Creates the empty staging folder next to `output`, after removing the staging and retired folders that earlier
    /// builds left behind when they were killed (never those of a build still running).
    init(output: String) throws {
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        let parent = outputURL.deletingLastPathComponent().path
        _ = try? SiteWriter.makeFolders(parent)
        let pid = ProcessInfo.processInfo.processIdentifier
        self.output = outputURL.path
        staging = outputURL.path + ".kb-tmp-\(pid)"
        retired = outputURL.path + ".kb-old-\(pid)"
        SiteWriter.removeAbandoned(besides: outputURL.path)
        SiteWriter.removeTree(staging)
        updates = !SiteWriter.entries(of: outputURL.path).isEmpty
        do {
            try SiteWriter.makeDirectory(staging)
        } catch {
            throw BuildFailure.io("cannot create the output next to \(self.output): \(error)")
        }
        lock = SiteWriter.lockFolder(staging)
        FaultInjection.reached(.staging)
    }

    deinit {
        if lock >= 0 { close(lock) }
    }

    /// Removes `<output>.kb-tmp-<pid>` and `<output>.kb-old-<pid>` folders of builds that are gone: what a build
    /// killed with SIGKILL (a cancelled CI job) left. A folder is abandoned when its process no longer runs (or is
    /// this one: a pid reused) and no process holds the `flock` a live build keeps on it; the kernel drops that lock
    /// when the process dies. A running build's folder is never touched.
    static func removeAbandoned(besides output: String) {
        let url = URL(fileURLWithPath: output)
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        let me = getpid()
        for entry in entries(of: parent) where entry.isDirectory && !entry.name.hasSuffix(".removing")
            && (entry.name.hasPrefix(name + ".kb-tmp-") || entry.name.hasPrefix(name + ".kb-old-")) {
            guard let pid = Int32(entry.name.dropFirst(name.count + ".kb-tmp-".count)) else { continue }
            if pid != me && (kill(pid, 0) == 0 || errno == EPERM) { continue }
            let path = parent + "/" + entry.name
            let fd = lockFolder(path)
            guard fd >= 0 else { continue }
            // Renamed first, so a build that starts now cannot take the folder for one of its own.
            let doomed = path + ".removing"
            let renamed = Foundation.rename(path, doomed) == 0
            close(fd)
            removeInBackground(renamed ? doomed : path)
        }
        // Leftovers of removals that were themselves interrupted.
        for entry in entries(of: parent) where entry.isDirectory && entry.name.hasPrefix(name + ".kb-")
            && entry.name.hasSuffix(".removing") {
            removeInBackground(parent + "/" + entry.name)
        }
    }

    /// An exclusive, non-blocking `flock` on a folder; the descriptor, or -1 when another process holds it.
    static func lockFolder(_ path: String) -> Int32 {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return -1 }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            return -1
        }
        return fd
    }

    /// Workers comparing a batch of files with those of the site being updated.
    static let compareJobs = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Queues files (paths relative to the output) for writing; returns at once unless the writer is behind.
    func enqueue(_ files: [OutputFile]) {
        capacity.wait()
        queue.async { [self] in
            defer { capacity.signal() }
            guard failure == nil else { return }
            // Updating a site, each file is first compared with the one there (in parallel: after a template change
            // every page is made again, and most come out the same); a file that holds these bytes stays as it is,
            // and no staging folder is made for it.
            let output = output
            let same = updates ? parallelMap(files, jobs: SiteWriter.compareJobs) {
                SiteWriter.staysInside($0.path) && SiteWriter.holds(output + "/" + $0.path, $0.contents)
            } : []
            for (position, file) in files.enumerated() {
                do {
                    // Paths come from Permalink, which never makes `.`/`..` segments; this is the last guard that
                    // nothing is ever written outside the output folder.
                    guard SiteWriter.staysInside(file.path) else {
                        throw POSIXError(description: "refusing to write outside the output folder")
                    }
                    if updates {
                        produced.insert(file.path)
                        if same[position] { continue }
                    }
                    try ensureFolder(of: file.path)
                    let target = staging + "/" + file.path
                    if let failAfter, written.count >= failAfter {
                        throw POSIXError(description: String(cString: strerror(ENOSPC)))
                    }
                    switch file.contents {
                    case .text(let text): try SiteWriter.writeFile(target, text)
                    case .bytes(let bytes): try SiteWriter.writeFile(target, bytes)
                    case .copy(let source):
                        if !(linksCopies && link(source, target) == 0) { try SiteWriter.copyFile(source, to: target) }
                    }
                    written.append(file.path)
                } catch {
                    failure = "\(file.path): \(error)"
                    return
                }
            }
            FaultInjection.reached(.writing)
        }
    }

    /// Files placed in the staging folder by other means (`place`), in order: written, and their folders made.
    func record(written paths: [String], folders made: [String]) {
        queue.sync {
            written += paths
            folders.formUnion(made)
        }
    }

    /// Whether a relative output path names a file inside the output folder: not absolute, and no empty, `.` or `..`
    /// segment. The writer checks every path it writes; `kb merge` every path a shard lists.
    static func staysInside(_ path: String) -> Bool {
        // Byte by byte, segment lengths and dots counted: the writer asks for every file of the site, and splitting
        // each path into substrings was most of the writer thread's own work.
        var length = 0, dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (length == dots && dots <= 2) { return false }
                (length, dots) = (0, 0)
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && !(length == dots && dots <= 2)
    }

    /// Every file of the site once committed: all those written into a new site; written or kept in an updated one.
    var sitePaths: [String] {
        queue.sync { updates ? Array(produced) : written }
    }

    /// Update mode: a file the build knows is already right (the build cache said so); it stays.
    func keep(_ paths: [String]) {
        queue.async { [self] in produced.formUnion(paths) }
    }

    /// Waits for every queued file, then swaps the staging folder in. Returns the written paths, sorted.
    ///
    /// The swap is one `renameat2(RENAME_EXCHANGE)`, so there is no moment without a complete site at `output`,
    /// even if the process is killed; where the filesystem cannot exchange, two renames (old aside, new in).
    ///
    /// Updating a site, `previous` names the files the last build produced (from the build cache): only those that
    /// no longer belong are deleted, without listing the output; nil lists it. `willRename` hears which files are
    /// about to be renamed in, before the first is.
    func commit(previous: [String]? = nil, willRename: ([String]) -> Void = { _ in }) throws -> [String] {
        let (failure, written) = queue.sync { (self.failure, self.written) }
        if let failure {
            discard()
            throw BuildFailure.io("cannot write \(failure)")
        }
        // From here the output folder changes: it no longer holds what the last build's cache recorded.
        OutputSeal.breakSeal(of: output)
        FaultInjection.reached(.swap)
        if updates {
            willRename(written)
            return try moveIn(written, previous: previous)
        }
        var info = stat()
        let hasOutput = lstat(output, &info) == 0
        if hasOutput && (info.st_mode & S_IFMT) != S_IFDIR {
            discard()
            throw BuildFailure.io("\(output) exists and is not a folder")
        }
        if hasOutput && kb_exchange_paths(staging, output) == 0 {
            // `staging` now holds the previous site, still under this build's lock.
            FaultInjection.reached(.swapped)
            if Foundation.rename(staging, retired) == 0 { SiteWriter.removeInBackground(retired) } else { SiteWriter.removeInBackground(staging) }
            return written.sorted()
        }
        do {
            if hasOutput {
                let held = SiteWriter.lockFolder(output)
                defer { if held >= 0 { close(held) } }
                try SiteWriter.rename(output, to: retired)
                FaultInjection.reached(.swapped)
            }
            try SiteWriter.rename(staging, to: output)
            if !hasOutput { FaultInjection.reached(.swapped) }
        } catch {
            discard()
            if access(output, F_OK) != 0, access(retired, F_OK) == 0 { _ = Foundation.rename(retired, output) }
            throw BuildFailure.io("cannot replace \(output): \(error)")
        }
        if hasOutput { SiteWriter.removeInBackground(retired) }
        return written.sorted()
    }

    /// Update mode: renames each written file over its old version, then deletes what no longer belongs.
    private func moveIn(_ written: [String], previous: [String]?) throws -> [String] {
        let produced = queue.sync { self.produced }
        do {
            for path in written.sorted() {
                try SiteWriter.makeOutputFolders(output, for: path)
                let target = output + "/" + path
                var info = stat()
                if lstat(target, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { SiteWriter.removeTree(target) }
                try SiteWriter.rename(staging + "/" + path, to: target)
                FaultInjection.reached(.swapped)
            }
        } catch {
            discard()
            throw BuildFailure.io("cannot update \(output): \(error)")
        }
        if let previous {
            SiteWriter.remove(Set(previous.filter { !produced.contains($0) }), from: output)
        } else {
            SiteWriter.removeObsolete(output, keeping: produced)
        }
        SiteWriter.removeTree(staging)
        return written.sorted()
    }

    /// Removes the staging folder; the previous output stays as it was.
    func discard() {
        queue.sync {}
        SiteWriter.removeTree(staging)
    }

    /// Creates the folders above `path` that this writer has not created yet (confined to `queue`).
    private func ensureFolder(of path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        let folder = String(path[..<slash])
        if folders.contains(folder) { return }
        try ensureFolder(of: folder)
        try SiteWriter.makeDirectory(staging + "/" + folder)
        folders.insert(folder)
    }

}
