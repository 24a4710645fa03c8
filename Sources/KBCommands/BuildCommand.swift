import ArgumentParser
import Foundation
import SiteBuilder
import SiteModel

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build content/ into site/ and print a one-line summary.",
        discussion: "Exit status: 0 no errors, 1 content errors (the rest of the site is still written), 2 usage or configuration errors.")

    @Option(help: "Content folder holding one folder per locale.") var content = "content"
    @Option(help: "Theme folder with Mustache templates and assets/.") var templates = "templates"
    @Option(help: "Output folder; replaced atomically.") var output = "site"
    @Option(name: .customLong("base-url"), help: "Absolute base URL for canonical links, e.g. https://kb.example.org")
    var baseURL: String?
    @Option(help: "Worker threads (default: all cores).") var jobs: Int?
    @Flag(help: "Print the time of each build stage to standard error.") var timings = false

    func run() async throws {
        var options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output,
                                   baseURL: baseURL)
        if let jobs { options.jobs = max(1, jobs) }
        let code = await BuildCommand.execute(options, timings: timings)
        throw ExitCode(code)
    }

    /// Runs a build and prints diagnostics (stderr) and the summary (stdout); returns the exit code.
    static func execute(_ options: BuildOptions, timings: Bool = false) async -> Int32 {
        do {
            let report = try await BuildPipeline.run(options)
            let text = report.diagnostics.map(\.description).joined(separator: "\n")
            if !text.isEmpty { FileHandle.standardError.write(Data((text + "\n").utf8)) }
            if timings {
                let lines = report.stageSeconds.map { "\($0.stage.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(format: "%.3f", $0.seconds)) s" }
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
            let destination = options.writeOutput ? " → \(options.outputDirectory)/" : ""
            print(report.summary + destination)
            return report.errorCount > 0 ? KBExit.contentErrors : KBExit.clean
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return KBExit.usage
        }
    }
}
