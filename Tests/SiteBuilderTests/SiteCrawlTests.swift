import Foundation
import Testing
@testable import SiteBuilder

/// Crawls a built site: every internal `href` and `src` must name a file of the output, and every `#fragment` an
/// `id` on the target page. Runs on the real corpus when present and always on the sample site.
struct SiteCrawler {
    let root: URL
    private var ids: [String: Set<String>] = [:]

    init(root: String) {
        self.root = URL(fileURLWithPath: root)
    }

    /// Problems as `page: reference (why)`.
    mutating func problems() throws -> [String] {
        let pages = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".html") }.sorted()
        var problems: [String] = []
        for page in pages {
            let html = try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)
            for reference in Self.attributeValues(["href", "src"], in: html) where Self.isInternal(reference) {
                let (path, fragment) = Self.split(reference)
                let base = root.appendingPathComponent(page).deletingLastPathComponent()
                var target = path.isEmpty ? root.appendingPathComponent(page) : base.appendingPathComponent(path).standardizedFileURL
                // Site-root paths (404 pages use them: servers show those at any address) resolve as a server would.
                if path.hasPrefix("/") {
                    target = root.appendingPathComponent(String(path.dropFirst()) + (path.hasSuffix("/") ? "index.html" : ""))
                }
                guard target.path.hasPrefix(root.standardizedFileURL.path),
                      FileManager.default.fileExists(atPath: target.path) else {
                    problems.append("\(page): \(reference) (no such file)")
                    continue
                }
                if let fragment, !fragment.isEmpty, target.pathExtension == "html",
                   !(try ids(of: target)).contains(fragment) {
                    problems.append("\(page): \(reference) (no id \(fragment))")
                }
                // kb links straight to where a redirect lands; only topic IDs redirect on purpose.
                let relative = String(target.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
                if !Self.isRedirect(page: page, html), target.pathExtension == "html", !relative.contains("/topic/"),
                   try isRedirect(target) {
                    problems.append("\(page): \(reference) (lands on a redirect page)")
                }
            }
        }
        return problems
    }

    private var redirects: [String: Bool] = [:]

    /// True for a page that only forwards (kb's `redirect` template marks its link `id="kb-redirect"`).
    private mutating func isRedirect(_ page: URL) throws -> Bool {
        if let known = redirects[page.path] { return known }
        let html = try String(contentsOf: page, encoding: .utf8)
        redirects[page.path] = Self.isRedirect(page: page.path, html)
        return redirects[page.path]!
    }

    static func isRedirect(page: String, _ html: String) -> Bool {
        html.contains("id=\"kb-redirect\"")
    }

    private mutating func ids(of page: URL) throws -> Set<String> {
        if let known = ids[page.path] { return known }
        let html = try String(contentsOf: page, encoding: .utf8)
        let found = Set(Self.attributeValues(["id"], in: html))
        ids[page.path] = found
        return found
    }

    static func attributeValues(_ names: [String], in html: String) -> [String] {
        var values: [String] = []
        for name in names {
            var rest = html[...]
            let marker = " \(name)=\""
            while let start = rest.range(of: marker) {
                let after = rest[start.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                values.append(decodeEntities(String(after[..<end])))
                rest = after[end...]
            }
        }
        return values
    }

    /// Decodes the entities kb and Mustache write in attributes: named `&quot; &lt; &gt; &amp;` and numeric ones.
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = s[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let name = rest[rest.index(after: amp)..<semicolon]
            let named = ["quot": "\"", "lt": "<", "gt": ">", "amp": "&", "apos": "'"]
            if let value = named[String(name)] {
                out += value
            } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16),
                      let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
            } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
            } else {
                out += rest[amp...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }

    static func isInternal(_ reference: String) -> Bool {
        !(reference.contains("://") || reference.hasPrefix("//") || reference.hasPrefix("mailto:")
            || reference.hasPrefix("data:") || reference.hasPrefix("ms-settings:") || reference.hasPrefix("tel:"))
    }

    static func split(_ reference: String) -> (String, String?) {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0].prefix { $0 != "?" })
        let fragment = parts.count > 1 ? String(parts[1]) : nil
        return (path.removingPercentEncoding ?? path, fragment.map { $0.removingPercentEncoding ?? $0 })
    }
}

@Suite struct SiteCrawlTests {
    @Test func sampleSiteHasNoDeadInternalReference() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-crawl-\(UUID().uuidString)").path
        _ = try await BuildPipeline.run(BuildOptions(
            contentDirectory: Fixture.repository.appendingPathComponent("content").path,
            templatesDirectory: Fixture.defaultTemplates, outputDirectory: output))
        var crawler = SiteCrawler(root: output)
        let problems = try crawler.problems()
        #expect(problems.isEmpty, "\(problems.prefix(20))")
        try? FileManager.default.removeItem(atPath: output)
    }

    @Test(.enabled(if: CorpusIntegrationTests.present, "../shared/corpus/alchemy is absent: corpus crawl skipped"))
    func corpusSiteHasNoDeadInternalReference() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-crawl-\(UUID().uuidString)").path
        _ = try await BuildPipeline.run(BuildOptions(
            contentDirectory: CorpusIntegrationTests.corpus, templatesDirectory: Fixture.defaultTemplates,
            outputDirectory: output))
        var crawler = SiteCrawler(root: output)
        let problems = try crawler.problems()
        #expect(problems.isEmpty, "\(problems.prefix(20))")
        try? FileManager.default.removeItem(atPath: output)
    }

    @Test func crawlerNoticesADeadLinkAndAMissingFragment() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-crawl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("a"), withIntermediateDirectories: true)
        try Data("<a href=\"../b/index.html\">x</a><a href=\"#here\">y</a><p id=\"there\"></p>".utf8)
            .write(to: root.appendingPathComponent("a/index.html"))
        var crawler = SiteCrawler(root: root.path)
        #expect(try crawler.problems() == ["a/index.html: ../b/index.html (no such file)", "a/index.html: #here (no id here)"])
    }
}
