import Testing
@testable import ContentDiscovery
import SiteModel

/// `TableOfContents.target(of:)` answers plain hrefs on a fast path; it must agree with the general rules on every href.
struct TocTargetTests {
    /// Random hrefs made of pieces the fast path takes and pieces it must leave to the general rules (`.`/`..`
    /// segments, `//`, `~`, `%`, `?`, `#`, `:`, spaces, other extensions and cases, non-ASCII), from tocs at three depths.
    @Test func fastPathAgreesWithTheGeneralRules() {
        let pieces = ["a", "b", "-", "_", "0", ".", "/", "/", "~", "%", "?", "#", ":", " ", "M", "D", "é", ".md", ".md", "../",
                      "./", "%20", ".markdown", ".MD", "//"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var fast = 0
        for folder in ["", "guide", "guide/setup"] {
            let toc = TableOfContents(folder: folder, entries: [])
            for _ in 0..<20_000 {
                var href = (0...next(8)).map { _ in pieces[next(pieces.count)] }.joined()
                if next(2) == 0 { href += ".md" }
                if toc.plainArticlePath(href) != nil { fast += 1 }
                #expect(toc.target(of: href) == toc.resolvedTarget(of: href), "\(folder): \(href)")
            }
        }
        #expect(fast > 1_000, "the fast path is taken")
    }
}
