import Foundation
import SearchIndexing
import SiteModel
import Testing
@testable import SiteBuilder

/// Search entries read from the cache stay encoded until asked for (`BuildCache.SearchEntry.Encoded`): they must
/// decode to what was written, be written back byte for byte, follow the content folder they are read under, and
/// a damaged one must still make the whole cache ignored when it is read.
struct CacheSearchEntryTests {
    static let prefix = "content/"

    static func entry(_ index: Int) -> BuildCache.SearchEntry {
        let document = SearchDocument(
            url: "ja-jp/\(index)/", title: "資格情報に関する問題 \(index)", breadcrumb: "Überblick › \(index)",
            excerpt: "Siehe content/ja-jp/\(index).md", isFallback: index % 2 == 0,
            sections: [.init(anchor: "issues-\(index)", heading: "見出し", text: ""), .init(anchor: nil, heading: "Schritte", text: "")])
        return BuildCache.SearchEntry(document: document, length: 40 + index, termCount: 7 + index,
                                      shards: [UInt64(index), 1 << 63])
    }

    static func cache(entries count: Int) -> BuildCache {
        var cache = BuildCache()
        cache.parseKey = StableHash(["key"])
        for index in 0..<count {
            cache.outputs["ja-jp/\(index)/index.html"] = .init(key: StableHash(["o\(index)"]), stamp: .init(size: index, mtime: 0, inode: 1),
                                                              diagnostics: [], search: entry(index))
        }
        return cache
    }

    func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kb-entries-\(UUID().uuidString)").path
    }

    func partBytes(_ file: String) throws -> [String: Data] {
        let parts = BuildCache.parts(of: file)
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: parts) {
            result[name] = FileManager.default.contents(atPath: parts + "/" + name)
        }
        return result
    }

    @Test func entriesReadBackDecodeToWhatWasWrittenAndAreWrittenAgainByteForByte() throws {
        let count = BuildCache.outputsPerSection + 3
        let original = Self.cache(entries: count)
        let root = folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try original.write(root + "/a/build.kbc", contentPrefix: Self.prefix, jobs: 2)
        let (read, problem) = BuildCache.read(root + "/a/build.kbc", contentPrefix: Self.prefix, jobs: 2)
        #expect(problem == nil)
        let back = try #require(read)
        #expect(back.outputs.count == count)
        for (path, output) in original.outputs {
            let entry = try #require(back.outputs[path]?.search)
            #expect(entry.encoded != nil, "read entries stay encoded")
            #expect(entry.document == output.search?.document)
            #expect(entry.shards == output.search?.shards)
            #expect(entry.length == output.search?.length && entry.termCount == output.search?.termCount)
            #expect(entry == output.search!, "an encoded entry equals the decoded one it was written from")
        }
        #expect(back.outputs["ja-jp/1/index.html"]?.search != back.outputs["ja-jp/2/index.html"]?.search)
        // Written again from the encoded entries: the same parts, byte for byte.
        var again = back
        again.readParts = []
        try again.write(root + "/b/build.kbc", contentPrefix: Self.prefix, jobs: 2)
        #expect(try partBytes(root + "/a/build.kbc") == (try partBytes(root + "/b/build.kbc")))
    }

    @Test func anEntryReadUnderAnotherContentFolderShowsThatFolder() throws {
        let root = folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.cache(entries: 3).write(root + "/build.kbc", contentPrefix: Self.prefix)
        let (read, _) = BuildCache.read(root + "/build.kbc", contentPrefix: "/elsewhere/content/")
        let entry = try #require(read?.outputs["ja-jp/1/index.html"]?.search)
        #expect(entry.document.excerpt == "Siehe /elsewhere/content/ja-jp/1.md")
        // Written by a build of another folder, the texts are encoded again: the path read is no longer the
        // content folder's, so it stays as it reads (a copy of the bytes would keep the marker).
        try read!.write(root + "/moved.kbc", contentPrefix: "site-content/")
        let (moved, _) = BuildCache.read(root + "/moved.kbc", contentPrefix: "site-content/")
        #expect(moved?.outputs["ja-jp/1/index.html"]?.search?.document.excerpt == "Siehe /elsewhere/content/ja-jp/1.md")
    }

    @Test func anEntryWithDamagedTextMakesTheCacheIgnored() throws {
        let root = folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = root + "/build.kbc"
        try Self.cache(entries: 3).write(file, contentPrefix: Self.prefix)
        // The first byte of 資 in a title becomes a byte that starts no UTF-8 sequence.
        let parts = BuildCache.parts(of: file)
        let title = Data("資格情報".utf8)
        var damaged = false
        for name in try FileManager.default.contentsOfDirectory(atPath: parts) {
            var bytes = try #require(FileManager.default.contents(atPath: parts + "/" + name))
            guard let range = bytes.range(of: title) else { continue }
            bytes[range.lowerBound] = 0xFF
            try bytes.write(to: URL(fileURLWithPath: parts + "/" + name))
            damaged = true
        }
        #expect(damaged)
        let (read, problem) = BuildCache.read(file, contentPrefix: Self.prefix)
        #expect(read == nil)
        #expect(problem?.code == "cache-ignored")
    }
}
