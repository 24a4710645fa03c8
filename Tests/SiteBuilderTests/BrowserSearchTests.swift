import Foundation
import Testing
@testable import SiteBuilder

/// Test tools that `make test` installs. Run alone (`swift test`), a test whose tool is missing is skipped with a
/// message; under `make test` (`KB_QA_REQUIRE_TOOLS=1`) it runs and fails, so a broken install cannot pass as green.
enum TestTools {
    static let required = ProcessInfo.processInfo.environment["KB_QA_REQUIRE_TOOLS"] == "1"

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }
}

/// Headless Chromium (Debian `chromium`, installed by `make test`) runs the built sample site's search page.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// True when browser tests run: Chromium is there, or `make test` requires it (and they fail without it).
    static let runs = path != nil || TestTools.required

    /// The DOM after the page's scripts ran, and Chromium's log (console messages included).
    static func dumpDOM(_ url: String) throws -> (dom: String, log: String) {
        guard let path else { throw TestTools.Missing(description: "chromium is not installed; `make test-deps` installs it") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--allow-file-access-from-files", "--enable-logging=stderr", "--v=0",
                             "--virtual-time-budget=10000", "--dump-dom", url]
        // Files, not pipes: Chromium's helper processes inherit the descriptors and may outlive the browser, so a
        // pipe would never reach end-of-file.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kb-chromium-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: scratch.path + ".dom", contents: nil)
        FileManager.default.createFile(atPath: scratch.path + ".log", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: scratch.path + ".dom")
            try? FileManager.default.removeItem(atPath: scratch.path + ".log")
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path + ".dom"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path + ".log"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let dom = try String(contentsOfFile: scratch.path + ".dom", encoding: .utf8)
        let log = (try? String(contentsOfFile: scratch.path + ".log", encoding: .utf8)) ?? ""
        return (dom, log)
    }

    /// The hrefs of `<ol id="search-results">`'s links, best first.
    static func resultLinks(in dom: String) -> [String] {
        guard let list = dom.range(of: "<ol id=\"search-results\""),
              let open = dom.range(of: ">", range: list.upperBound..<dom.endIndex),
              let end = dom.range(of: "</ol>", range: open.upperBound..<dom.endIndex) else { return [] }
        return SiteCrawler.attributeValues(["href"], in: String(dom[open.upperBound..<end.lowerBound]))
    }

    /// Console errors and uncaught exceptions from the log.
    static func consoleErrors(in log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter {
            $0.contains("Uncaught") || ($0.contains("CONSOLE") && ($0.contains("rror") || $0.contains("ERROR")))
        }
    }
}

@Suite(.enabled(if: Chromium.runs, "chromium is not installed (make test installs it): browser tests skipped"),
       .serialized)
struct BrowserSearchTests {
    /// Builds the sample site into a new folder (a build takes well under a second); a low `shardThreshold` shards
    /// every locale's search index, as a large site's is.
    static func buildSample(shardThreshold: Int? = nil) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-browser-\(UUID().uuidString)").path
        var options = BuildOptions(
            contentDirectory: Fixture.repository.appendingPathComponent("content").path,
            templatesDirectory: Fixture.defaultTemplates, outputDirectory: output)
        if let shardThreshold { options.searchShardThreshold = shardThreshold }
        _ = try await BuildPipeline.run(options)
        return output
    }

    /// True when something listens on 127.0.0.1:`port` (a plain TCP connect).
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    static func searchURL(_ locale: String, _ query: String, base: String) -> String {
        let q = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        return base + "/\(locale)/search/index.html?q=\(q)"
    }

    @Test(arguments: [
        ("ja-jp", "パスワード リセット", "sign-in/reset-your-password/"),
        ("zh-cn", "重置密码", "sign-in/reset-your-password/"),
        ("de-de", "Kennwort zurücksetzen", "sign-in/reset-your-password/"),
        ("ar-sa", "مزامنة البريد", "mail/mail-not-syncing/"),
        ("en-us", "0x80070005", "sync-client/error-0x80070005/"),
        ("en-us", "passwrod", "sign-in/reset-your-password/"),
    ])
    func queryFindsTheExpectedArticleFirstFromFileURL(_ locale: String, _ query: String, _ expected: String) async throws {
        let site = try await Self.buildSample()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let (dom, log) = try Chromium.dumpDOM(Self.searchURL(locale, query, base: "file://" + site))
        let first = try #require(Chromium.resultLinks(in: dom).first, "no results for \(query); log: \(log.suffix(500))")
        #expect(first.contains(expected), "\(first)")
        #expect(Chromium.consoleErrors(in: log).isEmpty, "\(Chromium.consoleErrors(in: log))")
    }

    /// A sharded index opened from `file://` loads its shards and document chunks from their offline parts.
    @Test(arguments: [("ja-jp", "パスワード リセット", "sign-in/reset-your-password/"),
                      ("en-us", "0x80070005", "sync-client/error-0x80070005/")])
    func shardedIndexWorksFromFileURL(_ locale: String, _ query: String, _ expected: String) async throws {
        let site = try await Self.buildSample(shardThreshold: 50)
        defer { try? FileManager.default.removeItem(atPath: site) }
        let search = try FileManager.default.contentsOfDirectory(atPath: site + "/\(locale)/search")
        #expect(search.contains { $0.hasPrefix("offline-") } && search.contains { $0.hasPrefix("terms-") }, "\(search)")
        #expect(!search.contains { $0.hasPrefix("terms-") && $0.hasSuffix(".js") }, "offline parts, no script per shard")
        let (dom, log) = try Chromium.dumpDOM(Self.searchURL(locale, query, base: "file://" + site))
        let first = try #require(Chromium.resultLinks(in: dom).first, "no results for \(query); log: \(log.suffix(500))")
        #expect(first.contains(expected), "\(first)")
        #expect(Chromium.consoleErrors(in: log).isEmpty, "\(Chromium.consoleErrors(in: log))")
    }

    /// The seed article's own knowledge base, built as a new user would: no kb.yml, every article ROBOTS NOINDEX.
    /// A reader's query on the ja-JP search page finds the seed article in the top 3, in a real browser.
    @Test(.enabled(if: CorpusIntegrationTests.present, "../shared/corpus/alchemy is absent: corpus browser search skipped"),
          arguments: [
              ("ja-jp", "資格情報の問題", "alchemyinsights/issues-with-credentials/"),
              ("ja-jp", "アプリの資格情報をリセットしたい", "alchemyinsights/issues-with-credentials/"),
              ("de-de", "Anmeldeinformatoinen", "alchemyinsights/issues-with-credentials/"),
          ])
    func corpusWithoutConfigurationFindsTheSeedArticle(_ locale: String, _ query: String, _ expected: String) async throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("kb-browser-corpus-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: site) }
        #expect(!FileManager.default.fileExists(atPath: CorpusIntegrationTests.corpus + "/kb.yml"))
        _ = try await BuildPipeline.run(BuildOptions(
            contentDirectory: CorpusIntegrationTests.corpus, templatesDirectory: Fixture.defaultTemplates, outputDirectory: site))
        let (dom, log) = try Chromium.dumpDOM(Self.searchURL(locale, query, base: "file://" + site))
        let top = Array(Chromium.resultLinks(in: dom).prefix(3))
        #expect(top.contains { $0.contains(expected) }, "\(query): \(top); log: \(log.suffix(300))")
        #expect(Chromium.consoleErrors(in: log).isEmpty, "\(Chromium.consoleErrors(in: log))")
    }

    @Test func queryParameterWorksOverHTTP() async throws {
        let site = try await Self.buildSample()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let port = 18_000 + Int.random(in: 0..<2000)
        server.arguments = ["python3", "-u", "-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", site]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        server.standardInput = FileHandle.nullDevice
        try server.run()
        // SIGKILL: a child spawned from a test thread may inherit a mask that blocks SIGTERM.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        // Readiness, not timing: retry the first request until the server listens (at most 200 × 50 ms).
        var ready = false
        for _ in 0..<200 where !ready {
            ready = Self.accepts(port: port)
            if !ready { usleep(50_000) }
        }
        try #require(ready, "test server did not start")
        let (dom, log) = try Chromium.dumpDOM(Self.searchURL("en-us", "reset password", base: "http://127.0.0.1:\(port)"))
        let first = try #require(Chromium.resultLinks(in: dom).first)
        #expect(first.contains("sign-in/reset-your-password/"))
        #expect(Chromium.consoleErrors(in: log).isEmpty, "\(Chromium.consoleErrors(in: log))")
    }
}
