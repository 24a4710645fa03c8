import ContentDiscovery
import LinkResolution
import SiteModel

/// What a site has to show, worked out from its index: every output and the order a build makes them in.
extension SiteEngine {
    /// What `plannedOutputs()` works out, for the engine's `outputs`, `outputOrder`, `pagesOfSource` and `fileOfPage`.
    struct Plan: Sendable {
        var outputs: [String: OutputKind]
        var order: [String]
        var pagesOfSource: [String: [String]]
        var fileOfPage: [String: String]
    }

    mutating func adopt(_ plan: Plan) {
        outputs = plan.outputs
        outputOrder = plan.order
        pagesOfSource = plan.pagesOfSource
        fileOfPage = plan.fileOfPage
    }

    /// Every output kind of the site, by path; and which pages show each article. Reads the index and the theme only,
    /// so it runs beside the shape and the navigation (`SiteEngine.refresh`).
    func plannedOutputs() -> Plan {
        var outputs: [String: OutputKind] = [:]
        var order: [String] = []
        outputs.reserveCapacity(entries.count * 2)
        order.reserveCapacity(entries.count * 2)
        @discardableResult
        func add(_ kind: OutputKind, at path: String? = nil) -> String {
            let path = path ?? kind.path
            if outputs.updateValue(kind, forKey: path) == nil { order.append(path) }
            return path
        }
        var pagesOfSource: [String: [String]] = [:]
        pagesOfSource.reserveCapacity(entries.count)
        // Each published article in its own locale, then, per translation key, in every locale without its own
        // version: the best translation shown as a fallback page.
        // Article paths worked out in parallel (tens of thousands of joined strings); entries read in place.
        let all = index.entries
        let paths = parallelMap(Array(stride(from: 0, to: all.count, by: 2048)), jobs: options.jobs) { start in
            (start..<min(start + 2048, all.count)).map { all[$0].permalink.filePath }
        }.flatMap { $0 }
        for locale in index.locales {
            for position in index.entrySlice(in: locale).indices {
                let source = all[position].sourcePath
                let path = add(.article(all[position].permalink, source: source), at: paths[position])
                pagesOfSource[source, default: []].append(path)
            }
        }
        for key in index.translationKeys {
            let present = index.locales(withKey: key)
            // Most articles exist in every locale: nothing to fall back on.
            if present.count == index.locales.count { continue }
            for locale in index.locales where !present.contains(locale) {
                guard let best = index.bestTranslation(key: key, for: locale) else { continue }
                let path = add(.fallback(Permalink(segments: [locale.urlSegment] + key), source: best.sourcePath, locale: locale))
                pagesOfSource[best.sourcePath, default: []].append(path)
            }
        }
        for locale in index.locales {
            add(.localeHome(locale))
            add(.searchPage(locale))
            add(.topicsJSON(locale))
            add(.notFound(locale))
            for topic in index.topics { add(.topic(topic, locale)) }
        }
        add(.siteHome)
        add(.siteNotFound(index.defaultLocale))
        for kind in Sitemaps.kinds(index: index, baseURL: config.baseURL) { add(kind) }
        for (locale, key, rule) in index.redirectPages { add(.redirect(locale, key: key, rule: rule)) }
        for asset in theme.assets { add(.asset(asset)) }
        for resource in index.resources { add(.resource(resource)) }
        if options.statusPage { add(.statusPage) }
        // A page shown as a fallback may have a file of its own that does not parse.
        var fileOfPage: [String: String] = [:]
        for file in files.values where file.kind == .article && entries[file.displayPath] == nil {
            fileOfPage[Permalink.article(file.path, in: file.locale).filePath] = file.displayPath
        }
        return Plan(outputs: outputs, order: order, pagesOfSource: pagesOfSource, fileOfPage: fileOfPage)
    }

    /// The entries in the order discovery listed their files (the index's own order, so it need not sort them)
    /// while the set of articles is the one discovered; else as they come.
    var entriesInDiscoveryOrder: [IndexEntry] {
        if articleOrder.count == entries.count {
            let ordered = articleOrder.compactMap { entries[$0] }
            if ordered.count == entries.count { return ordered }
        }
        return Array(entries.values)
    }
}
