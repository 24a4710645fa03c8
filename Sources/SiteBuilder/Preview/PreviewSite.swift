import Foundation
import LinkResolution
import SearchIndexing
import SiteModel
import Templating

/// The site behind `kb serve`: parsed once, every page rendered when it is asked for, and kept current file by file.
///
/// A change re-parses only the files that changed (and the articles that include a changed include). When what the
/// rest of the site sees of an article — title, anchors, topic IDs, URL — stays the same, only that article's pages
/// are rendered again; otherwise the index is rebuilt and every page renders afresh on its next request. A file that
/// stops parsing keeps its last good version served, with its problems on the page. Nothing is written to disk.
public actor PreviewSite {
    /// Where the page template finds the live-reload script and the event stream (set by the preview server).
    public struct LiveReload: Sendable {
        public var scriptURL: String
        public var eventsURL: String
        public init(scriptURL: String, eventsURL: String) {
            self.scriptURL = scriptURL
            self.eventsURL = eventsURL
        }
    }

    private let options: BuildOptions
    private let live: LiveReload
    private var state: SiteEngine
    /// Problems with kb.yml or the templates; the previous good configuration and theme stay in use.
    private var configProblems: [Diagnostic] = []
    private var themeProblems: [Diagnostic] = []
    /// Rendered pages by output path; emptied whenever every page may have changed.
    private var cache: [String: String] = [:]
    private static let cacheLimit = 4096
    /// Counts the changes applied; the search index remembers which generation it was built for.
    public private(set) var generation = 0
    private var search = PreviewSearch()

    /// The build cache the preview started from: the first search index of each locale is that build's, updated
    /// for the pages that differ (until the first change, after which nothing of it is trusted).
    private var startCache: BuildCache?

    public static func open(_ options: BuildOptions, live: LiveReload) async throws -> PreviewSite {
        let (state, cache) = try await SiteEngine.load(options)
        return PreviewSite(options: options, live: live, state: state, cache: cache)
    }

    private init(options: BuildOptions, live: LiveReload, state: SiteEngine, cache: BuildCache?) {
        self.options = options
        self.live = live
        self.state = state
        startCache = cache
    }

    /// Articles parsed at start-up (the others came from the build cache).
    public var parsedAtStart: Int { state.parsedAtLoad }

    /// Article pages per locale, for the start-up line.
    public var articleCounts: [LocaleCode: Int] {
        var counts: [LocaleCode: Int] = [:]
        for locale in state.index.locales { counts[locale] = state.index.entryCount(in: locale) }
        return counts
    }

    /// Every problem known without resolving links: parse, configuration, template, index and toc problems.
    public var diagnostics: [Diagnostic] {
        (state.fileDiagnostics.values.flatMap { $0 } + state.siteDiagnostics + state.index.diagnostics
            + state.navigationDiagnostics + configProblems + themeProblems).sortedForReport()
    }

    /// Locale folders outside the content folder (`locales.<x>.path`, or a symlink at its top), resolved: watched
    /// and served beside it.
    public var externalLocaleFolders: [String] {
        state.layout.folders.map(\.realPath).filter { !$0.hasPrefix(state.layout.realRoot + "/") }
    }

    // MARK: Serving

    /// The output file at `path` (`ja-jp/a/index.html`), or nil when the site has none.
    public func file(at path: String) async -> SiteFile? {
        if let html = cache[path] { return SiteFile(path: path, contents: .text(html)) }
        if let (locale, name) = searchFileName(path) {
            guard let text = await searchFile(locale, name) else { return nil }
            return SiteFile(path: path, contents: .text(text))
        }
        guard let kind = state.outputs[path] else { return nil }
        let made = state.make(kind)
        guard case .page(let page) = made.body else { return state.file(kind, made) }
        let html = render(kind, page, problems: made.diagnostics)
        if cache.count >= PreviewSite.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[path] = html
        return SiteFile(path: path, contents: .text(html))
    }

    /// Renders a page with its preview overlay: live reload, and the problems of the page (its source's, its
    /// includes', its links', and the site's).
    private func render(_ kind: OutputKind, _ page: Page, problems found: [Diagnostic]) -> String {
        var problems = found + state.siteDiagnostics + configProblems + themeProblems
        if let source = kind.source {
            problems += state.sourceDiagnostics(of: source)
            if let own = state.fileOfPage[kind.path], own != source { problems += state.fileDiagnostics[own] ?? [] }
        }
        let unique = Array(Set(problems)).sortedForReport()
        let preview = PreviewView(
            scriptURL: live.scriptURL, eventsURL: live.eventsURL, page: PreviewSite.urlPath(ofFile: kind.path),
            problems: unique.map {
                .init(severity: $0.severity.rawValue, location: $0.location.description, message: "\($0.message) [\($0.code)]")
            })
        return state.theme.render(page, preview: preview)
    }

    /// `ja-jp/a/index.html` → `/ja-jp/a/`; other files keep their name.
    static func urlPath(ofFile path: String) -> String {
        if path == "index.html" { return "/" }
        if path.hasSuffix("/index.html") { return "/" + path.dropLast("index.html".count) }
        return "/" + path
    }

    // MARK: Changes

    /// Applies a batch of changed, created or deleted files (paths as the watcher saw them, under the content or
    /// templates folder) and says which pages now show something new.
    public func apply(_ changedPaths: [String]) async -> SiteChange {
        let started = ContinuousClock.now
        startCache = nil
        let contentRoot = PreviewSite.folder(options.contentDirectory)
        let templatesRoot = PreviewSite.folder(options.templatesDirectory)
        let configPath = contentRoot + "/" + ConfigLoader.fileName
        var content = Set<String>()
        var templatesChanged = false
        var configChanged = false
        for path in changedPaths {
            if path == configPath { configChanged = true }
            else if path.hasPrefix(templatesRoot + "/") { templatesChanged = true }
            else if path.hasPrefix(contentRoot + "/") || state.layout.folders.contains(where: { path.hasPrefix($0.realPath + "/") }) {
                content.insert(path)
            }
        }
        var pages: Set<String>? = []
        var diagnostics: [Diagnostic] = []
        var what: [String] = []
        if configChanged {
            what.append(configPath)
            do {
                state = try await SiteEngine.load(options).0
                configProblems = []
                themeProblems = []
            } catch {
                configProblems = [.error("invalid-config", at: SourceLocation(path: configPath), "\(error); the previous configuration stays in use")]
            }
            diagnostics += configProblems
            pages = nil
        } else {
            if templatesChanged {
                what.append(templatesRoot + "/")
                do {
                    state.use(try await Theme.load(from: options.templatesDirectory))
                    themeProblems = []
                } catch {
                    themeProblems = [PreviewSite.templateDiagnostic(error, folder: templatesRoot)]
                }
                diagnostics += themeProblems
                pages = nil
            }
            if !content.isEmpty {
                let reparse = state.reparse(content)
                let changedArticles = reparse.articles
                // Editor scratch files and the like are not site files: they are not worth a line.
                what += reparse.files.map(\.displayPath).sorted()
                diagnostics += reparse.diagnostics + reparse.files.flatMap { state.fileDiagnostics[$0.displayPath] ?? [] }
                if reparse.changesShape {
                    state.reindex()
                    pages = nil
                } else if pages != nil {
                    let paths = changedArticles.flatMap { state.pagesOfSource[$0] ?? [] }
                    for path in paths {
                        cache[path] = nil
                        search.forget(path)
                    }
                    pages = Set(paths.map(PreviewSite.urlPath(ofFile:)))
                    // The changed pages are rendered now, so the reload that follows is served from the cache; their
                    // link problems go to the terminal too.
                    for path in paths.sorted() {
                        guard let kind = state.outputs[path] else { continue }
                        let made = state.make(kind)
                        guard case .page(let page) = made.body else { continue }
                        cache[path] = render(kind, page, problems: made.diagnostics)
                        if case .article(_, let source) = kind {
                            diagnostics += made.diagnostics.filter { $0.location.path == source }
                        }
                    }
                }
            }
        }
        if pages == nil {
            cache.removeAll()
            search = PreviewSearch()
        }
        if pages.map({ !$0.isEmpty }) ?? true { generation += 1 }
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let scope = pages.map { "\($0.count) page\($0.count == 1 ? "" : "s")" } ?? "every page"
        let summary = "\(what.joined(separator: ", ")): \(scope) in \(String(format: "%.1f", ms)) ms"
        return SiteChange(pages: pages, diagnostics: Array(Set(diagnostics)).sortedForReport(), summary: summary)
    }

    static func templateDiagnostic(_ error: Error, folder: String) -> Diagnostic {
        if case Theme.LoadError.syntax(let file, let line, let column, let message)? = error as? Theme.LoadError {
            return .error("template-syntax", at: SourceLocation(path: file, line: line, column: column),
                          "\(message); the previous templates stay in use")
        }
        return .error("template-error", at: SourceLocation(path: folder), "\(error); the previous templates stay in use")
    }

    static func folder(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    // MARK: Search

    /// `ja-jp/search/terms-3.json` → (ja-jp, `terms-3.json`); nil for anything else (the search page included).
    private func searchFileName(_ path: String) -> (LocaleCode, String)? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "search", parts[2] != "index.html",
              let locale = state.index.locales.first(where: { $0.urlSegment == parts[0] }) else { return nil }
        return (locale, String(parts[2]))
    }

    /// One file of a locale's search index, built on first request from the current pages (outside the actor, so
    /// pages keep being served meanwhile); pages analysed before are reused.
    private func searchFile(_ locale: LocaleCode, _ name: String) async -> String? {
        if let files = search.files[locale] { return files[name] }
        let task: Task<PreviewSearch.Built, Never>
        if let running = search.running[locale] {
            task = running
        } else {
            let state = self.state
            let known = search.documents[locale] ?? [:]
            // Before the first change, from the build the preview started from: only what differs is made again.
            let startCache = search.documents[locale] == nil ? self.startCache : nil
            // On a queue of its own, never on Swift's cooperative threads: the build blocks its thread for seconds
            // on a large site, and those threads must stay free to answer requests. One worker fewer than cores.
            let jobs = max(1, state.options.jobs - 1)
            task = Task {
                await withCheckedContinuation { continuation in
                    PreviewSite.searchQueue.async {
                        let built = startCache.flatMap { PreviewSearch.fromBuild(locale, state: state, cache: $0, jobs: jobs) }
                        continuation.resume(returning: built ?? PreviewSearch.build(locale, state: state, known: known, jobs: jobs))
                    }
                }
            }
            search.running[locale] = task
        }
        let generation = self.generation
        let built = await task.value
        if search.running[locale] == task {
            search.running[locale] = nil
            if self.generation == generation {
                search.documents[locale] = built.documents
                search.files[locale] = built.files
            }
        }
        return built.files[name]
    }

    /// Builds search indexes one at a time, off the threads that serve requests.
    private static let searchQueue = DispatchQueue(label: "kb.preview-search", qos: .utility)

    /// Builds every locale's search index in the background, one after another, so the first search is fast.
    public func warmUpSearch() async {
        for locale in state.index.locales {
            _ = await searchFile(locale, "manifest.json")
        }
    }
}
