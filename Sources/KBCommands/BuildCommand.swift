import ArgumentParser
import Foundation
import SiteBuilder
import SiteModel

/// Options shared by `kb build` and `kb check`: where the content and the theme are.
struct SourceOptions: ParsableArguments {
    @Option(help: "Content folder holding one folder per locale.") var content = "content"
    @Option(help: "Theme folder with Mustache templates and assets/.") var templates = "templates"
    @Option(help: "Worker threads (default: all cores).") var jobs: Int?
    @Flag(help: "Content from untrusted writers: drop raw HTML (bare <a name> anchors are kept).") var safe = false
    @Option(name: .customLong("max-file-size"), help: "Refuse source files larger than this many MiB.")
    var maxFileSize: Double = Double(SiteConfig.defaultMaxFileBytes) / 1_048_576

    /// Applies the shared options to build options.
    func configure(_ options: inout BuildOptions) {
        if let jobs { options.jobs = max(1, jobs) }
        options.safe = safe
        options.maxFileBytes = max(1, Int(maxFileSize * 1_048_576))
    }
}

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build content/ into site/ and print a one-line summary.",
        discussion: "Exit status: 0 no errors, 1 content errors (the rest of the site is still written), 2 usage or configuration errors.")

    @OptionGroup var source: SourceOptions
    @Option(help: "Output folder; replaced atomically.") var output = "site"
    @Option(name: .customLong("base-url"), help: "Absolute base URL for canonical links, e.g. https://kb.example.org")
    var baseURL: String?
    @Option(name: .customLong("cache-dir"), help: "Folder of the build cache, which lets a build redo only what changed.")
    var cacheDir = ".kb-cache"
    @Flag(name: .customLong("no-cache"), help: "Build everything, and neither read nor write the build cache.")
    var noCache = false
    @Flag(name: .customLong("status-page"), help: "Also write the translation dashboard at _kb/status/.")
    var statusPage = false
    @Option(help: "Build shard i of n (e.g. 2/4) for kb merge: its pages, search documents and diagnostics.")
    var shard: ShardSpec?
    @OptionGroup var reporting: ReportingOptions

    func run() async throws {
        var options = BuildOptions(contentDirectory: source.content, templatesDirectory: source.templates,
                                   outputDirectory: output, baseURL: baseURL)
        source.configure(&options)
        options.cacheDirectory = noCache ? nil : cacheDir
        options.statusPage = statusPage
        options.shard = shard
        options.exitsAfterBuild = true
        throw ExitCode(await BuildCommand.execute(options, reporting: reporting))
    }

    /// Runs a build (or a check) and prints diagnostics and the summary; returns the exit code.
    static func execute(_ options: BuildOptions, reporting: ReportingOptions) async -> Int32 {
        var options = options
        let progress = ProgressLine.handler(format: reporting.format, quiet: reporting.quiet)
        options.progress = progress?.1
        defer { progress?.0.finish() }
        do {
            let report = try await BuildPipeline.run(options)
            progress?.0.finish()
            var diagnostics = report.diagnostics
            if reporting.strict {
                diagnostics = diagnostics.map { var d = $0; d.severity = .error; return d }
            }
            let text = reporting.format.render(diagnostics)
            if reporting.format == .json {
                print(text)
            } else if !text.isEmpty {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
            if reporting.timings { report.printTimings() }
            let destination = options.writeOutput ? " → \(options.outputDirectory)/" : ""
            let summary = report.summary + destination
            if reporting.format == .json {
                FileHandle.standardError.write(Data((summary + "\n").utf8))
            } else {
                print(summary)
            }
            return diagnostics.errorCount > 0 ? KBExit.contentErrors : KBExit.clean
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return KBExit.usage
        }
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run every stage of a build but write nothing; report diagnostics for CI.",
        discussion: "Exit status: 0 no errors, 1 content errors (or warnings with --strict), 2 usage or configuration errors.")

    @OptionGroup var source: SourceOptions
    @OptionGroup var reporting: ReportingOptions

    func run() async throws {
        var options = BuildOptions(contentDirectory: source.content, templatesDirectory: source.templates,
                                   outputDirectory: "", writeOutput: false)
        source.configure(&options)
        options.exitsAfterBuild = true
        throw ExitCode(await BuildCommand.execute(options, reporting: reporting))
    }
}

extension BuildReport {
    /// `--timings`: one line per stage on standard error ("discover       0.050 s").
    func printTimings() {
        let lines = stageSeconds.map {
            $0.stage.padding(toLength: 15, withPad: " ", startingAt: 0) + String(format: "%.3f s", $0.seconds)
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
