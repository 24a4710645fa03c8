import ContentDiscovery
import CPosix
import Foundation
import LinkResolution
import SearchIndexing
import SiteModel

/// What one `kb build` leaves for the next, in `<cache dir>/build-<hash of the output path>.kbc` (ARCHITECTURE.md,
/// "Build cache"): each source file's stamp and content hash; each article's index entry, parse problems and the
/// includes it splices in; each output's dependency key, the stamp of the file written for it, its problems and
/// (article pages) what the search index holds of it; each locale's search shard count.
///
/// Everything is checked before use: a record whose key or stamp differs is recomputed, and a file that is not a
/// whole cache of this format gives one `cache-ignored` warning and a build that uses none of it.
struct BuildCache: Sendable {
    static let magic = Array("kb-cache\n".utf8)
    static let formatVersion = 9

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
            guard let stamp = path.withCString({ Stamp(at: AT_FDCWD, cString: $0) }) else { return nil }
            self = stamp
        }

        /// The stamp of the NUL-terminated `path` relative to the open folder `folder` (`FolderStamps`: tens of
        /// thousands of files are checked below a few folders, so the kernel walks only the part of each path below).
        init?(at folder: Int32, cString path: UnsafePointer<CChar>) {
            var info = stat()
            guard fstatat(folder, path, &info, AT_SYMLINK_NOFOLLOW) == 0,
                  (info.st_mode & S_IFMT) == S_IFREG || (info.st_mode & S_IFMT) == S_IFLNK
            else { return nil }
            if (info.st_mode & S_IFMT) == S_IFLNK, fstatat(folder, path, &info, 0) != 0 { return nil }
            self.init(info)
        }

        /// What `info` says of a file or folder.
        init(_ info: stat) {
            size = Int(info.st_size)
            mtime = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
            inode = Int(info.st_ino)
        }
    }

    /// Stamps of files taken from a folder `levels` up from each (paths relative to `root`), the last folder opened
    /// kept open: files listed folder by folder cost one lookup of the folder's path per run and, per file, of the
    /// names below it (sources: their folder; pages, `<section>/<slug>/index.html`: their grandparent).
    struct FolderStamps {
        private let root: Int32
        private let levels: Int
        private var folder: [UInt8] = []
        private var descriptor: Int32 = -1
        private var opened = false
        /// The NUL-terminated path handed to `fstatat`, reused.
        private var scratch: [UInt8] = []

        init(root: Int32 = AT_FDCWD, levels: Int = 1) {
            self.root = root
            self.levels = levels
        }

        mutating func stamp(_ path: String) -> Stamp? {
            var path = path
            return path.withUTF8 { bytes in
                var slashes = 0, cut = bytes.count
                while cut > 0, slashes < levels {
                    cut -= 1
                    if bytes[cut] == UInt8(ascii: "/") { slashes += 1 }
                }
                guard slashes == levels, cut > 0 else { return stamp(of: bytes, from: root) }
                let name = UnsafeBufferPointer(rebasing: bytes[..<cut])
                if !opened || !name.elementsEqual(folder) {
                    close()
                    folder = Array(name)
                    opened = true
                    descriptor = openat(root, String(decoding: name, as: UTF8.self), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                }
                guard descriptor >= 0 else { return stamp(of: bytes, from: root) }
                return stamp(of: UnsafeBufferPointer(rebasing: bytes[(cut + 1)...]), from: descriptor)
            }
        }

        private mutating func stamp(of path: UnsafeBufferPointer<UInt8>, from base: Int32) -> Stamp? {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: path)
            scratch.append(0)
            return scratch.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { Stamp(at: base, cString: $0.baseAddress!) }
            }
        }

        mutating func close() {
            if descriptor >= 0 { _ = Glibc.close(descriptor) }
            descriptor = -1
            opened = false
        }
    }

    struct Source: Equatable, Sendable {
        var stamp: Stamp
        var hash: StableHash
    }

    /// Immutable and shared, as `SearchEntry` is: the next cache starts from the table read, and a copy of a record
    /// is one reference, not one per string of its entry.
    final class Article: Equatable, Sendable {
        let entry: IndexEntry
        let diagnostics: [Diagnostic]
        let includesUsed: [String]
        /// Hash of the article's bytes and of every include it spliced in, when it was parsed.
        let inputs: StableHash

        init(entry: IndexEntry, diagnostics: [Diagnostic], includesUsed: [String], inputs: StableHash) {
            self.entry = entry
            self.diagnostics = diagnostics
            self.includesUsed = includesUsed
            self.inputs = inputs
        }

        static func == (a: Article, b: Article) -> Bool {
            a === b || (a.entry == b.entry && a.diagnostics == b.diagnostics && a.includesUsed == b.includesUsed && a.inputs == b.inputs)
        }
    }

    /// A toc file as parsed, under the content hash it was parsed from.
    struct Toc: Sendable {
        var hash: StableHash
        var entries: [TocEntry]
        var diagnostics: [Diagnostic]
    }

    struct Output: Equatable, Sendable {
        /// Hash of everything the output's bytes depend on (`SiteEngine.dependencyKey`).
        var key: StableHash
        var stamp: Stamp
        var diagnostics: [Diagnostic]
        var search: SearchEntry?
    }

    /// What a locale's search index holds of one page: its document (section texts dropped), weighted length,
    /// number of terms, and which term shards hold them. The postings themselves are in the index files.
    ///
    /// Immutable and shared: tens of thousands are read with the cache and handed from table to table (the search
    /// bases, the next cache), and a copy is one reference, not one per string of the document.
    ///
    /// One read from the cache keeps its document and shard bits as the cache's bytes (`Encoded`) and decodes them
    /// when asked: a warm build needs the documents of one chunk and the shard bits of the pages it made, and
    /// decoding every document of the site (validating its strings) was a tenth of its time.
    final class SearchEntry: Equatable, Sendable {
        let length: Int
        let termCount: Int
        private let decoded: (document: SearchDocument, shards: [UInt64])?
        let encoded: Encoded?

        /// The cache's bytes of an entry (`CacheWriter.searchEntry`), and the content folder its texts are read
        /// against.
        struct Encoded: Equatable, Sendable {
            let bytes: ArraySlice<UInt8>
            let contentPrefix: String
        }

        init(document: SearchDocument, length: Int, termCount: Int, shards: [UInt64]) {
            decoded = (document, shards)
            encoded = nil
            self.length = length
            self.termCount = termCount
        }

        init(encoded: Encoded, length: Int, termCount: Int) {
            decoded = nil
            self.encoded = encoded
            self.length = length
            self.termCount = termCount
        }

        convenience init(_ analyzed: SearchIndex.Analyzed, shardCount: Int?) {
            self.init(document: analyzed.document, length: analyzed.length, termCount: analyzed.terms.count,
                      shards: shardCount.map { SearchIndex.shardBits(analyzed, count: $0) } ?? [])
        }

        private var fields: (document: SearchDocument, shards: [UInt64]) {
            if let decoded { return decoded }
            // The bytes were read through once when the cache was (`CacheReader.searchEntry`): they decode.
            var reader = CacheReader(Array(encoded!.bytes), contentPrefix: encoded!.contentPrefix)
            guard let entry = try? reader.decodedSearchEntry() else { preconditionFailure("a search entry read before no longer decodes") }
            return (entry.document, entry.shards)
        }

        var document: SearchDocument { fields.document }
        /// Bit set over the locale's shards (`searchShards`); empty for a one-file index.
        var shards: [UInt64] { fields.shards }

        static func == (a: SearchEntry, b: SearchEntry) -> Bool {
            if a === b { return true }
            guard a.length == b.length, a.termCount == b.termCount else { return false }
            if let x = a.encoded, let y = b.encoded, x.contentPrefix == y.contentPrefix { return x.bytes.elementsEqual(y.bytes) }
            return a.document == b.document && a.shards == b.shards
        }
    }

    /// kb's build and the options that change parsing; articles are reused only under the same one.
    var parseKey = StableHash()
    /// When the cache was written (ns since 1970); a source modified within two seconds of it is hashed again
    /// whatever its stamp says (a filesystem with coarse mtimes could hide an edit).
    var savedAt = 0
    /// The seal the build that saved this cache put on its output folder (`OutputSeal`): while it holds, the
    /// records of the output files are trusted without a `stat` of each.
    var seal: OutputSeal?
    /// By display path.
    var sources: [String: Source] = [:]
    var articles: [String: Article] = [:]
    /// By display path.
    var tocs: [String: Toc] = [:]
    /// By output path.
    var outputs: [String: Output] = [:]
    /// Term shards of each locale's search index (0: one file), by the locale's URL segment.
    var searchShards: [String: Int] = [:]
    /// The problems of toc entries, under the site shape they were found in (`EngineKeys.shape`): unchanged, the
    /// navigation is resolved only for the pages made.
    var navigation: (shape: StableHash, diagnostics: [Diagnostic])?
    /// The part files this cache was read from: a part of the next cache with the same record keys, every record
    /// equal, keeps its file instead of being encoded again (one edit leaves most parts as they were).
    var readParts: [EncodedPart] = []

    /// Keys of the records that may differ from those of the cache this one was made from (`SiteOutputs.nextCache`);
    /// nil: unknown, every part is encoded.
    var changes: Changes?

    struct Changes: Sendable {
        var sources = Set<String>()
        var articles = Set<String>()
        var outputs = Set<String>()

        func contains(_ key: String, in section: Int) -> Bool {
            switch section {
            case 1: sources.contains(key)
            case 2: articles.contains(key)
            case 4: outputs.contains(key)
            default: true
            }
        }
    }

    struct EncodedPart: Sendable {
        var section: Int
        /// The records' keys in order.
        var keys: [String]
        /// The part file it was read from (`BuildCache+File.swift`), kept as it is when the part is, and its size.
        var name: String
        var length: Int
    }

    /// The record of an output whose file below `directory` is the one written under this dependency key.
    func vouches(_ path: String, key: StableHash?, in directory: String) -> Output? {
        guard let key, let known = outputs[path], known.key == key,
              Stamp(path: directory + "/" + path) == known.stamp else { return nil }
        return known
    }

    /// `vouches(_:key:in:)` with the files on disk checked beforehand (`differing` names the outputs whose file is
    /// not the one recorded, `outputsDiffering(in:)`): where the record is, so its fields are read in place.
    func vouchedRecord(_ path: String, key: StableHash?, differing: Set<String>) -> Dictionary<String, Output>.Index? {
        guard let key, let index = outputs.index(forKey: path), outputs.values[index].key == key, !differing.contains(path)
        else { return nil }
        return index
    }

    /// The outputs whose file below `directory` is missing or not the one this cache recorded (its stamp differs):
    /// the check of every output file, done once (on a thread of its own while the site is indexed), before
    /// anything is written. In path order (the parts' order), so each file is looked up from its grandparent,
    /// opened once per run of its files (`FolderStamps`).
    func outputsDiffering(in directory: String) -> Set<String> {
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return Set(outputs.keys) }
        defer { close(root) }
        let ordered = readParts.filter { $0.section == Section.outputs.rawValue }.flatMap(\.keys)
        let paths = ordered.count == outputs.count ? ordered : Array(outputs.keys)
        var folders = FolderStamps(root: root, levels: 2)
        defer { folders.close() }
        var differing = Set<String>()
        for path in paths where folders.stamp(path) != outputs[path]?.stamp { differing.insert(path) }
        return differing
    }

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
        directory + "/build-" + StableHash([pathKey(output)]).description + ".kbc"
    }

    /// A path as the current directory sees it, `.` and `..` resolved: relative below it, absolute elsewhere.
    static func pathKey(_ output: String, currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
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

}

extension CacheWriter {
    mutating func stamp(_ stamp: BuildCache.Stamp) {
        int(stamp.size)
        int(stamp.mtime)
        int(stamp.inode)
    }
}

extension CacheWriter {
    mutating func tocEntries(_ entries: [TocEntry]) {
        int(entries.count)
        for entry in entries {
            text(entry.name)
            optional(entry.href)
            int(entry.line)
            tocEntries(entry.items)
        }
    }
}

extension CacheReader {
    /// Toc entries; nesting deeper than a toc can sensibly be is a corrupt cache, not a stack overflow.
    mutating func tocEntries(depth: Int = 0) throws -> [TocEntry] {
        guard depth < 64 else { throw Corrupt() }
        return try (0..<count()).map { _ in
            let name = try text(), href = try optional(), line = try int()
            return TocEntry(name: name, href: href, items: try tocEntries(depth: depth + 1), line: line)
        }
    }

    mutating func stamp() throws -> BuildCache.Stamp {
        BuildCache.Stamp(size: try int(), mtime: try int(), inode: try int())
    }
}

/// kb's version, shown by `kb --version` and part of every build cache's key.
public enum KBVersion {
    public static let string = "0.4.0"
}
