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

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KBProcess.executable), "kb executable not built"))
struct CheckCommandTests {
    let site: Fixture

    init() throws {
        site = try Fixture(["en-us/a.md": "# A\n\n[x](missing.md)\n", "en-us/b.md": "# B\n"])
    }

    func check(_ extra: [String]) throws -> (code: Int32, out: String, err: String) {
        try KBProcess.run(["check", "--content", site.content, "--templates", Fixture.defaultTemplates] + extra)
    }

    @Test func checkWritesNothingAndWarningsKeepExitZero() throws {
        let result = try check([])
        #expect(result.code == 0)
        #expect(result.err.contains("\(site.content)/en-us/a.md:3:1: warning: article `missing.md` not found [broken-link]"))
        #expect(!FileManager.default.fileExists(atPath: site.output))
        #expect(!FileManager.default.fileExists(atPath: "site-should-not-exist"))
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
