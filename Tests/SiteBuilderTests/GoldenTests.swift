import Foundation
import Testing
@testable import SiteBuilder

/// Whole output files of the sample site, compared byte for byte with `Tests/Goldens/sample/`: an article in three
/// scripts (Latin, Japanese, Arabic right-to-left), a fallback page, a redirect page, a locale home and a search
/// manifest. A change to any of them shows up as a reviewable diff.
///
/// Re-record with `UPDATE_GOLDEN=1 swift test --filter GoldenTests` (or `make golden`); never edit them by hand.
@Suite struct GoldenTests {
    static let folder = Fixture.repository.appendingPathComponent("Tests/Goldens/sample").path
    static let updating = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
    static let files = [
        "en-us/index.html",
        "en-us/sign-in/issues-with-credentials/index.html",
        "ja-jp/sign-in/issues-with-credentials/index.html",
        "ar-sa/sign-in/reset-your-password/index.html",
        "de-de/sync-client/release-notes/index.html",
        "en-us/sign-in/forgot-password/index.html",
        "ja-jp/search/manifest.json",
    ]

    @Test func sampleSiteMatchesItsGoldens() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-golden-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = try await BuildPipeline.run(BuildOptions(
            contentDirectory: Fixture.repository.appendingPathComponent("content").path,
            templatesDirectory: Fixture.defaultTemplates, outputDirectory: output, jobs: 2))
        for file in Self.files {
            let built = try #require(FileManager.default.contents(atPath: output + "/" + file), "\(file) was not built")
            let golden = Self.folder + "/" + file
            if Self.updating {
                try FileManager.default.createDirectory(atPath: (golden as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try built.write(to: URL(fileURLWithPath: golden))
                continue
            }
            let expected = try #require(FileManager.default.contents(atPath: golden),
                                        "no golden for \(file): record it with UPDATE_GOLDEN=1")
            #expect(built == expected, "\(file) differs from its golden: \(Self.firstDifference(built, expected))")
        }
    }

    /// The first differing line, to start reading the diff from.
    static func firstDifference(_ a: Data, _ b: Data) -> String {
        let left = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let right = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (number, (x, y)) in zip(left, right).enumerated() where x != y {
            return "line \(number + 1): built `\(x.prefix(160))`, golden `\(y.prefix(160))`"
        }
        return "lengths \(left.count) and \(right.count) lines"
    }
}
