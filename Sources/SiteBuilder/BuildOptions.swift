import Foundation
import SearchIndexing
import SiteModel

/// What `kb build` was asked to do.
public struct BuildOptions: Sendable {
    public var contentDirectory: String
    public var templatesDirectory: String
    public var outputDirectory: String
    /// `--base-url`: absolute canonical URLs; overrides `baseURL` of kb.yml.
    public var baseURL: String?
    /// Worker threads for parse and render; defaults to the number of cores.
    public var jobs: Int
    /// `kb check`: run every stage but write nothing.
    public var writeOutput: Bool
    /// `--safe`: drop raw HTML (content from untrusted writers).
    public var safe = false
    /// `--max-file-size`: larger source files are refused with a diagnostic.
    public var maxFileBytes = SiteConfig.defaultMaxFileBytes
    /// Where the build cache lives (`.kb-cache` for `kb build`); nil builds without one.
    public var cacheDirectory: String?
    /// Told where the build stands, a few times per stage and after every batch of pages; nil for silence.
    public var progress: ProgressHandler?
    /// Set by a command that exits after the build: the build's large values (engine, cache, outputs) are left for
    /// the process exit to reclaim instead of being freed one by one (half a second at 30,000 articles).
    public var exitsAfterBuild = false
    /// Write the translation dashboard at `_kb/status/` (`kb build --status-page`; `kb serve` always shows it).
    public var statusPage = false
    /// Build one shard of the site (`kb build --shard i/n`): its outputs and, in `_kb-shard/`, what `kb merge` needs.
    public var shard: ShardSpec?
    /// Tests only: shuffle what discovery found with this seed, as another filesystem might list it.
    var discoveryShuffleSeed: UInt64?
    /// Postings entries above which a locale's search index is sharded (tests lower it to shard small sites).
    var searchShardThreshold = SearchIndex.shardThreshold

    public init(
        contentDirectory: String = "content", templatesDirectory: String = "templates",
        outputDirectory: String = "site", baseURL: String? = nil, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        writeOutput: Bool = true
    ) {
        self.contentDirectory = contentDirectory
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
        self.baseURL = baseURL
        self.jobs = jobs
        self.writeOutput = writeOutput
    }
}
