import Foundation
import Testing
@testable import SiteBuilder

/// A build packs every parsed tree at load and lets each go once the pages that show its article are made, so it
/// never holds all trees unpacked (ARCHITECTURE.md, "The pipeline").
struct TreeReleaseTests {
    @Test func everyTreeIsPackedAtLoadAndGoneOnceItsPagesAreMade() async throws {
        // en-us/b has no ja-jp version: it is shown on two pages, its own and the ja-jp fallback.
        let site = try Fixture(BuildCacheTests.content)
        let options = site.options()
        let (config, theme, _) = try await BuildPipeline.configure(options)
        let inventory = try BuildPipeline.discover(options, config: config)
        let engine = SiteEngine(options: options, config: config, theme: theme, inventory: inventory, diagnostics: [],
                                packsTrees: true)
        #expect(engine.packed.keys.sorted() == engine.articles.keys.sorted())
        #expect(engine.articles.count == 3)
        #expect(engine.articles.values.allSatisfy { $0.document.root.children.isEmpty }, "held packed, not as trees")
        #expect(engine.pagesOfSource[site.content + "/en-us/b.md"]?.count == 2, "\(engine.pagesOfSource)")

        var outputs = SiteOutputs(engine: engine, options: options, cache: nil, writer: nil)
        outputs.keepUnchanged()
        outputs.makeQueued()
        #expect(outputs.engine.articles.isEmpty)
        #expect(outputs.engine.packed.isEmpty)
    }
}
