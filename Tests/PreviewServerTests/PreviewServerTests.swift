import Foundation
import Hummingbird
import HummingbirdTesting
import SiteBuilder
import SiteModel
import Testing
@testable import PreviewServer

/// A small site on disk, with its own copy of the default theme, served by a `PreviewServer` over a `PreviewSite`.
struct ServedSite {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let root: String
    var content: String { root + "/content" }
    var templates: String { root + "/templates" }

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ServedSite.repository.appendingPathComponent("templates").path, toPath: templates)
        for (path, text) in files { try write(path, text) }
    }

    /// Writes in place (truncate and write), as most editors save.
    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: content + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func server(port: Int = 0) async throws -> PreviewServer {
        let options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: "", jobs: 2)
        let site = try await PreviewSite.open(options, live: .init(scriptURL: PreviewServer.scriptURL, eventsURL: PreviewServer.eventsURL))
        return PreviewServer(
            .init(host: "127.0.0.1", port: port, watchedFolders: [content, templates], servedFolders: [content, templates]),
            lookup: { await site.file(at: $0) }, rebuild: { await site.apply($0) })
    }

    static let sample: [String: String] = [
        "en-us/a.md": "---\ntitle: Alpha\n---\n# Alpha\n\nFirst text.\n\n![Logo](media/logo.png)\n",
        "en-us/media/logo.png": "PNG bytes",
        "ja-jp/a.md": "---\ntitle: アルファ\n---\n# アルファ\n\n本文。\n",
    ]
}

@Suite struct PreviewServerRequestTests {
    @Test func servesPagesWithContentTypesAndTheLiveReloadScript() async throws {
        let site = try ServedSite(ServedSite.sample)
        let app = try await site.server().application()
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/en-us/a/", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            #expect(html.contains("First text."))
            #expect(html.contains("<script src=\"/_kb/live.js\" data-events=\"/_kb/events\" data-page=\"/en-us/a/\" defer></script>"))
            let css = try await client.execute(uri: "/assets/kb.css", method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            let image = try await client.execute(uri: "/en-us/media/logo.png", method: .get)
            #expect(image.headers[.contentType] == "image/png")
            #expect(String(buffer: image.body) == "PNG bytes")
            let script = try await client.execute(uri: "/_kb/live.js", method: .get)
            #expect(String(buffer: script.body).contains("EventSource"))
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.status == .ok)
            let unicode = try await client.execute(uri: "/ja-jp/a/index.html", method: .get)
            #expect(String(buffer: unicode.body).contains("本文。"))
        }
    }

    @Test func folderWithoutSlashRedirectsAndMissingPagesGetTheLocale404() async throws {
        let site = try ServedSite(ServedSite.sample)
        let app = try await site.server().application()
        try await app.test(.router) { client in
            let folder = try await client.execute(uri: "/en-us/a", method: .get)
            #expect(folder.status == .movedPermanently)
            #expect(folder.headers[.location] == "/en-us/a/")
            let missing = try await client.execute(uri: "/ja-jp/nothing-here/", method: .get)
            #expect(missing.status == .notFound)
            let body = String(buffer: missing.body)
            #expect(body.contains("<html lang=\"ja-JP\""))
            #expect(body.contains("ページが見つかりません"))
            #expect(body.contains("href=\"/assets/kb.css\""), "404 pages link from the site root")
            let post = try await client.execute(uri: "/en-us/a/", method: .post)
            #expect(post.status == .methodNotAllowed)
        }
    }

    @Test func escapeAttemptsGet404() async throws {
        let site = try ServedSite(ServedSite.sample)
        // A resource that is a symlink to a file outside the content folder.
        let outside = site.root + "/secret.png"
        try Data("SECRET".utf8).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createSymbolicLink(atPath: site.content + "/en-us/media/leak.png", withDestinationPath: outside)
        let app = try await site.server().application()
        try await app.test(.router) { client in
            for uri in ["/../secret.png", "/%2e%2e/secret.png", "/en-us/..%2f..%2fsecret.png", "/en-us/media/leak.png",
                        "/assets/..%5c..%5csecret.png", "/en-us/%00/a/", "/./en-us/a/", "/content/en-us/a.md", "/templates/layout.mustache"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
                #expect(!String(buffer: response.body).contains("SECRET"), "\(uri)")
            }
        }
    }

    /// The server's own guard, whatever the site hands it: a file copied from outside the served folders is a 404.
    @Test func filesOutsideTheServedFoldersAreNeverSent() async throws {
        let site = try ServedSite(ServedSite.sample)
        let outside = site.root + "/secret.png"
        try Data("SECRET".utf8).write(to: URL(fileURLWithPath: outside))
        let inside = site.content + "/en-us/media/logo.png"
        let server = PreviewServer(
            .init(watchedFolders: [], servedFolders: [site.content]),
            lookup: { path in
                switch path {
                case "leak.png": SiteFile(path: path, contents: .copy(from: outside))
                case "logo.png": SiteFile(path: path, contents: .copy(from: inside))
                default: nil
                }
            },
            rebuild: { _ in SiteChange(pages: [], diagnostics: [], summary: "") })
        try await server.application().test(.router) { client in
            let leak = try await client.execute(uri: "/leak.png", method: .get)
            #expect(leak.status == .notFound)
            #expect(!String(buffer: leak.body).contains("SECRET"))
            #expect(String(buffer: try await client.execute(uri: "/logo.png", method: .get).body) == "PNG bytes")
        }
    }

    @Test func sitePathRefusesDotSegmentsAndBackslashes() {
        #expect(SitePath.resolve("/") == "index.html")
        #expect(SitePath.resolve("/ja-jp/a/") == "ja-jp/a/index.html")
        #expect(SitePath.resolve("/ja-jp/%E8%B3%87%E6%A0%BC/") == "ja-jp/資格/index.html")
        #expect(SitePath.resolve("/a/../b") == nil)
        #expect(SitePath.resolve("/a/%2E%2E/b") == nil)
        #expect(SitePath.resolve("/a\\..\\b") == nil)
        #expect(SitePath.resolve("relative") == nil)
    }

    @Test func editThroughTheServerChangesThePageAndABrokenEditShowsTheOverlay() async throws {
        let site = try ServedSite(ServedSite.sample)
        let server = try await site.server()
        let app = server.application()
        try await app.test(.router) { client in
            try site.write("en-us/a.md", "---\ntitle: Alpha\n---\n# Alpha\n\nSecond text.\n")
            let change = await server.applyChanges([site.content + "/en-us/a.md"])
            #expect(change.pages == ["/en-us/a/"])
            #expect(String(buffer: try await client.execute(uri: "/en-us/a/", method: .get).body).contains("Second text."))

            try site.write("en-us/a.md", "---\ntitle: Alpha\nms.custom: [oops\n---\n# Alpha\n\nThird text.\n")
            await server.applyChanges([site.content + "/en-us/a.md"])
            let broken = String(buffer: try await client.execute(uri: "/en-us/a/", method: .get).body)
            #expect(broken.contains("Second text."), "the last good version stays served")
            #expect(broken.contains("id=\"kb-overlay\""))
            #expect(broken.contains("<code>\(site.content)/en-us/a.md:4:1</code>"))
        }
    }

    @Test func reloadEventsNameTheChangedPages() async throws {
        let broadcaster = ReloadBroadcaster()
        var events = await broadcaster.subscribe().makeAsyncIterator()
        await broadcaster.publish(SiteChange(pages: ["/ja-jp/a/", "/en-us/a/"], diagnostics: [], summary: ""))
        await broadcaster.publish(SiteChange(pages: [], diagnostics: [], summary: ""))
        await broadcaster.publish(SiteChange(pages: nil, diagnostics: [], summary: ""))
        #expect(await events.next() == "event: reload\ndata: {\"generation\":1,\"pages\":[\"/en-us/a/\",\"/ja-jp/a/\"]}\n\n")
        #expect(await events.next() == "event: reload\ndata: {\"generation\":2,\"pages\":\"*\"}\n\n", "an empty change sends nothing")
        await broadcaster.close()
        #expect(await events.next() == nil)
    }
}
