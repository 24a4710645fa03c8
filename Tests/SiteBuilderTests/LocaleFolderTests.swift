import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

/// Microsoft-style doc sets keep each translation in its own repository. A locale folder outside `content/`, named in
/// kb.yml or reached by a symlink at the top of `content/`, must build exactly as if it were inside.
@Suite struct LocaleFolderTests {
    static let english: [String: String] = [
        "kb.yml": "defaultLocale: en-us\n",
        "en-us/guide/a.md": "---\ntitle: Sign in\nms.custom: \"7723\"\n---\n# Sign in\n\n## Reset\n\nReset your password. [b](b.md#cause)\n",
        "en-us/guide/b.md": "---\ntitle: Mail\n---\n# Mail\n\n## Cause\n\nThe mailbox is full.\n",
        "en-us/guide/toc.yml": "- name: Sign in\n  href: a.md\n- name: Mail\n  href: b.md\n",
    ]
    /// The ja-jp translation of `a` only: `b` is a fallback page there.
    static let japanese: [String: String] = [
        "guide/a.md": "---\ntitle: サインイン\nms.custom: \"7723\"\n---\n# サインイン\n\n## <a name=\"reset\"></a>リセット\n\n資格情報をリセットします。[b](b.md#cause)\n",
    ]

    static func write(_ files: [String: String], under folder: String) throws {
        for (path, text) in files {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// The reference: one tree, ja-jp inside content/.
    static func singleTree() async throws -> Fixture {
        var files = english
        for (path, text) in japanese { files["ja-jp/" + path] = text }
        let site = try Fixture(files)
        _ = try await site.build()
        return site
    }

    @Test func aLocaleNamedInKbYmlBuildsAsIfItWereInside() async throws {
        let reference = try await Self.singleTree()
        var files = Self.english
        files["kb.yml"] = "defaultLocale: en-us\nlocales:\n  ja-jp: { path: ../docs-pr.ja-JP/articles }\n"
        let site = try Fixture(files)
        try Self.write(Self.japanese, under: site.root + "/docs-pr.ja-JP/articles")
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.articlePages[LocaleCode("ja-jp")!] == 1)
        try expectSameSite(site, reference)
        // Diagnostics name the file where it really is.
        try Self.write(["guide/a.md": "# A\n\n[x](nowhere.md)\n"], under: site.root + "/docs-pr.ja-JP/articles")
        let broken = try await site.build()
        #expect(broken.diagnostics.map(\.location.description) == [site.root + "/docs-pr.ja-JP/articles/guide/a.md:3:1"])
    }

    @Test func aSymlinkAtTheTopOfContentIsFollowed() async throws {
        let reference = try await Self.singleTree()
        let site = try Fixture(Self.english)
        let checkout = site.root + "/docs-pr.ja-JP/articles"
        try Self.write(Self.japanese, under: checkout)
        try FileManager.default.createSymbolicLink(atPath: site.content + "/ja-jp", withDestinationPath: checkout)
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        try expectSameSite(site, reference)
    }

    @Test func symlinksInsideAnOutsideLocaleStillMayNotLeaveIt() async throws {
        let site = try Fixture(Self.english)
        let checkout = site.root + "/l10n/ja-jp"
        try Self.write(Self.japanese, under: checkout)
        try Self.write(["secret.md": "# Secret\n"], under: site.root + "/private")
        try FileManager.default.createSymbolicLink(atPath: checkout + "/guide/leak.md", withDestinationPath: site.root + "/private/secret.md")
        try FileManager.default.createSymbolicLink(atPath: checkout + "/guide/same.md", withDestinationPath: checkout + "/guide/a.md")
        try FileManager.default.createSymbolicLink(atPath: site.content + "/ja-jp", withDestinationPath: checkout)
        let report = try await site.build()
        #expect(report.diagnostics.map(\.code) == ["outside-content"])
        #expect(site.page("ja-jp/guide/leak/index.html")?.contains("Secret") != true)
        #expect(site.page("ja-jp/guide/same/index.html")?.contains("サインイン") == true)
    }

    @Test func skippedFoldersAndAnEmptySiteAreReported() async throws {
        let site = try Fixture(["kb.yml": "locales:\n  fr-fr: { path: ../nowhere }\n", "docs/a.md": "# Not a locale\n"])
        try FileManager.default.createSymbolicLink(atPath: site.content + "/ja-jp", withDestinationPath: site.root + "/missing")
        let report = try await site.build()
        #expect(report.diagnostics.map(\.code).sorted() == ["locale-folder-missing", "locale-folder-missing", "no-articles", "not-a-locale"])
        #expect(report.diagnostics.allSatisfy { !$0.message.isEmpty })
        #expect(report.diagnostics.first { $0.code == "no-articles" }?.severity == .warning)
    }

    @Test func kbServeWatchesALocaleOutsideContent() async throws {
        var files = Self.english
        files["kb.yml"] = "defaultLocale: en-us\nlocales:\n  ja-jp: { path: ../l10n }\n"
        let site = try Fixture(files)
        try Self.write(Self.japanese, under: site.root + "/l10n")
        var options = site.options()
        options.outputDirectory = ""
        let preview = try await PreviewSite.open(options, live: .init(scriptURL: "/_kb/live.js", eventsURL: "/_kb/events"))
        #expect(await preview.externalLocaleFolders == [ContentScannerPaths.real(site.root + "/l10n")])
        try Self.write(["guide/a.md": "---\ntitle: サインイン\nms.custom: \"7723\"\n---\n# サインイン\n\n## <a name=\"reset\"></a>リセット\n\n更新しました。\n"], under: site.root + "/l10n")
        let change = await preview.apply([ContentScannerPaths.real(site.root + "/l10n") + "/guide/a.md"])
        #expect(change.pages == ["/ja-jp/guide/a/"])
        guard case .text(let html)? = await preview.file(at: "ja-jp/guide/a/index.html")?.contents else {
            Issue.record("no page")
            return
        }
        #expect(html.contains("更新しました。"))
    }

    /// Every output file of `site` equals the reference's, byte for byte (fallbacks, hreflang, search included).
    private func expectSameSite(_ site: Fixture, _ reference: Fixture) throws {
        let paths = try FileManager.default.subpathsOfDirectory(atPath: reference.output).sorted()
        #expect(try FileManager.default.subpathsOfDirectory(atPath: site.output).sorted() == paths)
        #expect(paths.contains("ja-jp/guide/b/index.html") && paths.contains("ja-jp/search/manifest.json"))
        for path in paths {
            #expect(FileManager.default.contents(atPath: site.output + "/" + path)
                        == FileManager.default.contents(atPath: reference.output + "/" + path), "\(path)")
        }
        #expect(site.page("en-us/guide/a/index.html")?.contains("hreflang=\"ja-JP\"") == true)
        #expect(site.page("ja-jp/guide/b/index.html")?.contains("The mailbox is full.") == true)
        #expect(site.page("ja-jp/search/manifest.json")?.contains("資格") == true)
    }
}

enum ContentScannerPaths {
    static func real(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
