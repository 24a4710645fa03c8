import Foundation
import Testing
@testable import SiteBuilder

@Suite struct AtomicOutputTests {
    @Test func aFailedBuildLeavesThePreviousSiteUntouched() async throws {
        let site = try Fixture(["en-us/a.md": "# A\n"])
        _ = try await site.build()
        let before = try #require(site.page("en-us/a/index.html"))
        try site.write("en-us/b.md", "# B\n")
        let broken = site.root + "/broken-theme"
        try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
        try Data("{{#x}}".utf8).write(to: URL(fileURLWithPath: broken + "/article.mustache"))
        await #expect(throws: BuildFailure.self) { try await BuildPipeline.run(site.options(templates: broken)) }
        #expect(site.page("en-us/a/index.html") == before)
        #expect(site.page("en-us/b/index.html") == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root).filter { $0.contains(".kb-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aRebuildReplacesStaleFiles() async throws {
        let site = try Fixture(["en-us/old.md": "# Old\n"])
        _ = try await site.build()
        try FileManager.default.removeItem(atPath: site.content + "/en-us/old.md")
        try site.write("en-us/new.md", "# New\n")
        let report = try await site.build()
        #expect(site.page("en-us/old/index.html") == nil)
        #expect(site.page("en-us/new/index.html") != nil)
        #expect(report.writtenFiles.contains("en-us/new/index.html"))
    }

    @Test func outputThatIsAFileIsAnIOErrorAndTheFileSurvives() async throws {
        let site = try Fixture(["en-us/a.md": "# A\n"])
        try FileManager.default.createDirectory(atPath: site.root, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: site.output))
        await #expect(throws: BuildFailure.self) { try await site.build() }
        #expect(FileManager.default.contents(atPath: site.output) == Data("keep".utf8))
    }

    @Test func sameInputGivesByteIdenticalOutputWithAnyThreadCount() async throws {
        var files: [String: String] = [:]
        for i in 0..<40 { files["en-us/s\(i % 4)/a\(i).md"] = "---\ntitle: T\(i)\n---\n# H\(i)\n\n| a |\n| - |\n| \(i) |\n" }
        let one = try Fixture(files)
        let two = try Fixture(files)
        _ = try await one.build(jobs: 1)
        _ = try await two.build(jobs: 4)
        let paths = try FileManager.default.subpathsOfDirectory(atPath: one.output).sorted()
        #expect(paths == (try FileManager.default.subpathsOfDirectory(atPath: two.output).sorted()))
        #expect(paths.contains { $0.hasSuffix("search/manifest.json") })
        for path in paths where !path.hasSuffix("/") {
            let a = FileManager.default.contents(atPath: one.output + "/" + path)
            let b = FileManager.default.contents(atPath: two.output + "/" + path)
            #expect(a == b, "\(path)")
        }
    }
}
