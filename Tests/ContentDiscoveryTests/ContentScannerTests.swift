import Foundation
import Testing
import SiteModel
@testable import ContentDiscovery

/// Writes `files` (path → contents) under a new temporary folder and returns it.
func makeTree(_ files: [String: String]) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-scan-\(UUID().uuidString)").path
    for (path, contents) in files {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
    return root
}

@Suite struct ContentScannerTests {
    @Test func classifiesEveryKindOfFileInAnyLocaleCase() throws {
        let root = try makeTree([
            "ja-JP/AlchemyInsights/issues-with-credentials.md": "# x",
            "ja-JP/AlchemyInsights/includes/change-log.md": "x",
            "ja-JP/AlchemyInsights/TOC.yml": "- name: a",
            "ja-JP/AlchemyInsights/docfx.json": "{}",
            "ja-JP/LICENSE": "cc",
            "ja-JP/.openpublishing.redirection.json": "{}",
            "ja-JP/.openpublishing.publish.config.json": "{}",
            "ja-JP/.git/config": "x",
            "de-de/sign in to\u{200B}.md": "# y",
            "de-de/outlook-won't–accept.md": "# z",
            "images/logo.png": "png",
            "kb.yml": "title: T",
        ])
        let inventory = try ContentScanner.scan(root: root)
        #expect(inventory.locales.map(\.tag) == ["de-DE", "ja-JP"])
        #expect(inventory.files(.article).map(\.path.value) == [
            "outlook-won't–accept.md", "sign in to\u{200B}.md", "AlchemyInsights/issues-with-credentials.md",
        ])
        #expect(inventory.files(.include).map(\.path.value) == ["AlchemyInsights/includes/change-log.md"])
        #expect(inventory.files(.toc).map(\.path.value) == ["AlchemyInsights/TOC.yml"])
        #expect(inventory.files(.redirection).map(\.path.value) == [".openpublishing.redirection.json"])
        #expect(Set(inventory.files(.other).map(\.path.value)) == ["AlchemyInsights/docfx.json", "LICENSE"])
        #expect(inventory.files(.article).first?.displayPath == root + "/de-de/outlook-won't–accept.md")
        #expect(inventory.diagnostics.isEmpty)
    }

    @Test func twoFoldersForOneLocaleAreAnError() throws {
        let root = try makeTree(["ja-JP/a.md": "a", "ja-jp/b.md": "b"])
        let inventory = try ContentScanner.scan(root: root)
        #expect(inventory.locales.count == 1)
        #expect(inventory.diagnostics.map(\.code) == ["duplicate-locale"])
    }

    @Test func missingContentFolderThrows() {
        #expect(throws: ContentScanner.Failure.self) { try ContentScanner.scan(root: "/nonexistent/kb-content") }
    }
}

@Suite struct TableOfContentsTests {
    let file = SourceFile(locale: LocaleCode("en-us")!, path: ArticlePath("guide/toc.yml"), filePath: "",
                          displayPath: "content/en-us/guide/toc.yml", kind: .toc)

    @Test func bareListShapeWithNestingResolvesHrefsAgainstItsFolder() {
        let (toc, diagnostics) = TableOfContents.parse("""
        - name: Start
          href: start.md
        - name: Sign-in
          items:
          - name: Reset
            href: ../sign-in/reset%20password.md#step
          - name: External
            href: https://example.com/x.md
        - name: Root
          href: /other/page.md
        """, file: file)
        #expect(diagnostics.isEmpty)
        #expect(toc.entries.count == 3)
        #expect(toc.entries[1].items.map(\.name) == ["Reset", "External"])
        #expect(toc.orderedArticlePaths() == ["guide/start.md", "sign-in/reset password.md", "other/page.md"])
    }

    @Test func mappingWithItemsShape() {
        let (toc, _) = TableOfContents.parse("items:\n- name: A\n  href: a.md\n", file: file)
        #expect(toc.orderedArticlePaths() == ["guide/a.md"])
    }

    @Test func invalidYAMLIsAnErrorWithLine() {
        let (toc, diagnostics) = TableOfContents.parse("- name: A\n  href: [a.md\n", file: file)
        #expect(toc.entries.isEmpty)
        #expect(diagnostics.first?.code == "yaml-syntax")
        #expect(diagnostics.first?.location.path == "content/en-us/guide/toc.yml")
        #expect((diagnostics.first?.location.line ?? 0) >= 2)
    }
}
