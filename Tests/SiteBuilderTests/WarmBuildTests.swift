import Foundation
import Testing
@testable import SiteBuilder
import SiteModel

/// What makes a warm build cheap without changing what it gives: cache parts copied rather than encoded again, and
/// toc problems taken from the cache while the navigation is resolved only for the pages made.
struct WarmBuildTests {
    /// A cache of several parts per section, as a large site has.
    static func largeCache() -> BuildCache {
        var cache = BuildCache()
        cache.parseKey = StableHash(["key"])
        for index in 0..<(BuildCache.articlesPerSection * 2 + 5) {
            cache.sources["content/en-us/\(index).md"] = .init(stamp: .init(size: index, mtime: 2 * index, inode: 3 * index),
                                                              hash: StableHash(["\(index)"]))
        }
        for index in 0..<(BuildCache.outputsPerSection + 7) {
            cache.outputs["en-us/\(index)/index.html"] = .init(key: StableHash(["o\(index)"]),
                                                               stamp: .init(size: index, mtime: 0, inode: 1), diagnostics: [])
        }
        return cache
    }

    /// Records named in `changes` are encoded again; the parts holding none are copied from the cache read, and
    /// the file reads back as the cache in memory, record for record.
    @Test func aCacheWrittenOverTheOneReadKeepsEveryChange() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-warm-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/build.kbc"
        try Self.largeCache().write(file, contentPrefix: "content/", jobs: 2)
        let previous = try #require(BuildCache.read(file, contentPrefix: "content/", jobs: 2).0)
        #expect(previous.readParts.count > 3, "several parts to copy from")

        var next = previous
        next.readParts = []
        let source = "content/en-us/\(BuildCache.articlesPerSection + 100).md", output = "en-us/17/index.html"
        next.sources[source]?.stamp.mtime += 1
        next.outputs[output]?.diagnostics = [.warning("broken-link", at: SourceLocation(path: source), "gone")]
        next.sources["content/en-us/new.md"] = .init(stamp: .init(size: 1, mtime: 1, inode: 1), hash: StableHash(["new"]))
        next.changes = .init(sources: [source, "content/en-us/new.md"], outputs: [output])
        try next.write(file, contentPrefix: "content/", jobs: 2, previous: previous)

        let back = try #require(BuildCache.read(file, contentPrefix: "content/", jobs: 2).0)
        // Compared whole, reported briefly: tens of thousands of records.
        let sameSources = back.sources == next.sources, sameOutputs = back.outputs == next.outputs
        #expect(sameSources)
        #expect(sameOutputs)
        #expect(back.sources[source]?.stamp.mtime == previous.sources[source]!.stamp.mtime + 1)
        #expect(back.outputs[output]?.diagnostics.count == 1)
    }

    static let content = [
        "kb.yml": "defaultLocale: en-us\n",
        "en-us/toc.yml": "- name: Alpha\n  href: a.md\n- name: Missing\n  href: missing.md\n",
        "en-us/a.md": "# Alpha\n\nBody.\n",
        "en-us/b.md": "# Beta\n\nBody.\n",
    ]

    /// A save after one change writes the part that holds it and the index; every other part file stays as it was
    /// (same inode), and the parts the new index no longer names are gone.
    @Test func aSaveRewritesOnlyThePartsThatChanged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-parts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/build.kbc", partsFolder = BuildCache.parts(of: file)
        try Self.largeCache().write(file, contentPrefix: "content/", jobs: 2)
        func inodes() throws -> [String: Int] {
            var result: [String: Int] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: partsFolder) {
                result[name] = BuildCache.Stamp(path: partsFolder + "/" + name)?.inode
            }
            return result
        }
        let before = try inodes()
        #expect(before.count > 5)
        var next = try #require(BuildCache.read(file, contentPrefix: "content/", jobs: 2).0)
        let source = "content/en-us/\(BuildCache.articlesPerSection + 100).md"
        next.sources[source]?.stamp.mtime += 1
        next.changes = .init(sources: [source])
        let previous = next
        try next.write(file, contentPrefix: "content/", jobs: 2, previous: previous)
        let after = try inodes()
        #expect(after.count == before.count, "one part replaced by one, none left behind")
        let kept = after.filter { before[$0.key] == $0.value }
        #expect(kept.count == before.count - 1, "only the part holding \(source) is new")
        #expect(BuildCache.read(file, contentPrefix: "content/", jobs: 2).0?.sources[source]?.stamp.mtime
                == previous.sources[source]!.stamp.mtime)
    }

    /// A save clears the temporary files of builds killed while saving (their process is gone), and leaves those of
    /// a build still saving.
    @Test func aSaveDeletesOnlyTheTemporaryFilesOfDeadBuilds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-stale-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/build.kbc", partsFolder = BuildCache.parts(of: file)
        try Self.largeCache().write(file, contentPrefix: "content/", jobs: 2)
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        // pid 1 runs as long as the machine: a build of that pid is still saving.
        let dead = exited.processIdentifier, alive: Int32 = 1
        let stale = [file + ".tmp-\(dead)", partsFolder + "/0123abcd.kbp.tmp-\(dead)-4-0"]
        let live = [file + ".tmp-\(alive)", partsFolder + "/0123abcd.kbp.tmp-\(alive)-4-0"]
        for path in stale + live { #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        let cache = try #require(BuildCache.read(file, contentPrefix: "content/", jobs: 2).0)
        try cache.write(file, contentPrefix: "content/", jobs: 2)
        #expect(stale.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        #expect(live.allSatisfy { FileManager.default.fileExists(atPath: $0) })
    }

    /// Under an unchanged site shape a build takes the toc's problems from the cache (the navigation is resolved
    /// only for the pages it makes); a change of shape finds them again.
    @Test func tocProblemsAreReportedOnEveryBuildAndFollowTheShape() async throws {
        let site = try Fixture(Self.content)
        var options = site.options(templates: Fixture.defaultTemplates)
        options.cacheDirectory = site.root + "/.kb-cache"
        let tocProblems = { (report: BuildReport) in report.diagnostics.filter { $0.location.path.hasSuffix("toc.yml") } }

        let cold = try await BuildPipeline.run(options)
        #expect(tocProblems(cold).map(\.code) == ["broken-link"])
        let unchanged = try await BuildPipeline.run(options)
        #expect(unchanged.madeOutputs == 0)
        #expect(tocProblems(unchanged) == tocProblems(cold))

        try site.write("en-us/b.md", "# Beta\n\nAnother body.\n")
        let bodyEdit = try await BuildPipeline.run(options)
        #expect(bodyEdit.parsedArticles == 1)
        #expect(tocProblems(bodyEdit) == tocProblems(cold))

        try site.write("en-us/missing.md", "# Found\n")
        let added = try await BuildPipeline.run(options)
        #expect(tocProblems(added).isEmpty)
        try FileManager.default.removeItem(atPath: site.content + "/en-us/missing.md")
        let removed = try await BuildPipeline.run(options)
        #expect(tocProblems(removed) == tocProblems(cold))
    }
}
