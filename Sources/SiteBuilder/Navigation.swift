import Foundation
import ContentDiscovery
import LinkResolution
import SiteModel
import Templating

/// The navigation tree of each toc file, resolved once, and the per-page view of it: the top level, the branch
/// leading to the page (siblings windowed so a 10,000-entry section does not make every page 10,000 links long),
/// and breadcrumbs. Output stays linear in the number of pages.
struct Navigation: Sendable {
    struct Node: Sendable {
        let name: String
        /// Translation key of the article the entry links to, when it links to one.
        let key: [String]?
        let children: [Node]
    }

    private struct Tree: Sendable {
        let folder: [String]
        let roots: [Node]
        /// Index path of the first entry for each article key.
        let paths: [[String]: [Int]]
    }

    /// A toc's tree, resolved on first use: a build that renders a few pages resolves only their tocs.
    private final class LazyTree: @unchecked Sendable {
        let folder: [String]
        private let toc: LocaleToc
        private let index: SiteIndex
        private let lock = NSLock()
        private var built: (tree: Tree, diagnostics: [Diagnostic])?

        init(toc: LocaleToc, index: SiteIndex) {
            self.toc = toc
            self.index = index
            folder = toc.toc.folder.split(separator: "/").map { Permalink.slug(String($0)) }
        }

        var resolved: (tree: Tree, diagnostics: [Diagnostic]) {
            lock.withLock {
                if let built { return built }
                var problems: [Diagnostic] = []
                let roots = Navigation.nodes(toc.toc.entries, toc: toc.toc, locale: toc.locale, index: index, diagnostics: &problems)
                var paths: [[String]: [Int]] = [:]
                Navigation.collectPaths(roots, prefix: [], into: &paths)
                built = (Tree(folder: folder, roots: roots, paths: paths), problems)
                return built!
            }
        }
    }

    /// Each locale's trees, deepest folder first.
    private let trees: [LocaleCode: [LazyTree]]
    /// How many siblings to show on each side of the open entry.
    let window: Int
    /// Toc entries that name no article, climb above the locale folder, or go through a redirect.
    let diagnostics: [Diagnostic]

    /// The navigation of `tocs` over `index`. Every tree is resolved now, in parallel, to find the problems of toc
    /// entries, unless the caller knows them (`knownDiagnostics`, from the build cache under the same site shape):
    /// then each tree is resolved when a page first needs it.
    init(tocs: [LocaleToc], index: SiteIndex, window: Int = 8, jobs: Int = 1, knownDiagnostics: [Diagnostic]? = nil) {
        // DocFX breadcrumb tocs describe the site above this one, not navigation within it.
        let navigating = tocs.filter { $0.toc.folder.split(separator: "/").last?.lowercased() != "breadcrumb" }
        let lazy = navigating.map { LazyTree(toc: $0, index: index) }
        var trees: [LocaleCode: [LazyTree]] = [:]
        for (toc, tree) in zip(navigating, lazy) { trees[toc.locale, default: []].append(tree) }
        self.trees = trees.mapValues { $0.sorted { $0.folder.count > $1.folder.count } }
        self.window = window
        if let knownDiagnostics {
            diagnostics = knownDiagnostics
        } else {
            // One tree per toc, in parallel: a large site's tocs list tens of thousands of entries.
            diagnostics = parallelMap(lazy, jobs: jobs) { $0.resolved.diagnostics }.flatMap { $0 }
        }
    }

    fileprivate static func nodes(
        _ entries: [TocEntry], toc: TableOfContents, locale: LocaleCode, index: SiteIndex, diagnostics: inout [Diagnostic]
    ) -> [Node] {
        var result: [Node] = []
        for entry in entries {
            var key: [String]?
            if let href = entry.href {
                key = Self.key(of: href, line: entry.line, toc: toc, locale: locale, index: index, diagnostics: &diagnostics)
            }
            let children = nodes(entry.items, toc: toc, locale: locale, index: index, diagnostics: &diagnostics)
            result.append(Node(name: entry.name, key: key, children: children))
        }
        return result
    }

    /// The translation key of the page an href leads to, through redirects, as links resolve them.
    private static func key(
        of href: String, line: Int, toc: TableOfContents, locale: LocaleCode, index: SiteIndex, diagnostics: inout [Diagnostic]
    ) -> [String]? {
        let location = SourceLocation(path: toc.displayPath, line: line, column: 1)
        switch toc.target(of: href) {
        case .other:
            return nil
        case .aboveRoot:
            diagnostics.append(.error("link-outside-content", at: location, "toc entry `\(href)` points outside the content folder"))
            return nil
        case .article(let path):
            let candidate = Array(Permalink.article(ArticlePath(path), in: locale).segments.dropFirst())
            switch index.follow(key: candidate, for: locale) {
            case .article(let key, let entry, _, let via):
                if let rule = via.last {
                    diagnostics.append(.warning("link-to-redirect", at: location,
                                                "toc entry `\(href)` is redirected to `\(entry.path)` by \(rule.location); list that article instead"))
                }
                return key
            case .missing:
                var message = "toc entry `\(href)` names no article"
                if let suggestion = index.closestKey(to: candidate) { message += "; did you mean `\(suggestion)`?" }
                diagnostics.append(.warning("broken-link", at: location, message))
                return nil
            case .link, .cycle, .tooLong:
                diagnostics.append(.warning("broken-link", at: location, "toc entry `\(href)` is redirected out of the site or in a cycle"))
                return nil
            }
        }
    }

    fileprivate static func collectPaths(_ nodes: [Node], prefix: [Int], into paths: inout [[String]: [Int]]) {
        for (i, node) in nodes.enumerated() {
            if let key = node.key, paths[key] == nil { paths[key] = prefix + [i] }
            collectPaths(node.children, prefix: prefix + [i], into: &paths)
        }
    }

    /// The nearest toc at or above the page's folder, as DocFX picks it.
    private func tree(for key: [String], locale: LocaleCode) -> Tree? {
        let lazy = trees[locale]?.first { tree in key.count > tree.folder.count && Array(key.prefix(tree.folder.count)) == tree.folder }
            ?? trees[locale]?.first { $0.folder.isEmpty }
        return lazy?.resolved.tree
    }

    /// The sidebar items and breadcrumbs of the page with `key` in `locale`.
    func view(for key: [String], locale: LocaleCode, from page: Permalink) -> (items: [NavItem], breadcrumbs: [NavItem]) {
        guard let tree = tree(for: key, locale: locale) else { return ([], []) }
        let path = tree.paths[key] ?? []
        let items = level(tree.roots, path: path[...], locale: locale, page: page)
        var breadcrumbs: [NavItem] = []
        var nodes = tree.roots
        for i in path.dropLast() {
            let node = nodes[i]
            breadcrumbs.append(NavItem(name: node.name, href: href(node, locale, page)))
            nodes = node.children
        }
        return (items, breadcrumbs)
    }

    /// The toc groups above the page as search shows them, `Sign-in › Passwords`.
    static func breadcrumbText(_ breadcrumbs: [NavItem]) -> String {
        breadcrumbs.map(\.name).joined(separator: " › ")
    }

    /// The breadcrumb text alone, without building the sidebar (what the search index needs).
    func breadcrumbText(for key: [String], locale: LocaleCode) -> String {
        guard let tree = tree(for: key, locale: locale) else { return "" }
        var names: [NavItem] = []
        var nodes = tree.roots
        for i in (tree.paths[key] ?? []).dropLast() {
            names.append(NavItem(name: nodes[i].name))
            nodes = nodes[i].children
        }
        return Navigation.breadcrumbText(names)
    }

    private func level(_ nodes: [Node], path: ArraySlice<Int>, locale: LocaleCode, page: Permalink) -> [NavItem] {
        let open = path.first
        var range = 0..<nodes.count
        if let open, nodes.count > 2 * window + 1 {
            range = max(0, open - window)..<min(nodes.count, open + window + 1)
        }
        var items: [NavItem] = []
        if range.lowerBound > 0 { items.append(NavItem(name: "…", isGap: true)) }
        for i in range {
            let node = nodes[i]
            let isOpen = i == open
            let isCurrent = isOpen && path.count == 1
            let children = isOpen ? level(node.children, path: path.dropFirst(), locale: locale, page: page) : []
            items.append(NavItem(name: node.name, href: href(node, locale, page), isCurrent: isCurrent,
                                 isOpen: isOpen && !node.children.isEmpty, children: children))
        }
        if range.upperBound < nodes.count { items.append(NavItem(name: "…", isGap: true)) }
        return items
    }

    private func href(_ node: Node, _ locale: LocaleCode, _ page: Permalink) -> String? {
        node.key.map { page.href(to: Permalink(segments: [locale.urlSegment] + $0)) }
    }
}
