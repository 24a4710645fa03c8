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

    /// The search files of a locale as the build that left `cache` wrote them, by name; nil unless that build's
    /// pages of the locale are the preview's (same outputs, same dependency keys) and its files are untouched.
    static func built(_ locale: LocaleCode, state: SiteEngine, cache: BuildCache) -> [String: String]? {
        let segment = locale.urlSegment
        guard cache.searchShards[segment] != nil else { return nil }
        let pages = state.outputs.values.filter { $0.source != nil && state.locale(of: $0) == locale }
        var documents = 0
        for page in pages {
            guard let record = cache.outputs[page.path], let key = state.dependencyKey(page), record.key == key else { return nil }
            if record.search != nil { documents += 1 }
        }
        let prefix = OutputKind.searchFile(locale, name: "").path
        var files: [String: String] = [:]
        for (path, record) in cache.outputs where path.hasPrefix(segment + "/") {
            if record.search != nil { documents -= 1 }
            guard path.hasPrefix(prefix), path != OutputKind.searchPage(locale).path else { continue }
            let file = state.options.outputDirectory + "/" + path
            guard BuildCache.Stamp(path: file) == record.stamp, let bytes = FileBytes(file, followLinks: false) else { return nil }
            files[String(path.dropFirst(prefix.count))] = String(decoding: bytes.bytes, as: UTF8.self)
        }
        return documents == 0 && !files.isEmpty ? files : nil
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
