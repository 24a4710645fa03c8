import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

/// Hostile text in every place a writer controls.
private let hostile = "<script>alert(1)</script>\"onmouseover=alert(2) x='</script>]]>"

/// Every file of a built site, by path.
private func allFiles(_ site: Fixture) throws -> [String: String] {
    var files: [String: String] = [:]
    for path in try FileManager.default.subpathsOfDirectory(atPath: site.output) {
        var isFolder: ObjCBool = false
        FileManager.default.fileExists(atPath: site.output + "/" + path, isDirectory: &isFolder)
        if !isFolder.boolValue, let text = site.page(path) { files[path] = text }
    }
    return files
}

@Suite struct SecurityTests {
    @Test func writerTextIsEscapedInHTMLAttributesJSONAndSnippets() async throws {
        let yaml = hostile.replacingOccurrences(of: "'", with: "''")
        let site = try Fixture([
            "kb.yml": "baseURL: https://kb.example.org\n",
            "en-us/toc.yml": "- name: '\(yaml)'\n  items:\n  - name: '\(yaml)'\n    href: a.md\n",
            "en-us/a.md": """
                ---
                title: '\(yaml)'
                description: '\(yaml)'
                ms.custom: '\(yaml)'
                ---
                # <script>alert(1)</script> heading

                ## \\"onmouseover=alert(2) ]]>

                ![\\<script>alert(1)\\</script> \\"onmouseover=alert(2)](media/a.png "\\"onmouseover=x")

                Body text about zeppelins \\<script>alert(3)\\</script>.

                """,
            "en-us/media/a.png": "PNG",
            "ja-jp/b.md": "# B\n",
        ])
        _ = try await site.build()
        let files = try allFiles(site)
        #expect(files["en-us/a/index.html"] != nil)
        for (path, text) in files {
            if path.hasSuffix(".html") || path.hasSuffix(".xml") {
                #expect(!text.contains("<script>alert"), "\(path): raw <script> from content")
                #expect(!text.contains("\"onmouseover="), "\(path): a quote from content closed an attribute")
                #expect(!text.contains("</script>]]>"), "\(path)")
            }
            if path.hasSuffix(".json") {
                #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "\(path) is not valid JSON")
            }
            if path.hasSuffix(".js"), path.contains("/search/") {
                #expect(!text.contains("</script"), "\(path): a search script must never close a script element")
            }
            if path.hasSuffix(".xml") {
                #expect(!text.contains("]]>"), "\(path)")
            }
        }
        let page = try #require(files["en-us/a/index.html"])
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("<h1 id=\"scriptalert1script-heading\">&lt;script&gt;alert(1)&lt;/script&gt; heading</h1>"),
                "a <script> written in Markdown is shown as text")
        #expect(page.contains("alt=\"&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=alert(2)\""))
        // The search index keeps the words, escaped for JSON; the page script escapes snippets before marking terms.
        let searchFiles = files.filter { $0.key.hasPrefix("en-us/search/") && $0.key.hasSuffix(".json") }.values.joined()
        #expect(searchFiles.contains("zeppelins"))
    }

    @Test func scriptURLsNeverBecomeLiveLinks() async throws {
        let site = try Fixture([
            "en-us/a.md": """
                # A

                [one](javascript:alert(1)) [two](JaVaScRiPt:alert(2)) [three](vbscript:msgbox(3))
                [four](data:text/html,<script>alert(4)</script>) [five](<  javascript:alert(5)>)
                <https://ok.example.org>

                <a href="&#106;avascript:alert(6)">six</a> <a href="javascript&colon;alert(7)">seven</a>
                <a href="jav&#x09;ascript:alert(8)">eight</a> <img src="data:text/html;base64,PHNjcmlwdD4=">

                <form action="javascript:alert(9)"><button formaction="vbscript:x">go</button></form>

                <svg><a xlink:href="javascript:alert(10)"><text>t</text></a></svg>

                """,
        ])
        let report = try await site.build()
        // Broken links keep their target as a tooltip (`title`, plain text); only live attributes matter here.
        let html = try #require(site.page("en-us/a/index.html")).lowercased()
            .replacingOccurrences(of: #"title="[^"]*""#, with: "", options: .regularExpression)
        for needle in ["javascript:", "vbscript:", "data:text/html", "&#106;avascript", "javascript&colon;", "jav&#x09;ascript"] {
            #expect(!html.contains(needle), "\(needle) survived")
        }
        #expect(html.contains("<a href=\"https://ok.example.org\">"))
        let unsafe = report.diagnostics.filter { $0.code == "unsafe-url" }
        #expect(unsafe.count >= 10, "\(report.diagnostics)")
        #expect(unsafe.allSatisfy { $0.location.line >= 3 && $0.severity == .error })
    }

    @Test func symlinksCannotReachOutsideTheContentFolder() async throws {
        let site = try Fixture([
            "en-us/a.md": "# A\n\n[!INCLUDE[x](includes/leak.md)]\n\n![i](media/leak.png)\n",
            "en-us/includes/ok.md": "fine\n",
        ])
        let secret = site.root + "/secret.txt"
        try Data("SECRET CONTENT".utf8).write(to: URL(fileURLWithPath: secret))
        try FileManager.default.createDirectory(atPath: site.content + "/en-us/media", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: site.content + "/en-us/includes/leak.md", withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(atPath: site.content + "/en-us/media/leak.png", withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(atPath: site.content + "/en-us/b.md", withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(atPath: site.content + "/en-us/outside", withDestinationPath: site.root)
        let report = try await site.build()
        let outside = report.diagnostics.filter { $0.code == "outside-content" }.map(\.location.path).sorted()
        #expect(outside == ["en-us/b.md", "en-us/includes/leak.md", "en-us/media/leak.png", "en-us/outside"].map { site.content + "/" + $0 })
        for (path, text) in try allFiles(site) {
            #expect(!text.contains("SECRET"), "\(path)")
        }
        #expect(site.page("en-us/media/leak.png") == nil)
        #expect(site.page("en-us/b/index.html") == nil)
    }

    @Test func safeModeDropsRawHTMLButKeepsAnchors() async throws {
        let site = try Fixture([
            "en-us/a.md": "# A\n\n<a name=\"legacy\"></a>\n\nText <b onclick=\"x()\">bold</b> [back](#legacy).\n\n<div><script>alert(1)</script></div>\n",
        ])
        var options = site.options()
        options.safe = true
        let report = try await BuildPipeline.run(options)
        let html = try #require(site.page("en-us/a/index.html"))
        #expect(!html.contains("onclick"))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<a id=\"legacy\"></a>"))
        #expect(html.contains("<a href=\"#legacy\">back</a>"))
        #expect(report.diagnostics.filter { $0.code == "raw-html-dropped" }.count == 3, "\(report.diagnostics)")
        // Without --safe the writer's HTML is kept (trusted writers).
        _ = try await site.build()
        let trusted = try #require(site.page("en-us/a/index.html"))
        #expect(trusted.contains("<b>bold</b>"), "event handlers are removed even from trusted HTML")
        #expect(trusted.contains("<div>"))
    }

    @Test func oversizedFilesAndFIFOsAreRefusedAndTheRestIsBuilt() async throws {
        let site = try Fixture([
            "en-us/big.md": "# Big\n\n" + String(repeating: "word ", count: 600),
            "en-us/small.md": "# Small\n",
        ])
        #expect(mkfifo(site.content + "/en-us/pipe.md", 0o644) == 0)
        var options = site.options()
        options.maxFileBytes = 2000
        let report = try await BuildPipeline.run(options)
        let codes = report.diagnostics.map { "\($0.code) \(URL(fileURLWithPath: $0.location.path).lastPathComponent)" }.sorted()
        #expect(codes == ["file-too-large big.md", "unreadable-file pipe.md"], "\(report.diagnostics)")
        #expect(report.diagnostics.first { $0.code == "unreadable-file" }?.message.contains("not a regular file") == true)
        #expect(site.page("en-us/small/index.html") != nil)
        #expect(site.page("en-us/big/index.html") == nil)
    }

    @Test func nothingIsWrittenOutsideTheOutputFolder() async throws {
        let site = try Fixture([
            "en-us/a.md": "# A\n",
            "en-us/.openpublishing.redirection.json": """
                {"redirections": [
                  {"source_path": "../../../../escaped.md", "redirect_url": "/en-us/a"},
                  {"source_path": "/../x/../../escaped2.md", "redirect_url": "/en-us/a"}
                ]}
                """,
        ])
        let before = Set(try FileManager.default.subpathsOfDirectory(atPath: site.root))
        _ = try await site.build()
        let after = Set(try FileManager.default.subpathsOfDirectory(atPath: site.root))
        let created = after.subtracting(before).filter { !$0.hasPrefix("site") }
        #expect(created.isEmpty, "\(created)")
        #expect(!FileManager.default.fileExists(atPath: "/escaped"))
    }

    @Test func theWriterRefusesPathsThatLeaveTheOutput() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-writer-\(UUID().uuidString)").path
        defer { SiteWriter.removeTree(root) }
        let writer = try SiteWriter(output: root + "/site")
        writer.enqueue([SiteFile(path: "../escape.txt", contents: .text("x"))])
        #expect(throws: BuildFailure.self) { _ = try writer.commit() }
        #expect(!FileManager.default.fileExists(atPath: root + "/escape.txt"))
    }

    /// `staysInside` refuses exactly the paths with an empty, `.` or `..` segment (the rule as a split states it), on
    /// crafted paths and 20,000 random ones made of the pieces either side of it.
    @Test func pathsInsideTheOutputAreThoseWithoutEmptyDotOrDotDotSegments() {
        func rule(_ path: String) -> Bool {
            !path.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." || $0 == ".." }
        }
        var paths = ["", "/", "a", "a/", "/a", "a//b", ".", "..", "...", "./a", "a/.", "a/..", "a/../b", "..a/b", "a/b..",
                     ".hidden/x", "ja-jp/トピック/index.html", "a/.../b", "en-us/topic/9002531/index.html"]
        let pieces = ["a", "é", "資格", ".", "..", "...", "/", "//", ".a", "a.", "index.html"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            paths.append((0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for path in paths { #expect(SiteWriter.staysInside(path) == rule(path), "\(path.debugDescription)") }
    }
}
