import Foundation
import Testing
@testable import SiteBuilder
import SiteModel

/// The build cache: what it lets a build skip, what invalidates it, and that a damaged one is never trusted.
struct BuildCacheTests {
    static let content = [
        "kb.yml": "defaultLocale: en-us\n",
        "en-us/a.md": "---\ntitle: Alpha\n---\n# Alpha\n\nSee [beta](b.md) and [gone](gone.md).\n\n[!INCLUDE [note](includes/note.md)]\n",
        "en-us/b.md": "# Beta\n\n## Steps\n\nText.\n",
        "en-us/includes/note.md": "A shared note.\n",
        "ja-jp/a.md": "# アルファ\n\n本文。\n",
    ]

    func options(_ site: Fixture, templates: String = Fixture.defaultTemplates, output: String? = nil, cache: Bool = true) -> BuildOptions {
        var options = site.options(templates: templates)
        if let output { options.outputDirectory = output }
        options.cacheDirectory = cache ? site.root + "/.kb-cache" : nil
        return options
    }

    /// A cold build of the same content, without cache, into a fresh folder: output bytes and diagnostics.
    func cold(_ site: Fixture, templates: String = Fixture.defaultTemplates) async throws -> ([String: Data], [String]) {
        let output = site.root + "/cold-\(UUID().uuidString)"
        let report = try await BuildPipeline.run(options(site, templates: templates, output: output, cache: false))
        return (CrashRecoveryTests.snapshot(output), report.diagnostics.map(\.description))
    }

    @Test func anUnchangedSiteIsNeitherParsedNorMadeNorWrittenAndKeepsItsWarnings() async throws {
        let site = try Fixture(Self.content)
        let first = try await BuildPipeline.run(options(site))
        #expect(first.parsedArticles == 3)
        #expect(first.diagnostics.contains { $0.code == "broken-link" })
        let second = try await BuildPipeline.run(options(site))
        #expect(second.parsedArticles == 0)
        #expect(second.madeOutputs == 0)
        #expect(second.writtenFiles == [])
        #expect(second.diagnostics == first.diagnostics, "warnings of unchanged pages are reported on every build")
    }

    /// An output changed or deleted by hand since the last build is made again, though its inputs are unchanged,
    /// once the folder's seal is broken (here as by a copy that drops extended attributes; `OutputSealTests`).
    @Test func outputsChangedByHandAreRepaired() async throws {
        let site = try Fixture(Self.content)
        _ = try await BuildPipeline.run(options(site))
        let clean = CrashRecoveryTests.snapshot(site.output)
        OutputSeal.breakSeal(of: site.output)
        try FileManager.default.removeItem(atPath: site.output + "/en-us/b/index.html")
        try Data("edited by hand".utf8).write(to: URL(fileURLWithPath: site.output + "/en-us/a/index.html"))
        try Data("edited by hand".utf8).write(to: URL(fileURLWithPath: site.output + "/en-us/search/manifest.json"))
        let report = try await BuildPipeline.run(options(site))
        #expect(report.parsedArticles == 0)
        #expect(CrashRecoveryTests.snapshot(site.output) == clean)
    }

    @Test func anIncludeEditReParsesOnlyItsUsers() async throws {
        let site = try Fixture(Self.content)
        _ = try await BuildPipeline.run(options(site))
        try site.write("en-us/includes/note.md", "A shared note, edited.\n")
        let report = try await BuildPipeline.run(options(site))
        #expect(report.parsedArticles == 1)
        #expect(site.page("en-us/a/index.html")?.contains("edited") == true)
        let (bytes, diagnostics) = try await cold(site)
        #expect(CrashRecoveryTests.snapshot(site.output) == bytes)
        #expect(report.diagnostics.map(\.description) == diagnostics)
    }

    @Test func aTemplateEditRendersAgainWithoutParsing() async throws {
        let site = try Fixture(Self.content)
        let templates = site.root + "/templates"
        try FileManager.default.copyItem(atPath: Fixture.defaultTemplates, toPath: templates)
        _ = try await BuildPipeline.run(options(site, templates: templates))
        let footer = templates + "/footer.mustache"
        let text = String(decoding: FileManager.default.contents(atPath: footer)!, as: UTF8.self)
        try Data((text + "<p>new footer</p>\n").utf8).write(to: URL(fileURLWithPath: footer))
        let report = try await BuildPipeline.run(options(site, templates: templates))
        #expect(report.parsedArticles == 0)
        #expect(site.page("en-us/b/index.html")?.contains("new footer") == true)
        #expect(CrashRecoveryTests.snapshot(site.output) == (try await cold(site, templates: templates)).0)
    }

    /// The next cache starts as the one read: records of a deleted article, its source and its pages go, and the
    /// cache holds exactly what a build from nothing records.
    @Test func aDeletedArticleLeavesNoRecordInTheNextCache() async throws {
        let site = try Fixture(Self.content)
        _ = try await BuildPipeline.run(options(site))
        try FileManager.default.removeItem(atPath: site.content + "/en-us/b.md")
        _ = try await BuildPipeline.run(options(site))
        let file = BuildCache.file(in: site.root + "/.kb-cache", output: site.output)
        let warm = try #require(BuildCache.read(file, contentPrefix: site.content + "/").0)
        let deleted = site.content + "/en-us/b.md"
        #expect(warm.sources[deleted] == nil && warm.sources[site.content + "/en-us/a.md"] != nil)
        #expect(warm.articles[deleted] == nil && warm.articles[site.content + "/en-us/a.md"] != nil)
        #expect(!warm.outputs.keys.contains { $0.hasPrefix("en-us/b/") || $0.hasPrefix("ja-jp/b/") })
        // The same keys as a first build of the content as it is now.
        try FileManager.default.removeItem(atPath: site.root + "/.kb-cache")
        _ = try await BuildPipeline.run(options(site))
        let fresh = try #require(BuildCache.read(file, contentPrefix: site.content + "/").0)
        #expect(Set(warm.sources.keys) == Set(fresh.sources.keys))
        #expect(Set(warm.articles.keys) == Set(fresh.articles.keys))
        #expect(Set(warm.outputs.keys) == Set(fresh.outputs.keys))
    }

    /// A first build takes each article's content hash from the bytes its parse reads (`EngineKeys.deferred`), not
    /// from a read of its own: the cache must still hold every source's hash as `hashFile` takes it, invalid UTF-8
    /// (hashed from the file) included, or the next build would parse every article again.
    @Test func aFirstBuildRecordsTheContentHashOfEverySource() async throws {
        let site = try Fixture(Self.content)
        FileManager.default.createFile(atPath: site.content + "/en-us/latin1.md", contents: Data("# Caf\u{E9}\n".utf8.dropLast(3) + [0xE9, 0x0A]))
        _ = try await BuildPipeline.run(options(site))
        let file = BuildCache.file(in: site.root + "/.kb-cache", output: site.output)
        let cache = try #require(BuildCache.read(file, contentPrefix: site.content + "/").0)
        #expect(cache.sources.count == 5)
        for (path, source) in cache.sources {
            #expect(source.hash == EngineKeys.hashFile(path), "\(path)")
        }
        let again = try await BuildPipeline.run(options(site))
        #expect(again.parsedArticles == 0)
    }

    @Test func aConfigurationEditParsesEverythingAgain() async throws {
        let site = try Fixture(Self.content)
        _ = try await BuildPipeline.run(options(site))
        try site.write("kb.yml", "defaultLocale: en-us\ntitle: Renamed\n")
        let report = try await BuildPipeline.run(options(site))
        #expect(report.parsedArticles == 3)
        #expect(CrashRecoveryTests.snapshot(site.output) == (try await cold(site)).0)
    }

    @Test(arguments: ["truncated", "garbage", "foreign", "flipped", "part truncated", "part missing", "part flipped"])
    func aDamagedCacheIsIgnoredWithOneWarning(_ damage: String) async throws {
        let site = try Fixture(Self.content)
        _ = try await BuildPipeline.run(options(site))
        var file = BuildCache.file(in: site.root + "/.kb-cache", output: site.output)
        if damage.hasPrefix("part") {
            // The largest part: the outputs.
            let folder = BuildCache.parts(of: file)
            let parts = try FileManager.default.contentsOfDirectory(atPath: folder).map { folder + "/" + $0 }
            file = try #require(parts.max { (FileBytes($0)?.bytes.count ?? 0) < (FileBytes($1)?.bytes.count ?? 0) })
        }
        var bytes = try #require(FileManager.default.contents(atPath: file))
        switch damage {
        case "truncated", "part truncated": bytes = bytes.prefix(bytes.count * 2 / 3)
        case "garbage": bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        case "foreign": bytes = Data("{\"version\": 1, \"files\": []}\n".utf8)
        default: bytes[bytes.count - 5] ^= 0xFF   // the index: the last part's name; a part: its last record
        }
        if damage == "part missing" { try FileManager.default.removeItem(atPath: file) } else {
            try bytes.write(to: URL(fileURLWithPath: file))
        }
        // The content changed too, so a cache wrongly trusted would show the old page.
        try site.write("en-us/b.md", "# Beta\n\n## Steps\n\nText, changed.\n")
        let report = try await BuildPipeline.run(options(site))
        let ignored = report.diagnostics.filter { $0.code == "cache-ignored" }
        if damage.hasSuffix("flipped") && ignored.isEmpty {
            // A flipped byte can still decode (a different stamp or number): then it must not change the output.
            #expect(report.parsedArticles >= 1)
        } else {
            #expect(ignored.count == 1)
            #expect(report.parsedArticles == 3, "a full build")
        }
        let (bytesCold, diagnosticsCold) = try await cold(site)
        #expect(CrashRecoveryTests.snapshot(site.output) == bytesCold)
        #expect(report.diagnostics.filter { $0.code != "cache-ignored" }.map(\.description) == diagnosticsCold)
        // The build wrote a good cache again.
        let next = try await BuildPipeline.run(options(site))
        #expect(!next.diagnostics.contains { $0.code == "cache-ignored" })
        #expect(next.parsedArticles == 0)
    }

    /// The cache can travel between machines (CI caches): no absolute path of this one is inside.
    @Test func theCacheHoldsNoMachinePath() async throws {
        let site = try Fixture(Self.content)
        #expect(site.content.hasPrefix("/"))
        _ = try await BuildPipeline.run(options(site))
        // Every file of the cache folder: the index and its parts.
        let folder = site.root + "/.kb-cache"
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder)
        #expect(files.count > 3)
        for name in files {
            guard let bytes = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
            #expect(bytes.range(of: Data(site.root.utf8)) == nil, "\(name)")
            #expect(bytes.range(of: Data(FileManager.default.temporaryDirectory.path.utf8)) == nil, "\(name)")
        }
        #expect(files.contains { name in
            FileManager.default.contents(atPath: folder + "/" + name)?.range(of: Data("en-us/b.md".utf8)) != nil
        }, "the source paths are in some part, relative")
        // Read back under another content folder, the paths are that folder's.
        let moved = FileManager.default.temporaryDirectory.appendingPathComponent("kb-moved-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: site.root, toPath: moved)
        let (cache, problem) = BuildCache.read(BuildCache.file(in: moved + "/.kb-cache", output: site.output),
                                               contentPrefix: moved + "/content/")
        #expect(problem == nil)
        #expect(cache?.articles.keys.sorted() == ["en-us/a.md", "en-us/b.md", "ja-jp/a.md"].map { moved + "/content/" + $0 })
    }

    /// A toc whose bytes are unchanged is not parsed again: the engine takes its entries from the cache (here
    /// rewritten behind kb's back, so only a read from the cache can show the new name).
    @Test func anUnchangedTocComesFromTheCache() async throws {
        var content = Self.content
        content["en-us/toc.yml"] = "- name: Alpha entry\n  href: a.md\n"
        let site = try Fixture(content)
        _ = try await BuildPipeline.run(options(site))
        let file = BuildCache.file(in: site.root + "/.kb-cache", output: site.output)
        var (cache, _) = BuildCache.read(file, contentPrefix: site.content + "/")
        let path = site.content + "/en-us/toc.yml"
        #expect(cache?.tocs[path]?.entries.map(\.name) == ["Alpha entry"])
        cache?.tocs[path]?.entries[0].name = "From the cache"
        try cache?.write(file, contentPrefix: site.content + "/")
        let (engine, _) = try await SiteEngine.load(options(site))
        #expect(engine.tocs.values.flatMap { $0.toc.entries.map(\.name) } == ["From the cache"])

        try site.write("en-us/toc.yml", "- name: Edited entry\n  href: a.md\n")
        let (edited, _) = try await SiteEngine.load(options(site))
        #expect(edited.tocs.values.flatMap { $0.toc.entries.map(\.name) } == ["Edited entry"])
    }

    /// Large sections are written in parts and decoded in parallel: every record comes back from every part.
    @Test func aCacheOfManyPartsReadsBackWhole() throws {
        var cache = BuildCache()
        cache.parseKey = StableHash(["key"])
        let sources = BuildCache.articlesPerSection * 2 + 5, outputs = BuildCache.outputsPerSection + 7
        for index in 0..<sources {
            cache.sources["content/en-us/\(index).md"] = .init(stamp: .init(size: index, mtime: 2 * index, inode: 3 * index),
                                                              hash: StableHash(["\(index)"]))
        }
        for index in 0..<outputs {
            cache.outputs["en-us/\(index)/index.html"] = .init(key: StableHash(["o\(index)"]),
                                                               stamp: .init(size: index, mtime: 0, inode: 1), diagnostics: [])
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try cache.write(folder + "/build.kbc", contentPrefix: "content/", jobs: 2)
        let (read, problem) = BuildCache.read(folder + "/build.kbc", contentPrefix: "content/", jobs: 2)
        #expect(problem == nil)
        let back = try #require(read)
        #expect(back.sources.count == sources && back.outputs.count == outputs)
        #expect(back.sources.allSatisfy { cache.sources[$0.key]?.stamp == $0.value.stamp && cache.sources[$0.key]?.hash == $0.value.hash })
        #expect(back.outputs.allSatisfy { cache.outputs[$0.key]?.key == $0.value.key && cache.outputs[$0.key]?.stamp == $0.value.stamp })
    }

    @Test func oneOutputFolderHasOneCacheHoweverItIsSpelled() {
        let spellings = ["site", "./site", "site/", "work/../site", "/repo/site", "/repo//site/."]
        #expect(Set(spellings.map { BuildCache.pathKey($0, currentDirectory: "/repo") }) == ["site"])
        #expect(BuildCache.pathKey("../elsewhere/out", currentDirectory: "/repo") == "/elsewhere/out")
        #expect(BuildCache.pathKey("/repository/site", currentDirectory: "/repo") == "/repository/site")
        #expect(BuildCache.file(in: "c", output: "site") != BuildCache.file(in: "c", output: "public"))
    }

    @Test func theCommandLineKeepsItsCacheInDotKbCacheUnlessTold() throws {
        let site = try Fixture(Self.content)
        let arguments = ["build", "--content", "content", "--templates", Fixture.defaultTemplates]
        #expect(try KBProcess.run(arguments + ["--no-cache"], directory: site.root).code == 0)
        #expect(!FileManager.default.fileExists(atPath: site.root + "/.kb-cache"))
        #expect(try KBProcess.run(arguments, directory: site.root).code == 0)
        // The index and the folder of its parts.
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root + "/.kb-cache").sorted().map { $0.split(separator: ".").last! }
                == ["kbc", "parts"])
        #expect(try KBProcess.run(arguments + ["--cache-dir", "elsewhere"], directory: site.root).code == 0)
        #expect(FileManager.default.fileExists(atPath: site.root + "/elsewhere"))
    }
}
