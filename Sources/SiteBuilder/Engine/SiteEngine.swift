import CommonMark
import ContentDiscovery
import Foundation
import LinkResolution
import SiteModel
import Templating

/// The one model of a site that `kb build` and `kb serve` share: every source parsed (the last good version of
/// each), the index over them, and the output kind of every file the site has (`outputs`, by path). A build asks
/// for every output (`make(_:)`), the preview for the one requested.
///
/// A value: a change builds the next engine from this one, re-parsing only the files that changed.
struct SiteEngine: Sendable {
    let options: BuildOptions
    var config: SiteConfig
    var theme: Theme
    /// Every source file found, by `filePath`.
    var files: [String: SourceFile]
    /// Includes by `<locale>/<path>`.
    var includes: [String: IncludeSource]
    /// What the site knows of each article (its last version that parsed), by display path: a broken edit keeps the
    /// previous version served. Its file is in `sources`; its tree in `articles` once parsed (a build that takes
    /// entries from the cache parses an article only when one of its pages must be made again).
    var entries: [String: IndexEntry] = [:]
    var sources: [String: SourceFile] = [:]
    var articles: [String: ParsedArticle]
    /// The includes each article splices in (`<locale>/<path>`), by the article's display path.
    var includesUsed: [String: Set<String>]
    /// Problems of the latest attempt to read each file (articles, includes, tocs, redirection files).
    var fileDiagnostics: [String: [Diagnostic]]
    var tocs: [String: LocaleToc]
    var redirects: [String: [RedirectRule]]
    /// Problems that concern every page: a template that does not compile, an invalid kb.yml, index problems.
    var siteDiagnostics: [Diagnostic] = []
    /// Where the locale folders are (some may live outside the content folder).
    var layout = ContentLayout(root: "", realRoot: "", folders: [])
    /// Problems of toc entries (missing articles, redirects), found when the navigation is built.
    var navigationDiagnostics: [Diagnostic] = []
    /// Those problems as the build cache knows them, under the site shape they were found in.
    var knownNavigation: (shape: StableHash, diagnostics: [Diagnostic])?
    /// Content hashes and keys, when a build cache is in use (`SiteEngine+Keys.swift`).
    var keys: EngineKeys?
    /// Articles parsed when the engine was made (the others came from the build cache).
    var parsedAtLoad = 0
    /// Display paths of the articles parsed since the engine was made: what the build cache holds of the others is
    /// unchanged.
    var parsedPaths = Set<String>()
    /// A shard without cache: the content hash of each article parsed, taken from the bytes the parse read (its
    /// manifest names every source's hash; reading them all again at the end cost a twentieth of the shard).
    var parsedSourceHashes: [String: StableHash] = [:]
    /// Display paths of the articles discovered, in discovery's order.
    var articleOrder: [String] = []
    /// The current includes, ready to splice: made once per parse round, shared by every article parsed later.
    var includeExpander = IncludeExpander([])
    /// Set for a build: articles parsed at load keep their trees packed here (their `document` left empty), a fifth
    /// of the memory, until a page needs one (`article(_:)`). The preview keeps trees as they are.
    var packsTrees = false
    var packed: [String: PackedMarkdown] = [:]

    // Derived from the above by `reindex()`.
    var index: SiteIndex
    var resolver: PageResolver
    var renderer: PageRenderer
    /// Every output of the site but the search index files (named once the index is built), by path.
    var outputs: [String: OutputKind] = [:]
    /// Output paths of the pages each article is shown on (its own, and fallbacks), by display path.
    var pagesOfSource: [String: [String]] = [:]
    /// The paths of `outputs` in the order they were planned (articles by locale and path first): the order a
    /// build goes through them, without sorting tens of thousands of paths.
    var outputOrder: [String] = []
    /// The article file that would make a page but does not parse, by the page's path: a page shown as a fallback
    /// because its own file does not parse still names that file's problems.
    var fileOfPage: [String: String] = [:]

    /// Reads and parses everything up to the index, as `kb build` does; `kb serve` starts here. With a cache folder,
    /// unchanged articles come from the build cache of `options.outputDirectory` (returned too, with its problem).
    static func load(_ options: BuildOptions) async throws -> (SiteEngine, BuildCache?) {
        let (config, theme, configDiagnostics) = try await BuildPipeline.configure(options)
        let cacheFile = options.cacheDirectory.map { BuildCache.file(in: $0, output: options.outputDirectory) }
        let (inventory, reading) = try await BuildPipeline.discover(options, config: config, readingCache: cacheFile)
        let (cache, problem, _) = await reading?.value ?? (nil, nil, nil)
        let keys = cacheFile.map { _ in EngineKeys.compute(options: options, inventory: inventory, cache: cache) }
        let engine = SiteEngine(options: options, config: config, theme: theme, inventory: inventory,
                                diagnostics: configDiagnostics + inventory.diagnostics + (problem.map { [$0] } ?? []),
                                cache: cache, keys: keys)
        return (engine, cache)
    }

    /// Parses every file of the inventory (includes first, then articles with includes spliced in, each in
    /// parallel) and indexes the site. With a build cache, an article whose inputs (its bytes, its includes) and
    /// parse key are unchanged takes its index entry and problems from the cache, unparsed.
    init(options: BuildOptions, config: SiteConfig, theme: Theme, inventory: ContentInventory, diagnostics: [Diagnostic],
         cache: BuildCache? = nil, keys: EngineKeys? = nil, packsTrees: Bool = false) {
        let empty = SiteIndex(locales: inventory.locales, defaultLocale: config.defaultLocale, fallbackOrder: [:],
                              entries: [], resources: [])
        self.options = options
        self.config = config
        self.theme = theme
        files = Dictionary(inventory.files.map { ($0.filePath, $0) }, uniquingKeysWith: { a, _ in a })
        includes = [:]; articles = [:]; includesUsed = [:]; fileDiagnostics = [:]; tocs = [:]; redirects = [:]
        index = empty
        resolver = PageResolver(index: empty, settings: LinkSettings())
        renderer = PageRenderer(config: config, index: empty, theme: theme, navigation: Navigation(tocs: [], index: empty))
        layout = inventory.layout
        siteDiagnostics = diagnostics
        let includeResults = parallelMap(inventory.files(.include), jobs: options.jobs) {
            ($0, ArticleParser.parseInclude($0, config: config))
        }
        for (file, (include, problems)) in includeResults {
            fileDiagnostics[file.displayPath] = problems
            if let include { includes[includeKey(file)] = include }
        }
        // A large toc is a YAML parse of thousands of entries: kept parsed by the cache, else read in parallel.
        var tocFiles: [SourceFile] = []
        for file in inventory.files(.toc) {
            if let known = cache?.tocs[file.displayPath], cache?.parseKey == keys?.parseKey,
               let hash = keys?.sources[file.displayPath], known.hash == hash {
                tocs[file.filePath] = TocReader.toc(file, entries: known.entries)
                fileDiagnostics[file.displayPath] = known.diagnostics
            } else {
                tocFiles.append(file)
            }
        }
        for (file, (toc, diagnostics)) in zip(tocFiles, parallelMap(tocFiles, jobs: options.jobs, TocReader.read)) {
            tocs[file.filePath] = toc
            fileDiagnostics[file.displayPath] = diagnostics
        }
        for file in inventory.files(.redirection) {
            (redirects[file.filePath], fileDiagnostics[file.displayPath]) = RedirectReader.read(file)
        }
        self.keys = keys
        self.packsTrees = packsTrees
        if let cache, cache.parseKey == keys?.parseKey { knownNavigation = cache.navigation }
        var toParse: [SourceFile] = []
        let includeFiles = self.includeFiles
        // Tens of thousands of articles: each table sized once, for at most every file found.
        let fileCount = inventory.files.count
        entries.reserveCapacity(fileCount)
        sources.reserveCapacity(fileCount)
        fileDiagnostics.reserveCapacity(fileCount)
        includesUsed.reserveCapacity(fileCount)
        self.keys?.articleInputs.reserveCapacity(fileCount)
        let articleFiles = inventory.files(.article)
        articleOrder = articleFiles.map(\.displayPath)
        // Which cached articles still hold, checked in parallel; keys and cache bound once (binding them per article
        // would retain every table they hold).
        let usable = cache.flatMap { cache in keys.flatMap { cache.parseKey == $0.parseKey ? (cache, $0) : nil } }
        // Positions of the records, not copies: a copy retains every string of an entry, on every core at once.
        let known: [Dictionary<String, BuildCache.Article>.Index?] = usable.map { cache, keys in
            parallelMap(articleFiles, jobs: options.jobs) { file in
                guard let index = cache.articles.index(forKey: file.displayPath) else { return nil }
                let record = cache.articles.values[index]
                return record.inputs == keys.inputs(of: file.displayPath, includesUsed: record.includesUsed, includeFiles: includeFiles)
                    ? index : nil
            }
        } ?? []
        for (position, file) in articleFiles.enumerated() {
            guard position < known.count, let index = known[position], let cache else {
                toParse.append(file)
                continue
            }
            let known = cache.articles.values[index]
            var entry = known.entry
            if entry.sourcePath != file.displayPath { entry.sourcePath = file.displayPath }
            entries[file.displayPath] = entry
            sources[file.displayPath] = file
            fileDiagnostics[file.displayPath] = known.diagnostics
            includesUsed[file.displayPath] = Set(known.includesUsed)
            self.keys?.articleInputs[file.displayPath] = known.inputs
        }
        parseArticles(toParse)
        parsedAtLoad = toParse.count
        reindex()
    }

    // MARK: Changes

    /// What re-reading a set of files did.
    struct Reparse {
        /// Display paths of the articles whose pages may differ.
        var articles = Set<String>()
        /// The site files among the changed paths (editor scratch files are none).
        var files: [SourceFile] = []
        /// True when other pages may show something new: an article added or removed, a changed title, anchor,
        /// topic ID, description or URL, a toc, a redirection file or a resource.
        var changesShape = false
        /// Files refused on the way (a symlink out of the content folder).
        var diagnostics: [Diagnostic] = []
    }

    /// Re-reads the given content files (changed, created or deleted) and re-parses the articles that include a
    /// changed include.
    @discardableResult
    mutating func reparse(_ changedPaths: Set<String>) -> Reparse {
        // A folder that went away (deleted or renamed) takes every known file below it along.
        var filePaths = changedPaths
        for path in changedPaths where files[path] == nil && !FileManager.default.fileExists(atPath: path) {
            filePaths.formUnion(files.keys.filter { $0.hasPrefix(path + "/") })
        }
        var result = Reparse()
        var changedIncludes = Set<String>()
        var articleFiles: [SourceFile] = []
        for seen in filePaths.sorted() {
            // The same rules as discovery: hidden files ignored, symlinks out of the content folder refused (a refused
            // file that was part of the site leaves it).
            let (scanned, problem) = ContentScanner.file(at: seen, in: layout)
            // A file of a locale folder reached through a symlink is known by the path discovery gave it.
            let path = files[seen] == nil ? scanned?.filePath ?? seen : seen
            if let problem { result.diagnostics.append(problem) }
            let exists = problem == nil && FileManager.default.fileExists(atPath: path)
            guard let file = files[path] ?? scanned else { continue }
            if files[path] != nil || exists { result.files.append(file) }
            // A toc or redirection file shapes other pages; a changed image shows on pages that are not known here.
            if [.toc, .redirection, .resource].contains(file.kind) { result.changesShape = true }
            if !exists {
                files[path] = nil
                fileDiagnostics[file.displayPath] = nil
                switch file.kind {
                case .article:
                    releaseTree(of: file.displayPath)
                    sources[file.displayPath] = nil
                    if entries.removeValue(forKey: file.displayPath) != nil { result.changesShape = true }
                    includesUsed[file.displayPath] = nil
                    result.articles.insert(file.displayPath)
                case .include:
                    includes[includeKey(file)] = nil
                    changedIncludes.insert(includeKey(file))
                case .toc: tocs[path] = nil
                case .redirection: redirects[path] = nil
                case .resource, .other: break
                }
                continue
            }
            files[path] = file
            switch file.kind {
            case .article: articleFiles.append(file)
            case .include:
                let (include, diagnostics) = ArticleParser.parseInclude(file, config: config)
                fileDiagnostics[file.displayPath] = diagnostics
                if let include { includes[includeKey(file)] = include }
                changedIncludes.insert(includeKey(file))
            case .toc:
                let (toc, diagnostics) = TocReader.read(file)
                tocs[path] = toc
                fileDiagnostics[file.displayPath] = diagnostics
            case .redirection:
                let (list, diagnostics) = RedirectReader.read(file)
                redirects[path] = list
                fileDiagnostics[file.displayPath] = diagnostics
            case .resource, .other: break
            }
        }
        // Articles that splice in a changed include are parsed again with its new text.
        if !changedIncludes.isEmpty {
            let users = includesUsed.filter { !$0.value.isDisjoint(with: changedIncludes) }.keys
            let queued = Set(articleFiles.map(\.displayPath))
            for user in users where !queued.contains(user) {
                if let file = sources[user] { articleFiles.append(file) }
            }
        }
        for (file, changed) in parseArticles(articleFiles) {
            result.articles.insert(file)
            if changed { result.changesShape = true }
        }
        return result
    }

    /// Parses articles in parallel with the current includes. Returns each file's display path, and whether what
    /// the rest of the site sees of it (its index entry) changed. A file that no longer parses keeps its last good
    /// version; its diagnostics say why.
    @discardableResult
    private mutating func parseArticles(_ articleFiles: [SourceFile]) -> [(String, Bool)] {
        let includeFiles = self.includeFiles
        includeExpander = IncludeExpander(Array(includes.values))
        let expander = includeExpander, config = config, packs = packsTrees, shard = options.shard
        let hashing = (shard != nil && keys == nil) || keys?.deferred.isEmpty == false
        // In chunks, so a long parse reports its progress.
        // Each article with its problems, the includes it splices in, (a build) its tree packed, and (a shard without
        // keys, or keys whose article hashes wait for the parse: `EngineKeys.deferred`) the hash of its bytes when they
        // were valid UTF-8 as read.
        typealias Parsed = (article: ParsedArticle?, diagnostics: [Diagnostic], used: Set<String>, tree: PackedMarkdown?,
                            hash: StableHash?)
        var parsed: [Parsed] = []
        parsed.reserveCapacity(articleFiles.count)
        for start in stride(from: 0, to: articleFiles.count, by: 1024) {
            let chunk = Array(articleFiles[start..<min(start + 1024, articleFiles.count)])
            parsed += parallelMap(chunk, jobs: options.jobs) { file -> Parsed in
                // A shard needs only the index entries of the articles whose pages another shard makes.
                let owned = shard?.ownsArticle(file) ?? true
                var (article, diagnostics, hash) = ArticleParser.parse(file, config: config, includes: expander,
                                                                       indexOnly: !owned, hashing: hashing)
                let used = article.map { BuildPipeline.usedIncludes([$0]) } ?? []
                if !owned {
                    article?.document.root = MarkdownNode(.document)
                    return (article, diagnostics, used, nil, hash)
                }
                guard packs, let root = article?.document.root else { return (article, diagnostics, used, nil, hash) }
                article?.document.root = MarkdownNode(.document)
                return (article, diagnostics, used, PackedMarkdown(root), hash)
            }
            options.progress?(BuildProgress(stage: "parse", done: parsed.count, total: articleFiles.count))
        }
        var result: [(String, Bool)] = []
        result.reserveCapacity(parsed.count)
        // Sized once (a no-op when they hold more): tables of tens of thousands of entries grown step by step are
        // rehashed each time.
        articles.reserveCapacity(parsed.count)
        packed.reserveCapacity(parsed.count)
        entries.reserveCapacity(parsed.count)
        sources.reserveCapacity(parsed.count)
        fileDiagnostics.reserveCapacity(parsed.count)
        includesUsed.reserveCapacity(parsed.count)
        parsedPaths.reserveCapacity(parsed.count)
        for (file, (article, diagnostics, used, tree, hash)) in zip(articleFiles, parsed) {
            fileDiagnostics[file.displayPath] = diagnostics
            if shard != nil { parsedSourceHashes[file.displayPath] = hash }
            if keys?.deferred.remove(file.displayPath) != nil {
                // The bytes read were not valid UTF-8 (or not read): hashed from the file as `compute` would.
                keys?.sources[file.displayPath] = hash ?? EngineKeys.hashFile(file.filePath)
            }
            guard let article else {
                result.append((file.displayPath, false))
                continue
            }
            // An article whose tree a shard let go is parsed again should a page ever need it (`article(_:)`).
            if options.shard.map({ $0.ownsArticle(at: article.permalink) }) ?? true {
                articles[file.displayPath] = article
                packed[file.displayPath] = tree
            }
            parsedPaths.insert(file.displayPath)
            sources[file.displayPath] = file
            let changed = entries.updateValue(article.indexEntry, forKey: file.displayPath) != article.indexEntry
            result.append((file.displayPath, changed))
            includesUsed[file.displayPath] = used
            if let keys {
                let inputs = keys.inputs(
                    of: file.displayPath, includesUsed: Array(includesUsed[file.displayPath] ?? []), includeFiles: includeFiles)
                self.keys?.articleInputs[file.displayPath] = inputs
            }
        }
        return result
    }

    /// Rebuilds the index, the resolver, the renderer and the outputs from the parsed sources.
    mutating func reindex() {
        let resources = files.values.filter { $0.kind == .resource }.sorted { $0.filePath < $1.filePath }
            .map { ResourceEntry(locale: $0.locale, path: $0.path, filePath: $0.filePath) }
        // Locales in discovery's canonical order; one whose files are all gone stays until the next start.
        let locales = Set(files.values.map(\.locale)).union(index.locales).sorted { $0.urlSegment < $1.urlSegment }
        let rules = redirects.keys.sorted().flatMap { redirects[$0] ?? [] }
        index = SiteIndex(locales: locales, defaultLocale: config.defaultLocale, fallbackOrder: config.locales.mapValues(\.fallback),
                          entries: entriesInDiscoveryOrder, resources: resources, redirects: rules)
        resolver = PageResolver(index: index, config: config)
        refresh(computingShape: true)
    }

    /// A theme that compiled replaces the old one; pages need rendering again, sources need no parsing.
    mutating func use(_ theme: Theme) {
        self.theme = theme
        refresh(computingShape: false)
    }

    /// The renderer over a new index or theme: the shape (when the index changed) and then the navigation, which may
    /// take the toc problems known under that shape, beside the output plan (tens of thousands of paths).
    private mutating func refresh(computingShape: Bool) {
        let engine = self
        let (plan, (keys, navigation)) = concurrently(jobs: options.jobs, { engine.plannedOutputs() }, {
            var shaped = engine
            if computingShape { shaped.computeShape() }
            let known = shaped.knownNavigation.flatMap { $0.shape == shaped.keys?.shape ? $0.diagnostics : nil }
            return (shaped.keys, Navigation(tocs: shaped.tocList, index: shaped.index, jobs: shaped.options.jobs, knownDiagnostics: known))
        })
        adopt(plan)
        self.keys = keys
        navigationDiagnostics = navigation.diagnostics
        renderer = PageRenderer(config: config, index: index, theme: theme, navigation: navigation)
    }

    /// The toc files in path order, as the build reads them.
    var tocList: [LocaleToc] { tocs.keys.sorted().compactMap { tocs[$0] } }

    // MARK: Helpers

    func includeKey(_ file: SourceFile) -> String { file.locale.urlSegment + "/" + file.path.value }

    /// The problems a page shows: its source's and its includes' parse problems, and the site-wide ones.
    func sourceDiagnostics(of displayPath: String) -> [Diagnostic] {
        var result = fileDiagnostics[displayPath] ?? []
        for key in (includesUsed[displayPath] ?? []).sorted() {
            if let include = includes[key] { result += fileDiagnostics[include.displayPath] ?? [] }
        }
        result += (index.diagnostics + navigationDiagnostics).filter { $0.location.path == displayPath }
        return result
    }
}
