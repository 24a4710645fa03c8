import ContentDiscovery
import Foundation
import LinkResolution
import SiteModel
import Templating

/// Reads redirection files (`{"redirections": [{"source_path": …, "redirect_url": …}]}`) into rules for the index.
enum RedirectReader {
    private struct File: Decodable {
        struct Entry: Decodable {
            let source_path: String
            let redirect_url: String
        }
        let redirections: [Entry]
    }

    static func read(_ file: SourceFile) -> ([RedirectRule], [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: file.filePath) else {
            return ([], [.error("unreadable-file", at: SourceLocation(path: file.displayPath), "cannot read this file")])
        }
        let decoded: File
        do {
            decoded = try JSONDecoder().decode(File.self, from: data)
        } catch {
            return ([], [.error("redirect-syntax", at: SourceLocation(path: file.displayPath, line: 1, column: 1),
                                "invalid redirection file: \(Diagnostic.oneLine("\(error)"))")])
        }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let rules = decoded.redirections.map { entry -> RedirectRule in
            // JSON has no positions; point at the line that names the source path.
            let line = (lines.firstIndex { $0.contains("\"\(entry.source_path)\"") } ?? 0) + 1
            var source = entry.source_path
            while source.hasPrefix("/") { source.removeFirst() }
            return RedirectRule(locale: file.locale, sourcePath: ArticlePath(source), target: entry.redirect_url,
                                location: SourceLocation(path: file.displayPath, line: line, column: 1))
        }
        return (rules, [])
    }

    /// Every rule of the given redirection files, with the problems of reading them.
    static func readAll(_ files: [SourceFile]) -> ([RedirectRule], [Diagnostic]) {
        let results = files.map(read)
        return (results.flatMap(\.0), results.flatMap(\.1))
    }
}

extension PageRenderer {
    /// The redirect page of `locale` at `key`: straight to the page readers finally land on (chains followed), with
    /// the title and language of the article there, and the reader's `#fragment` kept by a one-line script.
    /// Problems of the rule are reported once, on the rule's own locale.
    func redirectPage(key: [String], locale: LocaleCode, rule: RedirectRule, resolver: LinkResolver) -> (Page?, [Diagnostic]) {
        let permalink = Permalink(segments: [locale.urlSegment] + key)
        let reports = locale == rule.locale
        let href: String
        var title = rule.target
        var lang = locale
        switch index.follow(key: key, for: locale) {
        case .article(let finalKey, let entry, let fragment, _):
            href = permalink.href(to: Permalink(segments: [locale.urlSegment] + finalKey)) + (fragment.map { "#" + $0 } ?? "")
            title = entry.title
            lang = entry.locale
        case .link(let raw, let last, _):
            var context = LinkContext(locale: locale, sourcePath: last.sourcePath, page: permalink, pageAnchors: [],
                                      displayPath: last.location.path)
            context.checksPageAnchors = false
            let link = resolver.resolve(raw, isImage: false, at: last.location, in: context)
            guard let resolved = link.href else {
                let problem = link.diagnostic.map { "; \($0.message)" } ?? ""
                return (nil, reports && last == rule ? [.warning("redirect-broken", at: last.location,
                                                                 "redirect target `\(raw)` not found\(problem)")] : [])
            }
            href = resolved
            title = link.title ?? raw
        case .cycle, .tooLong, .missing:
            // Reported by the index, once per rule.
            return (nil, [])
        }
        var chrome = chrome(for: permalink, locale: locale, title: title)
        (chrome.lang, chrome.dir) = (lang.tag, lang.direction)
        chrome.canonicalURL = href.contains("://") ? href : nil
        return (.redirect(chrome, targetHref: href), [])
    }
}
