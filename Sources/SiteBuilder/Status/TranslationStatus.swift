import ContentDiscovery
import Foundation
import LinkResolution
import FrontMatter
import SiteModel

/// Where each locale's translations stand against the source locale (`kb status`, ARCHITECTURE.md "Translation
/// status"): present, missing (served as a fallback), stale, machine-translated, orphaned, untracked or unknown.
///
/// A translation is the article at the same path (the same translation key) in another locale. Staleness comes from
/// git when the content is in a work tree (the source changed in a commit after the translation's
/// `ms.sourcegitcommit`, or after the translation's own last commit), else from dates (`ms.lasthandoff` before the
/// source's `ms.date`). What cannot be decided is "unknown", never a guess.
public struct TranslationStatus: Sendable {
    public struct Stale: Hashable, Sendable {
        /// The translation and its source (display paths).
        public var path: String
        public var source: String
        /// When the source first changed after the translation was made (`YYYY-MM-DD`).
        public var since: String
    }

    /// One locale's standing. Lists hold display paths, sorted; `missing` names the source articles the locale lacks.
    public struct Report: Hashable, Sendable {
        public var translated = 0
        public var missing: [String] = []
        public var stale: [Stale] = []
        public var machineTranslated: [String] = []
        public var orphaned: [String] = []
        /// Translations without the metadata (or history) staleness is read from.
        public var untracked: [String] = []
        /// Translations pinned to a commit this clone does not hold.
        public var unknown: [String] = []
    }

    public enum Method: String, Sendable { case git, dates }

    /// One article in one locale, for the dashboard's table.
    public struct Cell: Hashable, Sendable {
        public enum State: String, Sendable { case current, stale, untracked, unknown, missing, orphaned }
        public var state: State
        public var isMachineTranslated = false
        /// For a stale translation: when its source changed.
        public var since: String?
    }

    /// One translation key: its source (nil for orphans) and its state in each other locale.
    public struct Row: Sendable {
        public var key: [String]
        public var source: String?
        public var cells: [LocaleCode: Cell]
    }

    public var sourceLocale: LocaleCode
    public var method: Method
    /// By locale, the source locale left out.
    public var locales: [LocaleCode: Report]
    /// What the reader should know: a shallow clone, commits from another repository.
    public var notes: [String]
    /// Every translation key of the source locale, then the orphans, in path order.
    public var rows: [Row] = []

    /// Reads every article's front matter below `contentDirectory` and, when it lies in a git work tree, the
    /// history of the locale folders.
    public static func compute(contentDirectory: String) throws -> TranslationStatus {
        let (config, _) = try ConfigLoader.load(contentDirectory: contentDirectory)
        let inventory: ContentInventory
        do {
            inventory = try ContentScanner.scan(root: contentDirectory, localeFolders: config.locales.compactMapValues(\.path))
                .inCanonicalOrder()
        } catch {
            throw BuildFailure.configuration("\(error)")
        }
        let locales = inventory.locales
        let source = SiteIndex.defaultLocale(configured: config.defaultLocale, locales: locales)
        let articles = parallelMap(inventory.files(.article), jobs: ProcessInfo.processInfo.activeProcessorCount) {
            Article(file: $0)
        }
        var byKey: [LocaleCode: [[String]: Article]] = [:]
        for article in articles { byKey[article.file.locale, default: [:]][article.key] = article }
        let sources = byKey[source] ?? [:]
        var history = GitHistory(folder: contentDirectory)
        var status = TranslationStatus(sourceLocale: source, method: history == nil ? .dates : .git, locales: [:], notes: [])
        let folders = inventory.layout.folders
        let pins = Set(articles.compactMap(\.sourceCommit))
        let held = history?.existing(pins) ?? []
        let sourceFolders = folders.filter { $0.locale == source }.compactMap { history?.relative($0.path) }
        let ownCommits = history.map { git in
            git.lastCommits(below: folders.filter { $0.locale != source }.compactMap { git.relative($0.path) })
        } ?? [:]
        var foreignPins = false
        var rows: [[String]: Row] = [:]
        for (key, original) in sources { rows[key] = Row(key: key, source: original.file.displayPath, cells: [:]) }
        for locale in locales where locale != source {
            var report = Report()
            let translations = byKey[locale] ?? [:]
            for (key, original) in sources where translations[key] == nil {
                report.missing.append(original.file.displayPath)
                rows[key]?.cells[locale] = Cell(state: .missing)
            }
            for (key, translation) in translations {
                let path = translation.file.displayPath
                guard let original = sources[key] else {
                    report.orphaned.append(path)
                    rows[key, default: Row(key: key, source: nil, cells: [:])].cells[locale] = Cell(state: .orphaned)
                    continue
                }
                report.translated += 1
                var cell = Cell(state: .current, isMachineTranslated: translation.isMachineTranslated)
                if translation.isMachineTranslated { report.machineTranslated.append(path) }
                switch staleness(of: translation, source: original, history: &history, held: held,
                                 sourceFolders: sourceFolders, ownCommits: ownCommits) {
                case .fresh: break
                case .stale(let since):
                    report.stale.append(Stale(path: path, source: original.file.displayPath, since: since))
                    (cell.state, cell.since) = (.stale, since)
                case .untracked:
                    report.untracked.append(path)
                    cell.state = .untracked
                case .unknown:
                    report.unknown.append(path)
                    cell.state = .unknown
                    foreignPins = true
                }
                rows[key]?.cells[locale] = cell
            }
            report.missing.sort()
            report.orphaned.sort()
            report.machineTranslated.sort()
            report.untracked.sort()
            report.unknown.sort()
            report.stale.sort { $0.path < $1.path }
            status.locales[locale] = report
        }
        status.rows = rows.values.sorted { a, b in
            (a.source == nil) != (b.source == nil) ? a.source != nil : a.key.lexicographicallyPrecedes(b.key)
        }
        if foreignPins, let history {
            status.notes.append(history.isShallow
                ? "this is a shallow clone without the commits some translations are pinned to (ms.sourcegitcommit); fetch the history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout) to decide them"
                : "some translations are pinned (ms.sourcegitcommit) to commits this repository does not hold: they were made from another repository's history")
        }
        return status
    }

    private enum Staleness { case fresh, stale(String), untracked, unknown }

    private static func staleness(of translation: Article, source: Article, history: inout GitHistory?, held: Set<String>,
                                  sourceFolders: [String], ownCommits: [String: String]) -> Staleness {
        guard var git = history, let sourcePath = git.relative(source.file.filePath) else {
            return dateStaleness(of: translation, source: source)
        }
        defer { history = git }
        let base: String
        if let pin = translation.sourceCommit {
            guard held.contains(pin) else { return .unknown }
            base = pin
        } else if let relative = git.relative(translation.file.filePath), let own = ownCommits[relative] {
            base = own
        } else {
            return dateStaleness(of: translation, source: source)
        }
        if let since = git.changed(since: base, below: sourceFolders)[sourcePath] { return .stale(since) }
        return .fresh
    }

    /// Without history: stale when the handoff to translation is older than the source's `ms.date`.
    private static func dateStaleness(of translation: Article, source: Article) -> Staleness {
        guard let handoff = translation.handoff, let changed = source.date else { return .untracked }
        return handoff < changed ? .stale(changed.iso) : .fresh
    }
}

/// What status needs of one article: its translation key and translation metadata, from its front matter alone.
private struct Article: Sendable {
    let file: SourceFile
    let key: [String]
    var date: DayDate?
    var handoff: DayDate?
    var sourceCommit: String?
    var isMachineTranslated = false

    init(file: SourceFile) {
        self.file = file
        key = Array(Permalink.article(file.path, in: file.locale).segments.dropFirst())
        guard let bytes = FileBytes(file.filePath)?.bytes else { return }
        let block = FrontMatterBlock(splitting: String(decoding: bytes, as: UTF8.self))
        guard let matter = FrontMatterParser.parse(block, path: file.displayPath).0 else { return }
        date = matter.date.flatMap(DayDate.init)
        handoff = matter.metadata["ms.lasthandoff"].flatMap { DayDate($0.text) }
        sourceCommit = matter.metadata["ms.sourcegitcommit"].map(\.text).flatMap { $0.isEmpty ? nil : $0.lowercased() }
        isMachineTranslated = matter.metadata["ms.translationtype"]?.text.uppercased() == "MT"
    }
}

/// A calendar day from front matter: `MM/DD/YYYY` (Microsoft Docs) or `YYYY-MM-DD`.
struct DayDate: Comparable, Sendable {
    let year: Int, month: Int, day: Int

    init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "/" || $0 == "-" })
            .map { Int($0) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] else { return nil }
        (year, month, day) = text.contains("/") ? (c, a, b) : (a, b, c)
        guard (1...12).contains(month), (1...31).contains(day), year > 1900 else { return nil }
    }

    var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }

    static func < (a: DayDate, b: DayDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
