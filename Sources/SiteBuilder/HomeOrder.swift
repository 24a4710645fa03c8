import ContentDiscovery
import Foundation
import LinkResolution
import SiteModel

/// Reads a toc file as UTF-8 and parses it.
enum TocReader {
    static func read(_ file: SourceFile) -> (LocaleToc, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: file.filePath),
              let text = String(data: data, encoding: .utf8) else {
            return (LocaleToc(locale: file.locale, toc: TableOfContents(folder: "", entries: []), depth: 0),
                    [.error("unreadable-file", at: SourceLocation(path: file.displayPath), "cannot read this toc as UTF-8")])
        }
        let (parsed, diagnostics) = TableOfContents.parse(text, file: file)
        return (toc(file, entries: parsed.entries), diagnostics)
    }

    /// The toc of `file` with these entries (parsed now, or by an earlier build).
    static func toc(_ file: SourceFile, entries: [TocEntry]) -> LocaleToc {
        LocaleToc(locale: file.locale, toc: TableOfContents(file: file, entries: entries), depth: file.path.value.split(separator: "/").count)
    }
}

struct LocaleToc: Sendable {
    let locale: LocaleCode
    let toc: TableOfContents
    /// Folder depth of the toc file: the shallowest toc orders first.
    let depth: Int
}

/// The order of a locale home: articles as the toc files list them (shallowest toc first), then the rest by title.
struct HomeOrder {
    private var rank: [LocaleCode: [String: Int]] = [:]

    init(tocs: [LocaleToc]) {
        for entry in tocs.sorted(by: { ($0.depth, $0.toc.folder) < ($1.depth, $1.toc.folder) }) {
            var ranks = rank[entry.locale] ?? [:]
            for path in entry.toc.orderedArticlePaths() where ranks[path.lowercased()] == nil {
                ranks[path.lowercased()] = ranks.count
            }
            rank[entry.locale] = ranks
        }
    }

    func sorted(_ entries: [IndexEntry]) -> [IndexEntry] {
        let ranks = entries.first.flatMap { rank[$0.locale] } ?? [:]
        return entries.sorted { a, b in
            let ra = ranks[a.path.value.lowercased()] ?? Int.max
            let rb = ranks[b.path.value.lowercased()] ?? Int.max
            if ra != rb { return ra < rb }
            return (a.title.lowercased(), a.title, a.path) < (b.title.lowercased(), b.title, b.path)
        }
    }

    /// True when the tocs order fewer than half of these articles (none, or a stub listing an index page): the home
    /// then groups them by front matter instead (`home.groupBy`).
    func leavesUnordered(_ entries: [IndexEntry]) -> Bool {
        let ranks = entries.first.flatMap { rank[$0.locale] } ?? [:]
        return entries.filter { ranks[$0.path.value.lowercased()] != nil }.count * 2 < entries.count
    }
}
