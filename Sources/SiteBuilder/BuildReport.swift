import SiteModel

/// The outcome of a build: what was written and every problem found, in a stable order.
public struct BuildReport: Sendable {
    /// Article pages per locale (fallback and generated pages not counted).
    public var articlePages: [LocaleCode: Int]
    /// Every file written, relative to the output folder.
    public var writtenFiles: [String]
    public var diagnostics: [Diagnostic]
    public var seconds: Double
    /// Outputs made (rendered, copied or indexed) this build, and outputs kept as the build cache knew them.
    public var madeOutputs = 0
    /// Articles parsed (the others' index entries came from the build cache).
    public var parsedArticles = 0
    public var keptOutputs = 0
    /// Output files whose stamp was checked against the cache's record of them (0 when the folder's seal held).
    public var checkedOutputs = 0
    /// Search term shards read back from the last build's files to patch them.
    public var searchShardsRead = 0
    /// Wall time of each stage, in pipeline order (`kb build --timings`).
    public var stageSeconds: [(stage: String, seconds: Double)] = []

    public init(articlePages: [LocaleCode: Int], writtenFiles: [String], diagnostics: [Diagnostic], seconds: Double) {
        self.articlePages = articlePages
        self.writtenFiles = writtenFiles
        self.diagnostics = diagnostics.sortedForReport()
        self.seconds = seconds
    }

    public var errorCount: Int { diagnostics.errorCount }
    public var warningCount: Int { diagnostics.warningCount }

    /// `518 pages (de-de 259, ja-jp 259), 3 warnings, 0 errors, 0.84 s`.
    public var summary: String {
        let total = articlePages.values.reduce(0, +)
        let perLocale = articlePages.keys.sorted().map { "\($0.urlSegment) \(articlePages[$0]!)" }.joined(separator: ", ")
        let seconds = (self.seconds * 100).rounded() / 100
        return "\(total) pages (\(perLocale)), \(warningCount) warning\(warningCount == 1 ? "" : "s"), "
            + "\(errorCount) error\(errorCount == 1 ? "" : "s"), \(seconds) s"
    }
}

/// Measures consecutive stages of one build.
struct Stopwatch {
    private var last = ContinuousClock.now
    private(set) var laps: [(stage: String, seconds: Double)] = []

    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        let elapsed = now - last
        laps.append((stage, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        last = now
    }
}
