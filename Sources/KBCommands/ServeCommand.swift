import ArgumentParser
import Foundation
import PreviewServer
import SiteBuilder
import SiteModel

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site: serve it, watch content/ and templates/, reload open pages on every change.",
        discussion: """
            Pages are rendered from memory when they are asked for; nothing is written to disk. A page with problems \
            shows them in an overlay; a file that stops parsing keeps its last good version served. \
            Exit status: 0 after Ctrl-C, 2 when the site cannot be loaded or the port is in use.
            """)

    @OptionGroup var source: SourceOptions
    @Option(help: "Address to listen on; the default serves this machine only.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("cache-dir"), help: "Folder of the build cache `kb build` keeps; start-up reads it.")
    var cacheDir = ".kb-cache"
    @Option(help: "The output folder whose build cache to start from (nothing is written there).") var output = "site"
    @Flag(name: .customLong("no-cache"), help: "Parse everything at start-up.") var noCache = false
    @Flag(name: .shortAndLong, help: "No live progress line while the site loads.") var quiet = false

    func run() async throws {
        var options = BuildOptions(contentDirectory: source.content, templatesDirectory: source.templates, outputDirectory: output)
        source.configure(&options)
        options.cacheDirectory = noCache ? nil : cacheDir
        options.statusPage = true
        let progress = ProgressLine.handler(format: .text, quiet: quiet)
        options.progress = progress?.1
        throw ExitCode(await ServeCommand.serve(options, host: host, port: port, progress: progress?.0))
    }

    static func serve(_ options: BuildOptions, host: String, port: Int, progress: ProgressLine? = nil) async -> Int32 {
        let started = ContinuousClock.now
        let site: PreviewSite
        do {
            site = try await PreviewSite.open(options, live: .init(scriptURL: PreviewServer.scriptURL, eventsURL: PreviewServer.eventsURL))
            progress?.finish()
        } catch {
            progress?.finish()
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return KBExit.usage
        }
        let diagnostics = await site.diagnostics
        if !diagnostics.isEmpty {
            FileHandle.standardError.write(Data((diagnostics.map(\.description).joined(separator: "\n") + "\n").utf8))
        }
        let counts = await site.articleCounts
        let parsed = await site.parsedAtStart
        let total = counts.values.reduce(0, +)
        let elapsed = ContinuousClock.now - started
        let folders = [options.contentDirectory, options.templatesDirectory] + (await site.externalLocaleFolders)
        let server = PreviewServer(
            .init(host: host, port: port, watchedFolders: folders, servedFolders: folders),
            lookup: { await site.file(at: $0) },
            rebuild: { await site.apply($0) })
        do {
            try await server.run(
                onReady: { address in
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    let reused = parsed < total ? " (\(total - parsed) from the build cache)" : ""
                    say("\(total) articles loaded in \(String(format: "%.2f", seconds)) s\(reused)")
                    say("Serving \(options.contentDirectory)/ at \(address) (Ctrl-C to stop)")
                    Task { await site.warmUpSearch() }
                },
                onChange: { change in
                    if change.pages?.isEmpty == true && change.diagnostics.isEmpty { return }
                    say(change.summary)
                    if !change.diagnostics.isEmpty {
                        FileHandle.standardError.write(Data((change.diagnostics.map(\.description).joined(separator: "\n") + "\n").utf8))
                    }
                })
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return KBExit.usage
        }
        say("Stopped.")
        return KBExit.clean
    }
}

/// A line on standard output, unbuffered: the serve log is read live (and by tests through a pipe).
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
