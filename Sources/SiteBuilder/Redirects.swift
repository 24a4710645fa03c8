import ContentDiscovery
import Foundation
import LinkResolution
import SiteModel

/// One entry of `.openpublishing.redirection.json`: a retired source path and where it now lives.
struct Redirect: Sendable {
    let locale: LocaleCode
    /// The retired article, relative to the locale folder (`AlchemyInsights/old.md`).
    let sourcePath: ArticlePath
    /// `/AlchemyInsights/new`, `new.md`, or an absolute URL.
    let target: String
    let location: SourceLocation
}

/// Reads redirection files (`{"redirections": [{"source_path": …, "redirect_url": …}]}`).
enum RedirectReader {
    private struct File: Decodable {
        struct Entry: Decodable {
            let source_path: String
            let redirect_url: String
        }
        let redirections: [Entry]
    }

    static func read(_ file: SourceFile) -> ([Redirect], [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: file.filePath) else {
            return ([], [.error("unreadable-file", at: SourceLocation(path: file.displayPath), "cannot read this file")])
        }
        let decoded: File
        do {
            decoded = try JSONDecoder().decode(File.self, from: data)
        } catch {
            return ([], [.error("redirect-syntax", at: SourceLocation(path: file.displayPath, line: 1, column: 1),
                                "invalid redirection file: \(error)")])
        }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let redirects = decoded.redirections.map { entry -> Redirect in
            // JSON has no positions; point at the line that names the source path.
            let line = (lines.firstIndex { $0.contains("\"\(entry.source_path)\"") } ?? 0) + 1
            var source = entry.source_path
            while source.hasPrefix("/") { source.removeFirst() }
            return Redirect(locale: file.locale, sourcePath: ArticlePath(source), target: entry.redirect_url,
                            location: SourceLocation(path: file.displayPath, line: line, column: 1))
        }
        return (redirects, [])
    }
}

extension PageRenderer {
    /// A redirect page at the retired article's URL. An article still at that URL wins, with a warning.
    func renderRedirect(_ redirect: Redirect, resolver: LinkResolver) -> (RenderedPage?, [Diagnostic]) {
        let permalink = Permalink.article(redirect.sourcePath, in: redirect.locale)
        if index.entry(at: permalink) != nil {
            return (nil, [.warning("redirect-shadowed", at: redirect.location,
                                   "`\(redirect.sourcePath)` still exists, so its redirect is ignored")])
        }
        let context = LinkContext(locale: redirect.locale, sourcePath: redirect.sourcePath, page: permalink,
                                  pageAnchors: [], displayPath: redirect.location.path)
        let link = resolver.resolve(redirect.target, isImage: false, at: redirect.location, in: context)
        guard let href = link.href else {
            let problem = link.diagnostic.map { "; \($0.message)" } ?? ""
            return (nil, [.warning("redirect-broken", at: redirect.location,
                                   "redirect target `\(redirect.target)` not found\(problem)")])
        }
        var chrome = chrome(for: permalink, locale: redirect.locale, title: link.title ?? redirect.target)
        chrome.canonicalURL = href.contains("://") ? href : nil
        return (RenderedPage(permalink: permalink, html: theme.render(.redirect(chrome, targetHref: href))), [])
    }
}
