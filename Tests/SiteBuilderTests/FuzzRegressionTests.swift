import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

/// Inputs that crashed or hung kb while fuzzing (`Tests/Fuzz/regressions/`), and cmark's pathological shapes: each
/// must go through every content stage and come back with output.
@Suite struct FuzzRegressionTests {
    static let folder = Fixture.repository.appendingPathComponent("Tests/Fuzz/regressions").path

    static var regressions: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func thereAreRegressionInputs() {
        #expect(!FuzzRegressionTests.regressions.isEmpty)
    }

    @Test(arguments: FuzzRegressionTests.regressions)
    func savedInputStillGoesThrough(_ name: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: FuzzRegressionTests.folder + "/" + name))
        let (output, _) = ArticleProbe.run(Array(bytes))
        #expect(output > 0)
    }

    @Test func includeBombIsCutOffWithADiagnostic() throws {
        let bytes = try #require(FileManager.default.contents(atPath: FuzzRegressionTests.folder + "/include-bomb.md"))
        let (_, diagnostics) = ArticleProbe.run(Array(bytes))
        #expect(diagnostics.contains { $0.code == "include-too-large" })
    }

    @Test(arguments: [
        String(repeating: "> ", count: 20_000) + "deep\n",
        String(repeating: "[", count: 50_000) + "x",
        String(repeating: "*a **", count: 20_000) + "\n",
        (0..<5_000).map { "[l\($0)](page\($0).md#x) " }.joined() + "\n",
        (0..<2_000).map { String(repeating: "  ", count: $0) + "- item\n" }.joined(),
        String(repeating: "`", count: 30_000) + "x",
        "---\n" + String(repeating: "- [", count: 10_000) + "\n---\n# x\n",
        "---\ntitle: &a [*a, *a, *a]\nms.custom: &b [*a, *a]\n---\n# billion laughs\n",
        String(decoding: [0xFF, 0xFE, 0x23, 0x20, 0xC3, 0x28, 0x0A, 0xED, 0xA0, 0x80], as: UTF8.self),
    ])
    func pathologicalShapesComeBack(_ text: String) {
        let (output, _) = ArticleProbe.run(Array(text.utf8))
        #expect(output > 0)
    }
}
