import Foundation
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
}
