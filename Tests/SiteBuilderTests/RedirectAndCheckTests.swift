import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

@Suite struct RedirectTests {
    @Test func redirectionFileMakesRedirectPages() async throws {
        let site = try Fixture([
            "en-us/guide/new.md": "# New\n",
            "en-us/guide/kept.md": "# Kept\n",
            "en-us/.openpublishing.redirection.json": """
            {"redirections": [
              {"source_path": "guide/old.md", "redirect_url": "/guide/new", "redirect_document_id": true},
              {"source_path": "guide/away.md", "redirect_url": "https://example.com/elsewhere"},
              {"source_path": "guide/kept.md", "redirect_url": "/guide/new"},
              {"source_path": "guide/lost.md", "redirect_url": "/guide/nowhere"}
            ]}
            """,
        ])
        let report = try await site.build()
        let old = try #require(site.page("en-us/guide/old/index.html"))
        #expect(old.contains("<meta http-equiv=\"refresh\" content=\"0; url=../new/index.html\">"))
        #expect(old.contains("<a id=\"kb-redirect\" href=\"../new/index.html\">"))
        #expect(site.page("en-us/guide/away/index.html")?.contains("url=https://example.com/elsewhere") == true)
        #expect(site.page("en-us/guide/kept/index.html")?.contains("<h1 id=\"kept\">Kept</h1>") == true)
        #expect(site.page("en-us/guide/lost/index.html") == nil)
        #expect(report.diagnostics.map(\.code) == ["redirect-shadowed", "redirect-broken"])
        #expect(report.diagnostics.map(\.location.line) == [4, 5])
    }
}

/// Links into retired articles: every link kb writes goes straight to where the redirects land, anchors are checked
/// there, and writers are told which links to update.
@Suite struct RedirectAwareLinkTests {
    static let files: [String: String] = [
        "kb.yml": "defaultLocale: en-us\n",
        "en-us/guide/new.md": "---\ntitle: New guide\n---\n# New guide\n\n## Step 2\n\nDo it.\n",
        "en-us/guide/links.md": """
        # Links

        [anchor](old.md#step-2) and [bad anchor](old.md#step-9) and [chain](chain-1.md)

        <a href="old.md#step-2">raw</a> [loop](loop-a.md) [away](away.md#there) [x](xref:kb.new)
        """,
        "en-us/guide/toc.yml": "- name: Old\n  href: old.md\n- name: Up\n  href: ../../above.md\n- name: Gone\n  href: never.md\n",
        "en-us/.openpublishing.redirection.json": """
        {"redirections": [
          {"source_path": "guide/old.md", "redirect_url": "/guide/new"},
          {"source_path": "guide/chain-1.md", "redirect_url": "chain-2.md"},
          {"source_path": "guide/chain-2.md", "redirect_url": "/guide/new#step-2"},
          {"source_path": "guide/loop-a.md", "redirect_url": "loop-b.md"},
          {"source_path": "guide/loop-b.md", "redirect_url": "/guide/loop-a"},
          {"source_path": "guide/away.md", "redirect_url": "https://example.com/moved"},
          {"source_path": "guide/legacy.md", "redirect_url": "/guide/new"}
        ]}
        """,
        // ja-jp has no redirection file: it follows en-us's (the default locale). It still has `legacy`, which
        // en-us retired, so its chooser must not send readers to en-us's redirect page.
        "ja-jp/guide/new.md": "---\ntitle: 新しいガイド\nuid: kb.new\n---\n# 新しいガイド\n\n## <a name=\"step-2\"></a>手順 2\n",
        "ja-jp/guide/legacy.md": "---\ntitle: 旧ガイド\nms.custom: \"555\"\n---\n# 旧ガイド\n\n[新](old.md#step-2)\n",
        "ja-jp/guide/links.md": "# リンク\n",
        "de-de/guide/links.md": "# Links de\n\n[alt](old.md#step-2)\n",
    ]

    @Test func linksGoStraightToTheFinalTargetWithTheirAnchorsChecked() async throws {
        let site = try Fixture(Self.files)
        let report = try await site.build()
        let links = try #require(site.page("en-us/guide/links/index.html"))
        #expect(links.contains("<a href=\"../new/index.html#step-2\">anchor</a>"))
        #expect(links.contains("<a href=\"../new/index.html#step-9\">bad anchor</a>"))
        #expect(links.contains("<a href=\"../new/index.html#step-2\">chain</a>"), "chains end at the last target, with its fragment")
        #expect(links.contains("<a href=\"../new/index.html#step-2\">raw</a>"))
        #expect(links.contains("<a href=\"https://example.com/moved#there\">away</a>"))
        #expect(links.contains("kb-broken-link") && links.contains("loop</span>"), "a link into a cycle is not live")

        let warnings = report.diagnostics.filter { $0.location.path.hasSuffix("en-us/guide/links.md") }
        let redirected = warnings.filter { $0.code == "link-to-redirect" }
        #expect(redirected.map(\.location.line) == [3, 3, 3, 5, 5])
        #expect(redirected.first?.message.contains("`guide/new.md`") == true)
        #expect(redirected.first?.message.contains(".openpublishing.redirection.json:2") == true)
        #expect(warnings.contains { $0.code == "missing-anchor" && $0.message.contains("#step-9") })
        #expect(!warnings.contains { $0.code == "link-to-redirect" && $0.message.contains("xref") }, "an xref has nothing to update")
        let cycles = report.diagnostics.filter { $0.code == "redirect-cycle" }
        #expect(cycles.map(\.location.line) == [5, 6])
        // Across locales: ja-jp's anchor is its own explicit one, de-de (no article) lands on its fallback page.
        #expect(site.page("ja-jp/guide/legacy/index.html")?.contains("<a href=\"../new/index.html#step-2\">新</a>") == true)
        #expect(site.page("de-de/guide/links/index.html")?.contains("<a href=\"../new/index.html#step-2\">alt</a>") == true)
        #expect(report.diagnostics.contains { $0.code == "link-to-redirect" && $0.location.path.hasSuffix("ja-jp/guide/legacy.md") })
    }

    @Test func redirectPagesKeepTheFragmentAndCarryTheTargetsTitleAndLanguage() async throws {
        let site = try Fixture(Self.files)
        _ = try await site.build()
        let old = try #require(site.page("en-us/guide/old/index.html"))
        #expect(old.contains("<title>New guide"))
        #expect(old.contains("<html lang=\"en-US\""))
        #expect(old.contains("<meta http-equiv=\"refresh\" content=\"0; url=../new/index.html\">"))
        #expect(old.contains("location.replace(location.hash?t.split(\"#\")[0]+location.hash:t)"))
        #expect(site.page("en-us/guide/chain-1/index.html")?.contains("url=../new/index.html#step-2") == true, "chains collapse")
        // Every locale has the URL: ja-jp's redirect shows its own title, de-de's lands on a fallback in English.
        let ja = try #require(site.page("ja-jp/guide/old/index.html"))
        #expect(ja.contains("<title>新しいガイド") && ja.contains("<html lang=\"ja-JP\""))
        let de = try #require(site.page("de-de/guide/old/index.html"))
        #expect(de.contains("url=../new/index.html") && de.contains("<html lang=\"en-US\""))
        #expect(site.page("en-us/guide/loop-a/index.html") == nil, "a cycle makes no page")
    }

    @Test func chooserAlternatesTopicsAndTocNeverPointAtARedirect() async throws {
        let site = try Fixture(Self.files)
        let report = try await site.build()
        // ja-jp still has `legacy`; en-us and de-de redirect it to `new`.
        let legacy = try #require(site.page("ja-jp/guide/legacy/index.html"))
        #expect(legacy.contains("href=\"../../../en-us/guide/new/index.html\" lang=\"en-US\""))
        #expect(!legacy.contains("en-us/guide/legacy"))
        #expect(!legacy.contains("hreflang=\"x-default\""), "the default locale has no such article any more")
        let topic = try #require(site.page("en-us/topic/555/index.html"))
        #expect(topic.contains("url=../../guide/new/index.html"))
        // The toc entry for `old.md` lists the new article; the others are reported.
        #expect(site.page("en-us/guide/new/index.html")?.contains("<a href=\"index.html\"") == true)
        let toc = report.diagnostics.filter { $0.location.path.hasSuffix("toc.yml") }
        #expect(toc.map(\.code) == ["link-to-redirect", "link-outside-content", "broken-link"])
        #expect(toc.map(\.location.line) == [1, 3, 5])
        // A crawl of the whole site finds no link that lands on a redirect page and no dead link but the one
        // anchor the writer got wrong (reported as `missing-anchor`).
        var crawler = SiteCrawler(root: site.output)
        let problems = try crawler.problems()
        #expect(problems == ["en-us/guide/links/index.html: ../new/index.html#step-9 (no id step-9)"])
    }

    @Test func theCrawlerNoticesALinkToARedirectPage() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-crawl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("old"), withIntermediateDirectories: true)
        try Data("<a href=\"old/index.html\">x</a><a href=\"new.html\">y</a>".utf8).write(to: root.appendingPathComponent("index.html"))
        try Data("<a id=\"kb-redirect\" href=\"../new.html\">t</a>".utf8).write(to: root.appendingPathComponent("old/index.html"))
        try Data("<p>new</p>".utf8).write(to: root.appendingPathComponent("new.html"))
        var crawler = SiteCrawler(root: root.path)
        #expect(try crawler.problems() == ["index.html: old/index.html (lands on a redirect page)"])
    }
}

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KBProcess.executable), "kb executable not built"))
struct CheckCommandTests {
    let site: Fixture

    init() throws {
        site = try Fixture(["en-us/a.md": "# A\n\n[x](missing.md)\n", "en-us/b.md": "# B\n"])
    }

    func check(_ extra: [String]) throws -> (code: Int32, out: String, err: String) {
        try KBProcess.run(["check", "--content", site.content, "--templates", Fixture.defaultTemplates] + extra)
    }

    /// `kb check` runs every stage and writes nothing: run where a build would write (`site/` in the working
    /// directory, which already holds a published site), nothing there or beside it changes.
    @Test func checkWritesNothingAndWarningsKeepExitZero() throws {
        let published = site.root + "/site"
        try FileManager.default.createDirectory(atPath: published + "/en-us", withIntermediateDirectories: true)
        try Data("published".utf8).write(to: URL(fileURLWithPath: published + "/en-us/index.html"))
        let before = try Self.listing(site.root)
        let result = try KBProcess.run(["check", "--content", "content", "--templates", Fixture.defaultTemplates],
                                       directory: site.root)
        #expect(result.code == 0)
        #expect(result.err.contains("content/en-us/a.md:3:1: warning: article `missing.md` not found [broken-link]"))
        #expect(try Self.listing(site.root) == before, "check changed files where a build would write")
        #expect(FileManager.default.contents(atPath: published + "/en-us/index.html") == Data("published".utf8))
        // The same command as a build does write there: the comparison above can see a write.
        #expect(try KBProcess.run(["build", "--content", "content", "--templates", Fixture.defaultTemplates],
                                  directory: site.root).code == 0)
        // (Only the published page is compared: the build's detached removal of the old site may still be running.)
        #expect(FileManager.default.contents(atPath: published + "/en-us/index.html") != Data("published".utf8))
    }

    /// Every path below `root` with its size and modification time.
    static func listing(_ root: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: root).sorted().map { path in
            let attributes = try FileManager.default.attributesOfItem(atPath: root + "/" + path)
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(path) \(attributes[.size] ?? 0) \(modified)"
        }
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let result = try check(["--strict"])
        #expect(result.code == 1)
        #expect(result.err.contains(": error: article `missing.md` not found [broken-link]"))
    }

    @Test func githubAnnotations() throws {
        let result = try check(["--format", "github"])
        #expect(result.err.contains("::warning file=\(site.content)/en-us/a.md,line=3,col=1,title=broken-link::article `missing.md` not found"))
    }

    /// The Actions runner matches annotations to repository paths: a file under the working directory is named
    /// relative to it, even when `--content` is absolute.
    @Test func githubAnnotationsAreRelativeToTheWorkingDirectory() throws {
        let result = try KBProcess.run(["check", "--content", site.content, "--templates", Fixture.defaultTemplates,
                                        "--format", "github"], directory: site.root)
        #expect(result.err.contains("::warning file=content/en-us/a.md,line=3,col=1,title=broken-link::"), "\(result.err)")
    }

    @Test func jsonOnStandardOutput() throws {
        let result = try check(["--format", "json"])
        struct Report: Decodable {
            struct Entry: Decodable { let code, path, severity: String; let line, column: Int }
            let diagnostics: [Entry]
            let errors, warnings: Int
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.out.utf8))
        #expect(report.warnings == 1 && report.errors == 0)
        #expect(report.diagnostics.first?.code == "broken-link")
        #expect(report.diagnostics.first?.line == 3)
    }
}
