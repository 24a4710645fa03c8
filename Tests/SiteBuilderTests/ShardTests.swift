import Foundation
import Testing
@testable import SiteBuilder
import SiteModel

/// `kb build --shard i/n` then `kb merge`: the same site as one build, every byte, search index included; and the
/// shards that do not belong together refused.
struct ShardTests {
    static let sample = Fixture.repository.appendingPathComponent("content").path

    /// A scratch folder for builds of content that lives elsewhere.
    static func scratch() -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-shards-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    static func options(content: String, output: String, shard: ShardSpec? = nil) -> BuildOptions {
        var options = BuildOptions(contentDirectory: content, templatesDirectory: Fixture.defaultTemplates, outputDirectory: output, jobs: 2)
        options.shard = shard
        return options
    }

    /// Builds `content` whole and in n shards for each n, merges each set, and compares files and diagnostics.
    static func checkMergesEqualOneBuild(content: String, counts: [Int]) async throws {
        let root = scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let single = try await BuildPipeline.run(options(content: content, output: root + "/single"))
        let expected = CrashRecoveryTests.snapshot(root + "/single")
        #expect(expected.keys.contains { $0.hasPrefix("en-us/search/") || $0.contains("/search/manifest") })
        for count in counts {
            var folders: [String] = []
            for index in 0..<count {
                let folder = root + "/n\(count)-shard\(index)"
                _ = try await BuildPipeline.run(options(content: content, output: folder, shard: ShardSpec(index: index, count: count)))
                folders.append(folder)
            }
            let merged = try ShardMerge.run(shards: folders.reversed(), output: root + "/merged-\(count)")
            let files = CrashRecoveryTests.snapshot(root + "/merged-\(count)")
            let differing = Set(files.keys).symmetricDifference(expected.keys).sorted()
                + expected.keys.filter { files[$0] != nil && files[$0] != expected[$0] }.sorted()
            #expect(differing.isEmpty, "n = \(count): \(differing.prefix(5)) differ")
            #expect(merged.diagnostics == single.diagnostics, "n = \(count): diagnostics differ")
            #expect(merged.articlePages == single.articlePages)
            // Merged again, into the site just written: nothing changes, nothing is written.
            let again = try ShardMerge.run(shards: folders, output: root + "/merged-\(count)")
            #expect(again.writtenFiles.isEmpty && CrashRecoveryTests.snapshot(root + "/merged-\(count)") == expected)
            // Moving the pages in (the shards are used up) makes the same site.
            let moved = try ShardMerge.run(shards: folders, output: root + "/moved-\(count)", moving: true)
            #expect(CrashRecoveryTests.snapshot(root + "/moved-\(count)") == expected, "n = \(count): moved pages differ")
            #expect(moved.writtenFiles == merged.writtenFiles)
        }
    }

    @Test func shardsOfTheSampleMergeIntoTheSiteOneBuildWrites() async throws {
        try await Self.checkMergesEqualOneBuild(content: Self.sample, counts: [1, 2, 3, 5])
    }

    @Test(.enabled(if: CorpusIntegrationTests.present, "../shared/corpus/alchemy is absent: sharded corpus build skipped"))
    func shardsOfTheCorpusMergeIntoTheSiteOneBuildWrites() async throws {
        try await Self.checkMergesEqualOneBuild(content: CorpusIntegrationTests.corpus, counts: [1, 2, 3, 5])
    }

    /// Every locale of an article and its fallback pages have one owner: one shard needs the article's tree.
    @Test func anArticleItsTranslationsAndItsFallbacksLandInOneShard() {
        for count in [2, 3, 5, 7] {
            for name in ["a", "sign-in/reset", "トラブル"] {
                let key = name.split(separator: "/").map(String.init)
                let kinds: [OutputKind] = [
                    .article(Permalink(segments: ["en-us"] + key), source: "content/en-us/\(name).md"),
                    .article(Permalink(segments: ["ja-jp"] + key), source: "content/ja-jp/\(name).md"),
                    .fallback(Permalink(segments: ["de-de"] + key), source: "content/en-us/\(name).md", locale: LocaleCode("de-de")!),
                ]
                let owners = Set(kinds.map { ShardSpec.owner(of: $0, path: $0.path, count: count) })
                #expect(owners.count == 1, "\(name) across \(count) shards: \(owners)")
            }
        }
        #expect(ShardSpec("2/4") == ShardSpec(index: 1, count: 4))
        #expect(ShardSpec("0/4") == nil && ShardSpec("5/4") == nil && ShardSpec("1") == nil)
    }

    /// A locale's topic pages have one owner, so its `topic/` folder moves into the merged site whole; locales go
    /// to different shards while there are shards enough, the first shard last.
    @Test func aLocalesTopicPagesLandInOneShard() {
        let locales = ["de-de", "en-us", "ja-jp", "zh-cn"].compactMap(LocaleCode.init)
        for count in [1, 2, 3, 5, 7] {
            var owners: [Int] = []
            for locale in locales {
                let pages = Set(["1", "42", "9002531", "トピック"].map { id in
                    ShardSpec.owner(of: .topic(TopicID(id), locale), path: "", count: count, locales: locales)
                })
                #expect(pages.count == 1, "\(locale) across \(count) shards: \(pages)")
                owners += pages
            }
            #expect(Set(owners).count == min(count, locales.count), "\(count) shards: \(owners)")
            #expect(owners.allSatisfy { (0..<count).contains($0) } && (count < 2 || owners[0] == count - 1), "\(owners)")
        }
    }

    @Test func shardsThatDoNotBelongTogetherAreRefusedWithExitCodeTwo() throws {
        let site = try Fixture(["kb.yml": "title: One\n", "en-us/a.md": "# A\n", "en-us/b.md": "# B\n", "ja-jp/a.md": "# ア\n"])
        func shard(_ spec: String, into folder: String) throws {
            let result = try KBProcess.run(["build", "--content", site.content, "--templates", Fixture.defaultTemplates,
                                            "--no-cache", "--shard", spec, "--output", site.root + "/" + folder])
            #expect(result.code == 0, "\(result.err)")
        }
        func merge(_ folders: [String]) throws -> (code: Int32, out: String, err: String) {
            try KBProcess.run(["merge", "--output", site.root + "/site"] + folders.map { site.root + "/" + $0 })
        }
        try shard("1/2", into: "one")
        try shard("2/2", into: "two")
        try shard("2/2", into: "again")
        let whole = try merge(["one", "two"])
        #expect(whole.code == 0, "\(whole.err)")

        let missing = try merge(["one"])
        #expect(missing.code == 2 && missing.err.contains("shard 2/2 is missing"), "\(missing.err)")
        let twice = try merge(["one", "two", "again"])
        #expect(twice.code == 2 && twice.err.contains("are the same shard"), "\(twice.err)")

        try site.write("kb.yml", "title: Another\n")
        try shard("2/2", into: "other-config")
        let mismatched = try merge(["one", "other-config"])
        #expect(mismatched.code == 2 && mismatched.err.contains("other-config") && mismatched.err.contains("configuration"),
                "\(mismatched.err)")
        try site.write("kb.yml", "title: One\n")
        try site.write("en-us/b.md", "# B, edited\n")
        try shard("2/2", into: "other-sources")
        let stale = try merge(["one", "other-sources"])
        #expect(stale.code == 2 && stale.err.contains("other sources"), "\(stale.err)")
        let notAShard = try merge(["one", "site"])
        #expect(notAShard.code == 2 && notAShard.err.contains("no shard manifest"), "\(notAShard.err)")
        #expect(CrashRecoveryTests.snapshot(site.root + "/site")["en-us/a/index.html"] != nil, "a refused merge leaves the site alone")
    }

    /// A shard without cache takes its sources' hashes from the bytes it parsed; a shard with a cache, from its keys.
    /// Both name the same sources, so their shards merge: an article of invalid UTF-8, an include and a toc included.
    @Test func shardsWithAndWithoutCacheNameTheSameSources() throws {
        let site = try Fixture(["kb.yml": "title: One\n", "en-us/a.md": "# A\n\n[!INCLUDE [n](includes/n.md)]\n", "en-us/b.md": "# B\n",
                                "en-us/includes/n.md": "A note.\n", "en-us/toc.yml": "- name: A\n  href: a.md\n",
                                "ja-jp/a.md": "# ア\n"])
        try Data([0x23, 0x20, 0x43, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: site.content + "/en-us/c.md"))
        func shard(_ spec: String, into folder: String, cache: Bool) throws {
            let result = try KBProcess.run(["build", "--content", site.content, "--templates", Fixture.defaultTemplates,
                                            "--shard", spec, "--output", site.root + "/" + folder]
                                           + (cache ? ["--cache-dir", site.root + "/cache-" + folder] : ["--no-cache"]))
            // The shard that owns the invalid article reports its error; the merge reports it once.
            #expect(result.code == 0 || result.code == 1, "\(result.err)")
        }
        try shard("1/2", into: "one", cache: false)
        try shard("2/2", into: "two", cache: true)
        let merged = try KBProcess.run(["merge", "--output", site.root + "/site", site.root + "/one", site.root + "/two"])
        #expect(merged.code == 1 && !merged.err.contains("other sources"), "\(merged.err)")
        try shard("1/2", into: "one-cached", cache: true)
        try shard("2/2", into: "two-uncached", cache: false)
        let again = try KBProcess.run(["merge", "--output", site.root + "/site2", site.root + "/one-cached", site.root + "/two-uncached"])
        #expect(again.code == 1 && !again.err.contains("other sources"), "\(again.err)")
    }

    /// `kb merge` places the pages a shard lists (`_kb-shard/pages`), without walking its folder: a list that is
    /// missing, or that names a path outside the shard, refuses the shard with exit code 2; a listed page that is
    /// gone fails the merge, and the site stays as it was.
    @Test func aShardsPageListIsCheckedBeforeUse() throws {
        let site = try Fixture(["kb.yml": "title: One\n", "en-us/a.md": "# A\n", "en-us/b.md": "# B\n"])
        for spec in ["1/2", "2/2"] {
            let result = try KBProcess.run(["build", "--content", site.content, "--templates", Fixture.defaultTemplates,
                                            "--no-cache", "--shard", spec, "--output", site.root + "/" + spec.prefix(1)])
            #expect(result.code == 0, "\(result.err)")
        }
        let list = site.root + "/1/_kb-shard/pages"
        let pages = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\0").map(String.init)
        #expect(pages.contains("en-us/a/index.html") || pages.contains("en-us/b/index.html"), "\(pages)")
        #expect(pages == pages.sorted() && !pages.contains { $0.hasPrefix("_kb-shard") })
        func merge() throws -> (code: Int32, out: String, err: String) {
            try KBProcess.run(["merge", "--output", site.root + "/site", site.root + "/1", site.root + "/2"])
        }
        #expect(try merge().code == 0)
        let merged = CrashRecoveryTests.snapshot(site.root + "/site")

        try (pages + ["../../outside"]).map { $0 + "\0" }.joined().write(toFile: list, atomically: true, encoding: .utf8)
        let outside = try merge()
        #expect(outside.code == 2 && outside.err.contains("\"../../outside\", which is no page of it"), "\(outside.err)")
        try FileManager.default.removeItem(atPath: list)
        let missing = try merge()
        #expect(missing.code == 2 && missing.err.contains("page list"), "\(missing.err)")
        try (pages + ["en-us/gone/index.html"]).map { $0 + "\0" }.joined().write(toFile: list, atomically: true, encoding: .utf8)
        let gone = try merge()
        #expect(gone.code == 2 && gone.err.contains("en-us/gone/index.html"), "\(gone.err)")
        #expect(CrashRecoveryTests.snapshot(site.root + "/site") == merged, "a refused merge leaves the site alone")
    }

    /// A term's postings from several shards: runs in document order merged into one, as one build lists them; a run
    /// out of order still gives the list in document order.
    @Test func postingRunsMergeInDocumentOrder() {
        var generator = SeededGenerator(seed: 0x3E46)
        for _ in 0..<200 {
            let documents = Array(0..<60).shuffled(using: &generator)
            let runCount = Int.random(in: 2...5, using: &generator)
            var runs = [[Int]](repeating: [], count: runCount)
            for document in documents.prefix(Int.random(in: 1...60, using: &generator)).sorted() {
                runs[Int.random(in: 0..<runCount, using: &generator)] += [document, document % 7 + 1, document % 3]
            }
            var triples: [[Int]] = []
            for run in runs { for at in stride(from: 0, to: run.count, by: 3) { triples.append(Array(run[at..<at + 3])) } }
            let expected: [Int] = triples.sorted { $0[0] < $1[0] }.flatMap { $0 }
            #expect(ShardMerge.mergedTriples(runs) == expected)
            if let long = runs.firstIndex(where: { $0.count >= 6 }) {
                var shuffled = runs
                shuffled[long] = Array(runs[long][3...] + runs[long][..<3])
                #expect(ShardMerge.mergedTriples(shuffled) == expected)
            }
        }
    }
}
