import ArgumentParser
import Foundation
import SiteBuilder

extension ShardSpec: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// `kb merge`: one site from the shards of `kb build --shard i/n`.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the folders of kb build --shard 1/n … n/n into one site, as one build writes it.",
        discussion: """
            The shards must come from the same kb version, configuration and sources, each of 1…n once. \
            Exit status: 0 no errors, 1 content errors reported by the shards, 2 a missing, duplicate or \
            mismatched shard (named), or a write failure; nothing is written then.
            """)

    @Argument(help: "The shard folders (the --output of each kb build --shard).") var shards: [String]
    @Option(help: "Output folder; replaced atomically.") var output = "site"
    @Option(help: "Worker threads (default: all cores).") var jobs: Int?
    @Flag(help: "Move the pages out of the shard folders instead of linking them: faster, but the shards are used up.")
    var move = false
    @OptionGroup var reporting: ReportingOptions

    func run() async throws {
        do {
            let report = try ShardMerge.run(
                shards: shards, output: output, moving: move, jobs: max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount))
            var diagnostics = report.diagnostics
            if reporting.strict { diagnostics = diagnostics.map { var d = $0; d.severity = .error; return d } }
            let text = reporting.format.render(diagnostics)
            if reporting.format == .json { print(text) } else if !text.isEmpty {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
            if reporting.timings { report.printTimings() }
            let summary = report.summary + " → \(output)/ (from \(shards.count) shards)"
            if reporting.format == .json { FileHandle.standardError.write(Data((summary + "\n").utf8)) } else { print(summary) }
            throw ExitCode(diagnostics.errorCount > 0 ? KBExit.contentErrors : KBExit.clean)
        } catch let code as ExitCode {
            throw code
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(KBExit.usage)
        }
    }
}
