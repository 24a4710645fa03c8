import Foundation
import SearchIndexing
import SiteModel
import Testing
@testable import SiteBuilder

/// A build into an existing site writes only the files whose bytes change, leaves the others untouched (same inode,
/// same mtime) and deletes what no longer belongs, so a deploy that syncs by modification time uploads only changes.
struct IncrementalOutputTests {
    /// Inode, mtime (ns) and bytes of every file below `root`.
    static func stamps(_ root: String) -> [String: (inode: UInt64, mtime: Int, bytes: Data)] {
        var result: [String: (UInt64, Int, Data)] = [:]
        for path in (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? [] {
            var info = stat()
            guard lstat(root + "/" + path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let mtime = info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec
            result[path] = (UInt64(info.st_ino), mtime, FileManager.default.contents(atPath: root + "/" + path) ?? Data())
        }
        return result
    }

    static let content = [
        "en-us/a.md": "---\ntitle: Alpha\n---\n# Alpha\n\nFirst words.\n",
        "en-us/b.md": "# Beta\n\nSee [alpha](a.md).\n",
        "en-us/old/c.md": "# Gamma\n\nOld page.\n",
        "ja-jp/a.md": "# アルファ\n\n本文。\n",
    ]

    @Test func aBodyEditRewritesOnlyThePagesAndSearchFilesThatChange() async throws {
        let site = try Fixture(Self.content)
        _ = try await site.build()
        let before = Self.stamps(site.output)
        try site.write("en-us/a.md", "---\ntitle: Alpha\n---\n# Alpha\n\nFirst words, edited with zanzibar.\n")
        let report = try await site.build()
        let after = Self.stamps(site.output)

        #expect(Set(after.keys) == Set(before.keys))
        let changed = after.keys.filter { after[$0]!.bytes != before[$0]!.bytes }.sorted()
        // The article's own page and the en-us search index; ja-jp has its own translation, so no fallback page.
        #expect(changed == ["en-us/a/index.html", "en-us/search/manifest.js", "en-us/search/manifest.json"])
        #expect(report.writtenFiles == changed)
        for (path, old) in before where !changed.contains(path) {
            #expect(after[path]!.inode == old.inode && after[path]!.mtime == old.mtime, "\(path) was rewritten")
        }
        for path in changed { #expect(after[path]!.inode != before[path]!.inode, "\(path) replaced by rename") }
    }

    @Test func filesThatNoLongerBelongAreDeletedWithTheirEmptyFolders() async throws {
        let site = try Fixture(Self.content)
        _ = try await site.build()
        #expect(site.page("en-us/old/c/index.html") != nil)
        try FileManager.default.removeItem(atPath: site.content + "/en-us/old/c.md")
        // A stray file in the output (left by hand, or by an older kb) goes too.
        try Data("stray".utf8).write(to: URL(fileURLWithPath: site.output + "/en-us/stray.txt"))
        _ = try await site.build()
        #expect(!FileManager.default.fileExists(atPath: site.output + "/en-us/old"))
        #expect(!FileManager.default.fileExists(atPath: site.output + "/en-us/stray.txt"))

        let reference = try Fixture(Self.content.filter { $0.key != "en-us/old/c.md" })
        _ = try await reference.build()
        #expect(Self.stamps(site.output).mapValues(\.bytes) == Self.stamps(reference.output).mapValues(\.bytes))
    }

    /// With a cache, the files to delete are the ones the last build recorded and this one neither kept nor made:
    /// a deleted article's page and its fallback, and nothing else.
    @Test func aWarmBuildDeletesThePagesOfADeletedArticleAndNothingElse() async throws {
        let site = try Fixture(Self.content)
        var options = site.options()
        options.cacheDirectory = site.root + "/.kb-cache"
        _ = try await BuildPipeline.run(options)
        #expect(site.page("en-us/old/c/index.html") != nil && site.page("ja-jp/old/c/index.html") != nil)
        let before = Self.stamps(site.output)
        try FileManager.default.removeItem(atPath: site.content + "/en-us/old/c.md")
        _ = try await BuildPipeline.run(options)
        let after = Self.stamps(site.output)
        let gone = Set(before.keys).subtracting(after.keys)
        #expect(gone == ["en-us/old/c/index.html", "ja-jp/old/c/index.html"], "\(gone.sorted())")
        #expect(!FileManager.default.fileExists(atPath: site.output + "/en-us/old"))

        let reference = try Fixture(Self.content.filter { $0.key != "en-us/old/c.md" })
        _ = try await reference.build()
        #expect(after.mapValues(\.bytes) == Self.stamps(reference.output).mapValues(\.bytes))
    }

    @Test func aFolderWhereAFileBelongsAndTheReverseAreReplaced() async throws {
        let site = try Fixture(Self.content)
        _ = try await site.build()
        // Hand-made clashes: a folder at a page's path, a file at a page's folder.
        try FileManager.default.removeItem(atPath: site.output + "/en-us/b/index.html")
        try FileManager.default.createDirectory(atPath: site.output + "/en-us/b/index.html/x", withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: site.output + "/en-us/a")
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: site.output + "/en-us/a"))
        _ = try await site.build()
        let reference = try Fixture(Self.content)
        _ = try await reference.build()
        #expect(Self.stamps(site.output).mapValues(\.bytes) == Self.stamps(reference.output).mapValues(\.bytes))
    }

    @Test func noChangeWritesNothing() async throws {
        let site = try Fixture(Self.content)
        _ = try await site.build()
        let before = Self.stamps(site.output)
        let report = try await site.build()
        #expect(report.writtenFiles == [])
        let after = Self.stamps(site.output)
        #expect(after.mapValues(\.inode) == before.mapValues(\.inode))
        #expect(after.mapValues(\.mtime) == before.mapValues(\.mtime))
    }

    /// 100 articles of 210 words of their own: over 20,000 postings entries, so 8 term shards at a low threshold.
    static var largeContent: [String: String] {
        var generator = SeededGenerator(seed: 42)
        func word() -> String {
            String((0..<7).map { _ in Character(Unicode.Scalar(UInt8(97 + generator.next() % 26))) })
        }
        var content: [String: String] = [:]
        for article in 0..<100 {
            content["en-us/a\(article).md"] = "# Article \(article)\n\n" + (0..<210).map { _ in word() }.joined(separator: " ") + "\n"
        }
        return content
    }

    @Test func aBodyEditOnAShardedIndexRewritesOnlyTheShardThatHoldsItsNewTerm() async throws {
        let site = try Fixture(Self.largeContent)
        var options = site.options()
        options.cacheDirectory = site.root + "/.kb-cache"
        options.searchShardThreshold = 1_000
        _ = try await BuildPipeline.run(options)
        let shards = try FileManager.default.contentsOfDirectory(atPath: site.output + "/en-us/search").filter { $0.hasPrefix("terms-") }
        #expect(shards.count == 8, "8 shards as .json; their scripts are in offline parts")

        try site.write("en-us/a17.md", Self.largeContent["en-us/a17.md"]! + "\nZyzzyva.\n")
        let report = try await BuildPipeline.run(options)
        let shard = SearchIndex.shard(of: "zyzzyva", count: 8)
        let search = report.writtenFiles.filter { $0.hasPrefix("en-us/search/") }
        // The new term's shard, the document chunk that holds the article's length, the manifest (average length)
        // and, for `file://`, the offline part of the article's documents (the only one: 100 documents).
        #expect(search.contains("en-us/search/terms-\(shard).json"))
        #expect(search.allSatisfy { ["terms-\(shard).", "docs-", "manifest.", "offline-"].contains(where: $0.dropFirst(13).hasPrefix) },
                "\(search)")
        let changedJSON = search.filter { $0.hasSuffix(".json") && !$0.hasSuffix("manifest.json") }.map { String($0.dropFirst(13).dropLast(5)) }
        #expect(search.filter { $0.contains("/docs-") }.count == 1)
        #expect(!changedJSON.isEmpty && search.filter { $0.contains("/offline-") } == ["en-us/search/offline-0.js"], "\(search)")
        #expect(report.writtenFiles.count <= 7, "\(report.writtenFiles)")
        // The article's 210 words reach every shard; the offline part's lines tell which shards' postings changed.
        #expect(report.searchShardsRead == 1, "only the shard of the new term is read back")

        var cold = options
        cold.cacheDirectory = nil
        cold.outputDirectory = site.root + "/cold"
        _ = try await BuildPipeline.run(cold)
        let (built, reference) = (Self.stamps(site.output), Self.stamps(cold.outputDirectory))
        #expect(Set(built.keys) == Set(reference.keys))
        #expect(built.keys.filter { built[$0]?.bytes != reference[$0]?.bytes }.sorted() == [], "differs from a build without cache")
    }
}
