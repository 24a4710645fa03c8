import CPosix
import Foundation
import Testing
@testable import SiteBuilder

/// The seal on an output folder (`OutputSeal`): a warm build trusts its records of the output files while the folder
/// is exactly as the build that saved the cache left it, and checks every file once anything else has touched it.
struct OutputSealTests {
    let cacheTests = BuildCacheTests()

    func options(_ site: Fixture, cache: String = "/.kb-cache") -> BuildOptions {
        var options = site.options()
        options.cacheDirectory = site.root + cache
        return options
    }

    @Test func aSealedFolderIsTrustedWithoutCheckingEachFile() async throws {
        let site = try Fixture(BuildCacheTests.content)
        let first = try await BuildPipeline.run(options(site))
        #expect(first.checkedOutputs == 0, "no records yet")
        let token = try #require(OutputSeal.token(of: site.output), "the build sealed its folder")
        let second = try await BuildPipeline.run(options(site))
        #expect(second.checkedOutputs == 0)
        #expect(second.writtenFiles == [])
        #expect(OutputSeal.token(of: site.output) != token, "each build that saves its cache seals the folder anew")

        try site.write("en-us/b.md", "# Beta\n\n## Steps\n\nText, edited.\n")
        let third = try await BuildPipeline.run(options(site))
        #expect(third.checkedOutputs == 0)
        #expect(third.writtenFiles.contains("en-us/b/index.html"))
        #expect(CrashRecoveryTests.snapshot(site.output) == (try await cacheTests.cold(site)).0)
    }

    /// A build with another cache writes into the folder: the first cache's records no longer describe it.
    @Test func anotherBuildIntoTheFolderBreaksTheSeal() async throws {
        let site = try Fixture(BuildCacheTests.content)
        _ = try await BuildPipeline.run(options(site))
        let original = CrashRecoveryTests.snapshot(site.output)
        try site.write("en-us/b.md", "# Beta two\n\nOther text.\n")
        _ = try await BuildPipeline.run(options(site, cache: "/other-cache"))
        #expect(OutputSeal.token(of: site.output) != nil, "sealed for the other cache")
        try site.write("en-us/b.md", BuildCacheTests.content["en-us/b.md"]!)
        let back = try await BuildPipeline.run(options(site))
        #expect(back.parsedArticles == 0, "the first cache's records match the content again")
        #expect(back.checkedOutputs > 0)
        #expect(CrashRecoveryTests.snapshot(site.output) == original)
    }

    /// Folders added, removed or renamed at the top three levels change a stamped folder.
    @Test func aFolderRemovedByHandBreaksTheSeal() async throws {
        let site = try Fixture(BuildCacheTests.content)
        _ = try await BuildPipeline.run(options(site))
        let clean = CrashRecoveryTests.snapshot(site.output)
        try FileManager.default.removeItem(atPath: site.output + "/en-us/b")
        let next = try await BuildPipeline.run(options(site))
        #expect(next.checkedOutputs > 0)
        #expect(next.writtenFiles == ["en-us/b/index.html"])
        #expect(CrashRecoveryTests.snapshot(site.output) == clean)
    }

    /// A build that writes into a folder removes the seal before it changes anything there, with or without a
    /// cache: a build killed after that point, or one that saves no cache, leaves the folder unsealed.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KBProcess.executable), "kb executable not built"))
    func aBuildThatWritesBreaksTheSealBeforeItChangesTheFolder() async throws {
        let site = try Fixture(CrashRecoveryTests.content(version: 1))
        #expect(try KBProcess.run(site.buildArguments).code == 0)
        #expect(OutputSeal.token(of: site.output) != nil)
        var uncached = site.options()
        uncached.cacheDirectory = nil
        _ = try await BuildPipeline.run(uncached)
        #expect(OutputSeal.token(of: site.output) == nil, "a build without cache does not reseal")

        #expect(try KBProcess.run(site.buildArguments).code == 0)
        #expect(OutputSeal.token(of: site.output) != nil)
        for (path, text) in CrashRecoveryTests.content(version: 2) { try site.write(path, text) }
        let killed = try KBProcess.run(site.buildArguments, environment: ["KB_TEST_KILL_AT": "swap"])
        #expect(killed.code == 9)
        #expect(OutputSeal.token(of: site.output) == nil, "killed before its first rename, the seal is already gone")
    }

    /// An output folder reached through a symbolic link is stamped through it (its folders, not the link's own
    /// stamp alone), as the attribute is read through it.
    @Test func aLinkedOutputFolderIsStampedThroughTheLink() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-seal-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/real/en-us/a", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/site", withDestinationPath: root + "/real")
        #expect(OutputSeal.folderStamps(root + "/site").map(\.path) == ["", "en-us", "en-us/a"])
    }

    @Test func aSealReadsBackFromTheCacheFile() async throws {
        let site = try Fixture(BuildCacheTests.content)
        _ = try await BuildPipeline.run(options(site))
        let file = BuildCache.file(in: site.root + "/.kb-cache", output: site.output)
        let (cache, problem, _) = await BuildCache.startReading(file, contentPrefix: site.content + "/", jobs: 2).value
        #expect(problem == nil)
        let seal = try #require(cache?.seal)
        #expect(seal.token == OutputSeal.token(of: site.output))
        #expect(seal.folders.map(\.path).prefix(3) == ["", "assets", "en-us"])
        #expect(seal.holds(on: site.output))
        OutputSeal.breakSeal(of: site.output)
        #expect(!seal.holds(on: site.output))
    }
}
