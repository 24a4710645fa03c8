import Foundation
import SearchIndexing
import SiteModel

/// The search indexes of a previewed site: built per locale on first request, from analysed pages that survive
/// changes to other pages.
struct PreviewSearch: Sendable {
    struct Built: Sendable {
        /// Analysed pages by output path (NOINDEX pages absent).
        var documents: [String: SearchIndex.Analyzed?]
        /// `manifest.json`, `terms-0.js`, … by file name.
        var files: [String: String]
    }

    var documents: [LocaleCode: [String: SearchIndex.Analyzed?]] = [:]
    var files: [LocaleCode: [String: String]] = [:]
    var running: [LocaleCode: Task<Built, Never>] = [:]

    /// Drops what a changed page contributed; its locale's index is built again on the next search.
    mutating func forget(_ path: String) {
        guard let segment = path.split(separator: "/").first, let locale = LocaleCode(String(segment)) else { return }
        files[locale] = nil
        running[locale] = nil
        documents[locale]?[path] = nil
    }

    /// The locale's index brought up to date from the build that left `cache`, as `kb build` would: pages whose
    /// dependency key changed since are analysed, and only the search files that hold them are made again (the others
    /// are read from that build's output). Nil when a file to read is gone.
    static func fromBuild(_ locale: LocaleCode, state: SiteEngine, cache: BuildCache, jobs: Int) -> Built? {
        var kept: [String: BuildCache.SearchEntry] = [:]
        var stale: [OutputKind] = []
        for page in state.outputs.values where page.source != nil && state.locale(of: page) == locale {
            if let record = cache.outputs[page.path], record.key == state.dependencyKey(page) {
                if let entry = record.search { kept[page.path] = entry }
            } else {
                stale.append(page)
            }
        }
        let analysed = parallelMap(stale, jobs: jobs) { state.make($0, analyse: true).search }
        var made: [String: SearchIndex.Analyzed] = [:]
        for (page, document) in zip(stale, analysed) { made[page.path] = document }
        let update = LocaleSearchUpdate(locale: locale, made: made, kept: kept, cache: cache,
                                        base: cache.searchBases()[locale.urlSegment], engine: state, recordEntries: false)
        let result = update.run(state)
        let prefix = OutputKind.searchFile(locale, name: "").path
        var files: [String: String] = [:]
        for path in result.keptFiles {
            guard let bytes = FileBytes(state.options.outputDirectory + "/" + path, followLinks: false) else { return nil }
            files[String(path.dropFirst(prefix.count))] = String(decoding: bytes.bytes, as: UTF8.self)
        }
        for file in result.files {
            if case .text(let text) = file.contents { files[String(file.path.dropFirst(prefix.count))] = text }
        }
        var documents: [String: SearchIndex.Analyzed?] = [:]
        for (path, document) in made { documents[path] = .some(document) }
        return Built(documents: documents, files: files)
    }

    /// Analyses the locale's pages not in `known` (in parallel) and builds the index files, as `kb build` does.
    static func build(_ locale: LocaleCode, state: SiteEngine, known: [String: SearchIndex.Analyzed?], jobs: Int) -> Built {
        let pages = state.outputs.values.filter { $0.source != nil && state.locale(of: $0) == locale }
        let missing = pages.filter { known[$0.path] == nil }.sorted { $0.path < $1.path }
        let analysed = parallelMap(missing, jobs: jobs) { state.make($0, analyse: true).search }
        var documents = known
        for (page, document) in zip(missing, analysed) { documents[page.path] = .some(document) }
        var present: [String: SearchIndex.Analyzed] = [:]
        for (path, document) in documents { if let document { present[path] = document } }
        var files: [String: String] = [:]
        for file in state.searchFiles(locale, documents: present) {
            if case .text(let text) = file.contents { files[String(file.path.split(separator: "/").last!)] = text }
        }
        return Built(documents: documents, files: files)
    }
}
