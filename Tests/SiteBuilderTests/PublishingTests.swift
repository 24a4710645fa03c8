import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

@Suite struct PublishingTests {
    /// The same content built twice — files discovered in a different order, a different number of threads — gives
    /// the same bytes in every file, search index and topics included. Runs on the sample and, when present, the corpus.
    @Test func sampleRebuildsAreByteIdenticalWhateverTheDiscoveryOrderAndThreads() async throws {
        try await Self.expectDeterministic(Fixture.repository.appendingPathComponent("content").path)
    }

    @Test(.enabled(if: CorpusIntegrationTests.present, "../shared/corpus/alchemy is absent: corpus determinism check skipped"))
    func corpusRebuildsAreByteIdenticalWhateverTheDiscoveryOrderAndThreads() async throws {
        try await Self.expectDeterministic(CorpusIntegrationTests.corpus)
    }

    static func expectDeterministic(_ content: String) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-determinism-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var first = BuildOptions(contentDirectory: content, templatesDirectory: Fixture.defaultTemplates,
                                 outputDirectory: root + "/a", jobs: 1)
        var second = first
        second.outputDirectory = root + "/b"
        second.jobs = 3
        second.discoveryShuffleSeed = 0x5EED
        first.discoveryShuffleSeed = 7
        _ = try await BuildPipeline.run(first)
        _ = try await BuildPipeline.run(second)
        let paths = try FileManager.default.subpathsOfDirectory(atPath: root + "/a").sorted()
        #expect(paths == (try FileManager.default.subpathsOfDirectory(atPath: root + "/b").sorted()))
        #expect(paths.contains { $0.hasSuffix("search/manifest.json") })
        var differing: [String] = []
        for path in paths where FileManager.default.contents(atPath: root + "/a/" + path) != FileManager.default.contents(atPath: root + "/b/" + path) {
            differing.append(path)
        }
        #expect(differing.isEmpty, "\(differing.prefix(10))")
    }

    @Test func sitemapsListIndexablePagesWithTheirTranslations() async throws {
        let site = try Fixture([
            "kb.yml": "baseURL: https://kb.example.org/help/\ndefaultLocale: en-us\n",
            "en-us/a.md": "# A\n",
            "en-us/q&a.md": "# Q and A\n",
            "en-us/hidden.md": "---\nROBOTS: NOINDEX\n---\n# Hidden\n",
            "ja-jp/a.md": "# A ja\n",
        ])
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let index = try #require(site.page("sitemap.xml"))
        #expect(index.contains("<loc>https://kb.example.org/help/en-us/sitemap.xml</loc>"))
        #expect(index.contains("<loc>https://kb.example.org/help/ja-jp/sitemap.xml</loc>"))
        let en = try #require(site.page("en-us/sitemap.xml"))
        #expect(en.contains("<loc>https://kb.example.org/help/en-us/a/</loc>"))
        #expect(en.contains("<xhtml:link rel=\"alternate\" hreflang=\"ja-JP\" href=\"https://kb.example.org/help/ja-jp/a/\"/>"))
        #expect(en.contains("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://kb.example.org/help/en-us/a/\"/>"))
        #expect(en.contains("/en-us/q%26a/</loc>"), "URLs are percent-encoded")
        #expect(Sitemaps.xml("a&b<c>\"d") == "a&amp;b&lt;c&gt;&quot;d")
        #expect(!en.contains("hidden"), "NOINDEX pages are not listed")
        let ja = try #require(site.page("ja-jp/sitemap.xml"))
        #expect(!ja.contains("ja-jp/q"), "fallback pages are not listed: their canonical is the original")
        #expect(site.page("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: https://kb.example.org/help/sitemap.xml\n")
        // Canonical links are absolute; the 404 page links from the base URL's path.
        #expect(try #require(site.page("ja-jp/a/index.html")).contains("<link rel=\"canonical\" href=\"https://kb.example.org/help/ja-jp/a/\">"))
        let notFound = try #require(site.page("ja-jp/404.html"))
        #expect(notFound.contains("<html lang=\"ja-JP\""))
        #expect(notFound.contains("href=\"/help/assets/kb.css\""))
        #expect(notFound.contains("href=\"/help/ja-jp/\""))
        #expect(notFound.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(try #require(site.page("404.html")).contains("<html lang=\"en-US\""))
    }

    @Test func withoutABaseURLThereAreNoSitemapsButRobotsAndNotFoundPages() async throws {
        let site = try Fixture(["en-us/a.md": "# A\n"])
        _ = try await site.build()
        #expect(site.page("sitemap.xml") == nil)
        #expect(site.page("robots.txt") == "User-agent: *\nAllow: /\n")
        #expect(try #require(site.page("en-us/404.html")).contains("href=\"/assets/kb.css\""))
    }
}

/// `ROBOTS: NOINDEX` speaks to web crawlers. In-product help is NOINDEX and still meant to be found on the site.
@Suite struct NoIndexSearchTests {
    static let files = [
        "en-us/hidden.md": "---\ntitle: Hidden gem\nROBOTS: NOINDEX\n---\n# Hidden gem\n\nQuasar troubleshooting.\n",
        "en-us/open.md": "# Open\n\nNebula.\n",
    ]

    @Test func noIndexArticlesAreSearchableByDefault() async throws {
        let site = try Fixture(Self.files)
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty)
        let manifest = try #require(site.page("en-us/search/manifest.json"))
        #expect(manifest.contains("\"quasar\"") && manifest.contains("Hidden gem"))
        // Web crawlers are still told to stay away, and the sitemap still leaves it out.
        #expect(site.page("en-us/hidden/index.html")?.contains("<meta name=\"robots\" content=\"NOINDEX\">") == true)
    }

    @Test func excludeNoIndexLeavesThemOut() async throws {
        var files = Self.files
        files["kb.yml"] = "search:\n  excludeNoIndex: true\n"
        let site = try Fixture(files)
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty)
        let manifest = try #require(site.page("en-us/search/manifest.json"))
        #expect(!manifest.contains("quasar") && manifest.contains("\"nebula\""))
    }

    @Test func theOldKeyStillWorksWithADeprecationWarning() async throws {
        var files = Self.files
        files["kb.yml"] = "title: T\nsearch:\n  includeNoIndex: false\n"
        let site = try Fixture(files)
        let report = try await site.build()
        #expect(report.diagnostics.map(\.code) == ["config-deprecated"])
        #expect(report.diagnostics.first?.location.description == site.content + "/kb.yml:3:3")
        #expect(report.diagnostics.first?.message.contains("search.excludeNoIndex: true") == true)
        #expect(site.page("en-us/search/manifest.json")?.contains("quasar") == false, "includeNoIndex: false still excludes")
    }
}
