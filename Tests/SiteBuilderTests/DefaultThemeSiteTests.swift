import Foundation
import Testing
@testable import SiteBuilder
@testable import Templating

/// Every page of real sites rendered by the default theme's Swift renderer and by swift-mustache: byte for byte,
/// as built and as `kb serve` shows it (with the page's problems in the preview overlay).
@Suite struct DefaultThemeSiteTests {
    /// Compares every page of the site in `content`; returns how many pages were compared.
    static func compareEveryPage(of content: String) async throws -> Int {
        let options = BuildOptions(contentDirectory: content, templatesDirectory: Fixture.defaultTemplates,
                                   outputDirectory: NSTemporaryDirectory() + "kb-unused-\(UUID().uuidString)",
                                   writeOutput: false)
        let (engine, _) = try await SiteEngine.load(options)
        var compared = 0
        for (path, kind) in engine.outputs.sorted(by: { $0.key < $1.key }) {
            let made = engine.make(kind)
            guard case .page(let page) = made.body else { continue }
            let problems = (made.diagnostics + engine.siteDiagnostics).map {
                PreviewView.Problem(severity: $0.severity.rawValue, location: $0.location.description, message: $0.message)
            }
            let preview = PreviewView(scriptURL: "/_kb/live.js", eventsURL: "/_kb/events",
                                      page: PreviewSite.urlPath(ofFile: path), problems: problems)
            for preview in [nil, preview] {
                #expect(engine.theme.defaultTheme.renders(page, preview: preview != nil), "\(path): not the Swift renderer")
                let swift = engine.theme.render(page, preview: preview, with: .swift)
                let mustache = engine.theme.render(page, preview: preview, with: .mustache)
                // Bytes, not `String ==` (which equates canonically equivalent text).
                if !swift.utf8.elementsEqual(mustache.utf8) {
                    let at = zip(swift.utf8, mustache.utf8).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    Issue.record("""
                        \(path) (preview: \(preview != nil)) differs at byte \(at ?? min(swift.utf8.count, mustache.utf8.count)): \
                        \(GoldenTests.firstDifference(Data(swift.utf8), Data(mustache.utf8))) (built: Swift, golden: Mustache)
                        """)
                    return compared
                }
            }
            compared += 1
        }
        return compared
    }

    @Test func everyPageOfTheSampleSiteRendersAlike() async throws {
        let pages = try await Self.compareEveryPage(of: Fixture.repository.appendingPathComponent("content").path)
        print("default theme differential: \(pages) pages of the sample site render alike")
        #expect(pages > 50)
    }

    @Test(.enabled(if: CorpusIntegrationTests.present, "../shared/corpus/alchemy is absent: default theme differential skipped"))
    func everyPageOfTheCorpusRendersAlike() async throws {
        let pages = try await Self.compareEveryPage(of: CorpusIntegrationTests.corpus)
        print("default theme differential: \(pages) pages of ../shared/corpus/alchemy render alike")
        #expect(pages > 500)
    }
}
