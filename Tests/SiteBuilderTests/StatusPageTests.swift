import Foundation
import Testing
@testable import SiteBuilder
import SiteModel

/// The translation dashboard: written by `kb build --status-page`, served by `kb serve`, its links leading to pages
/// the build wrote.
struct StatusPageTests {
    /// en-us source; ja-jp with a stale and a machine-translated translation; de-de missing one article.
    static func repository() throws -> TranslationStatusTests.Repository {
        let repo = try TranslationStatusTests.Repository([
            "kb.yml": "defaultLocale: en-us\n", "en-us/a.md": "# Alpha\n", "en-us/b.md": "# Beta\n",
            "de-de/a.md": "# Alpha auf Deutsch\n",
        ])
        let pin = try repo.commit("sources", date: "2024-01-01T12:00:00Z")
        try repo.site.write("ja-jp/a.md", TranslationStatusTests.translation("アルファ", pinnedTo: pin))
        try repo.site.write("ja-jp/b.md", TranslationStatusTests.translation("ベータ", pinnedTo: pin, type: "MT"))
        try repo.commit("translations", date: "2024-02-01T12:00:00Z")
        try repo.site.write("en-us/a.md", "# Alpha\n\nMore.\n")
        try repo.commit("edit a", date: "2024-03-05T12:00:00Z")
        return repo
    }

    @Test func theDashboardShowsEachStateAndLinksToPagesTheBuildWrote() async throws {
        let site = try Self.repository().site
        var options = site.options()
        options.statusPage = true
        let report = try await BuildPipeline.run(options)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let page = try #require(site.page("_kb/status/index.html"))
        #expect(page.contains("stale since 2024-03-05") && page.contains("current, machine-translated"))
        #expect(page.contains("<td data-state=\"missing\">"))
        #expect(page.contains("<polyline"), "a stale translation draws the stale-over-time line")
        #expect(page.components(separatedBy: "<rect x=").count - 1 == 4, "ja-jp: current and stale; de-de: current and missing")
        #expect(page.contains("<meta name=\"robots\" content=\"noindex\">"))
        // Every link of the table leads to a page of the site.
        let hrefs = page.components(separatedBy: "<td data-state=").dropFirst().compactMap { cell in
            cell.components(separatedBy: "href=\"").dropFirst().first?.components(separatedBy: "\"").first
        }
        #expect(hrefs.count == 4)
        #expect(page.contains("· <a href=\"../../en-us/a/index.html\" hreflang=\"en-US\">en-us</a>"), "a translation links to its source")
        for href in hrefs {
            let target = URL(fileURLWithPath: site.output + "/_kb/status/" + href).standardized.path
            #expect(FileManager.default.fileExists(atPath: target), "\(href) leads nowhere")
        }

        options.statusPage = false
        _ = try await BuildPipeline.run(options)
        #expect(site.page("_kb/status/index.html") == nil, "without the flag the dashboard is not part of the site")
    }

    @Test func kbServeAlwaysServesTheDashboard() async throws {
        let site = try Self.repository().site
        var options = site.options()
        options.outputDirectory = ""
        options.statusPage = true
        let preview = try await PreviewSite.open(options, live: .init(scriptURL: "/_kb/live.js", eventsURL: "/_kb/events"))
        guard case .text(let text) = try #require(await preview.file(at: "_kb/status/index.html")).contents else {
            Issue.record("the dashboard is no page")
            return
        }
        #expect(text.contains("stale since 2024-03-05") && text.contains("/_kb/live.js"))
    }
}
