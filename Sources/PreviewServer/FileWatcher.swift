import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches folder trees with inotify and delivers the changed paths in batches.
///
/// One thread reads the inotify descriptor. After the first event of a burst it keeps collecting until the tree
/// has been quiet for `quietPeriod` (an editor's save is often several events: write a temporary file, rename it
/// over the old one), then delivers the batch, sorted and without duplicates. Folders created later are watched
/// as they appear, and the files already inside them are reported.
final class FileWatcher: @unchecked Sendable {
    let changes: AsyncStream<[String]>
    private let continuation: AsyncStream<[String]>.Continuation
    private let quietPeriodMs: Int32
    private let lock = NSLock()
    private var stopped = false
    // Confined to the watcher thread after `start`.
    private var descriptor: Int32 = -1
    private var folders: [Int32: String] = [:]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(quietPeriodMs: Int32 = 5) {
        (changes, continuation) = AsyncStream<[String]>.makeStream()
        self.quietPeriodMs = quietPeriodMs
    }

    /// Starts watching; throws when inotify is unavailable or a folder cannot be watched.
    func start(_ roots: [String]) throws {
        #if canImport(Glibc)
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw Failure(description: "inotify unavailable: \(String(cString: strerror(errno)))") }
        // `content/` and `content` must report the same paths: the site knows its files as `content/<locale>/…`.
        for root in roots { _ = try watchTree(root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root) }
        let thread = Thread { [self] in run() }
        thread.name = "kb.file-watcher"
        thread.start()
        #else
        throw Failure(description: "watching files needs Linux inotify")
        #endif
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    #if canImport(Glibc)
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_DELETE_SELF)

    /// Watches `root` and every folder below it; returns the files found (for a folder that just appeared).
    private func watchTree(_ root: String) throws -> [String] {
        let wd = inotify_add_watch(descriptor, root, FileWatcher.mask)
        guard wd >= 0 else { throw Failure(description: "cannot watch \(root): \(String(cString: strerror(errno)))") }
        folders[wd] = root
        var files: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            let path = root + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                files += (try? watchTree(path)) ?? []
            } else {
                files.append(path)
            }
        }
        return files
    }

    private func run() {
        defer {
            close(descriptor)
            continuation.finish()
        }
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        var pending = Set<String>()
        while !isStopped {
            var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            // Wait long when idle (to notice `stop`), briefly while a burst is being collected.
            let ready = poll(&pollDescriptor, 1, pending.isEmpty ? 200 : quietPeriodMs)
            if ready < 0 && errno != EINTR { return }
            if ready <= 0 {
                if !pending.isEmpty {
                    continuation.yield(pending.sorted())
                    pending.removeAll()
                }
                continue
            }
            let count = read(descriptor, buffer, capacity)
            if count <= 0 { continue }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                var name = ""
                if event.len > 0 {
                    name = String(cString: buffer.advanced(by: nameStart).assumingMemoryBound(to: CChar.self))
                }
                offset = nameStart + Int(event.len)
                handle(event, name: name, into: &pending)
            }
        }
    }

    private func handle(_ event: inotify_event, name: String, into pending: inout Set<String>) {
        if event.mask & UInt32(IN_IGNORED) != 0 || event.mask & UInt32(IN_DELETE_SELF) != 0 {
            folders[event.wd] = nil
            return
        }
        guard let folder = folders[event.wd], !name.isEmpty else { return }
        let path = folder + "/" + name
        let isDirectory = event.mask & UInt32(IN_ISDIR) != 0
        if isDirectory {
            if event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                // A new folder: watch it, and report what it already holds (a folder moved in, or files written
                // before the watch was added).
                pending.formUnion((try? watchTree(path)) ?? [])
            } else if event.mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 {
                // Its files are gone; the site drops whatever it knew below this folder.
                pending.insert(path)
            }
            return
        }
        pending.insert(path)
    }
    #endif
}
