import CPosix
import Foundation
import LinkResolution
import SearchIndexing
import SiteModel

/// What one `kb build` leaves for the next, in `<cache dir>/build-<hash of the output path>.kbc` (ARCHITECTURE.md,
/// "Build cache"): each source file's stamp and content hash; each article's index entry, parse problems and the
/// includes it splices in; each output's dependency key, the stamp of the file written for it, its problems and
/// (article pages) its analysed search document.
///
/// Everything is checked before use: a record whose key or stamp differs is recomputed, and a file that is not a
/// whole cache of this format gives one `cache-ignored` warning and a build that uses none of it.
struct BuildCache: Sendable {
    static let magic = Array("kb-cache\n".utf8)
    static let formatVersion = 1

    /// What `stat` says of a file: unchanged size, mtime and inode mean unchanged bytes (as git and make assume).
    struct Stamp: Hashable, Sendable {
        var size: Int
        var mtime: Int
        var inode: Int

        init(size: Int, mtime: Int, inode: Int) {
            self.size = size
            self.mtime = mtime
            self.inode = inode
        }

        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG || (info.st_mode & S_IFMT) == S_IFLNK
            else { return nil }
            if (info.st_mode & S_IFMT) == S_IFLNK, stat(path, &info) != 0 { return nil }
            size = Int(info.st_size)
            mtime = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
            inode = Int(info.st_ino)
        }
    }

    struct Source: Sendable {
        var stamp: Stamp
        var hash: StableHash
    }

    struct Article: Sendable {
        var entry: IndexEntry
        var diagnostics: [Diagnostic]
        var includesUsed: [String]
        /// Hash of the article's bytes and of every include it spliced in, when it was parsed.
        var inputs: StableHash
    }

    struct Output: Sendable {
        /// Hash of everything the output's bytes depend on (`SiteEngine.dependencyKey`).
        var key: StableHash
        var stamp: Stamp
        var diagnostics: [Diagnostic]
        var search: SearchIndex.Analyzed?
    }

    /// kb's build and the options that change parsing; articles are reused only under the same one.
    var parseKey = StableHash()
    /// When the cache was written (ns since 1970); a source modified within two seconds of it is hashed again
    /// whatever its stamp says (a filesystem with coarse mtimes could hide an edit).
    var savedAt = 0
    /// By display path.
    var sources: [String: Source] = [:]
    var articles: [String: Article] = [:]
    /// By output path.
    var outputs: [String: Output] = [:]

    /// The running kb's identity: its version and the linker's build ID (a hash of the executable's bytes).
    static let executableIdentity: String = {
        var bytes = [UInt8](repeating: 0, count: 64)
        let length = kb_build_id(&bytes, bytes.count)
        return KBVersion.string + "+" + bytes.prefix(length).map { String($0, radix: 16) }.joined()
    }()

    /// The cache file for an output folder: named by the folder's path relative to the current directory (absolute
    /// only when it lies elsewhere), so `site`, `./site/` and `$PWD/site` share one cache, and a CI cache restored
    /// into another checkout path still matches.
    static func file(in directory: String, output: String) -> String {
        directory + "/build-" + StableHash([outputKey(output)]).description + ".kbc"
    }

    static func outputKey(_ output: String, currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        func normalized(_ path: String) -> [Substring] {
            var parts: [Substring] = []
            for part in path.split(separator: "/") where part != "." {
                if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
            }
            return parts
        }
        let here = normalized(currentDirectory)
        let absolute = normalized(output.hasPrefix("/") ? output : currentDirectory + "/" + output)
        guard absolute.count > here.count, Array(absolute.prefix(here.count)) == here else {
            return "/" + absolute.joined(separator: "/")
        }
        return absolute.dropFirst(here.count).joined(separator: "/")
    }

    // MARK: Reading and writing

    /// Reads a cache; nil and a `cache-ignored` warning when the file is not a whole cache of this format, nil alone
    /// when there is none.
    static func read(_ path: String, contentPrefix: String) -> (BuildCache?, Diagnostic?) {
        guard let data = FileManager.default.contents(atPath: path) else { return (nil, nil) }
        do {
            var reader = CacheReader(Array(data), contentPrefix: contentPrefix)
            for byte in magic where try reader.int() != Int(byte) { throw CacheReader.Corrupt() }
            guard try reader.int() == formatVersion else { throw CacheReader.Corrupt() }
            var cache = BuildCache()
            cache.parseKey = try reader.hash()
            cache.savedAt = try reader.int()
            for _ in 0..<(try reader.count()) {
                let path = try reader.text()
                cache.sources[path] = Source(stamp: try reader.stamp(), hash: try reader.hash())
            }
            for _ in 0..<(try reader.count()) {
                let path = try reader.text()
                cache.articles[path] = Article(entry: try reader.entry(), diagnostics: try reader.diagnostics(),
                                               includesUsed: try reader.strings(), inputs: try reader.hash())
            }
            for _ in 0..<(try reader.count()) {
                let path = try reader.string()
                let key = try reader.hash(), stamp = try reader.stamp(), diagnostics = try reader.diagnostics()
                let search = try reader.bool() ? try reader.analyzed() : nil
                cache.outputs[path] = Output(key: key, stamp: stamp, diagnostics: diagnostics, search: search)
            }
            guard reader.isAtEnd else { throw CacheReader.Corrupt() }
            return (cache, nil)
        } catch {
            return (nil, .warning("cache-ignored", at: SourceLocation(path: path),
                                  "the build cache is damaged or from another tool; building without it"))
        }
    }

    /// Writes the cache (temp file + rename, so a killed build leaves the old cache or the new one).
    func write(_ path: String, contentPrefix: String) throws {
        var writer = CacheWriter(contentPrefix: contentPrefix)
        for byte in BuildCache.magic { writer.int(Int(byte)) }
        writer.int(BuildCache.formatVersion)
        writer.hash(parseKey)
        writer.int(savedAt)
        writer.int(sources.count)
        for path in sources.keys.sorted() {
            let source = sources[path]!
            writer.text(path)
            writer.stamp(source.stamp)
            writer.hash(source.hash)
        }
        writer.int(articles.count)
        for path in articles.keys.sorted() {
            let article = articles[path]!
            writer.text(path)
            writer.entry(article.entry)
            writer.diagnostics(article.diagnostics)
            writer.strings(article.includesUsed)
            writer.hash(article.inputs)
        }
        writer.int(outputs.count)
        for path in outputs.keys.sorted() {
            let output = outputs[path]!
            writer.string(path)
            writer.hash(output.key)
            writer.stamp(output.stamp)
            writer.diagnostics(output.diagnostics)
            writer.bool(output.search != nil)
            if let search = output.search { writer.analyzed(search) }
        }
        let folder = (path as NSString).deletingLastPathComponent
        try SiteWriter.makeFolders(folder)
        // Temporary files of builds killed while saving go first.
        let name = (path as NSString).lastPathComponent + ".tmp-"
        for stale in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where stale.hasPrefix(name) {
            if let pid = Int32(stale.dropFirst(name.count)), kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + stale) }
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SiteWriter.POSIXError(description: "\(temporary): \(String(cString: strerror(errno)))") }
        do {
            try writer.bytes.withUnsafeBytes { try SiteWriter.writeAll(fd, $0) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        try SiteWriter.rename(temporary, to: path)
    }
}

extension CacheWriter {
    mutating func stamp(_ stamp: BuildCache.Stamp) {
        int(stamp.size)
        int(stamp.mtime)
        int(stamp.inode)
    }
}

extension CacheReader {
    mutating func stamp() throws -> BuildCache.Stamp {
        BuildCache.Stamp(size: try int(), mtime: try int(), inode: try int())
    }
}

/// kb's version, shown by `kb --version` and part of every build cache's key.
public enum KBVersion {
    public static let string = "0.4.0"
}
