import Foundation
import Testing

/// The live progress line: on a terminal (a pseudo-terminal made by `script`), never through a pipe, with
/// `--quiet` or with machine-readable diagnostics.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KBProcess.executable)
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs the kb executable and script(1)"))
struct ProgressLineTests {
    static let erase = "\r\u{1B}[K"

    func site() throws -> Fixture {
        var files: [String: String] = [:]
        for i in 0..<40 { files["en-us/a\(i).md"] = "# A\(i)\n\nText.\n" }
        return try Fixture(files)
    }

    /// Runs kb on a pseudo-terminal; everything it wrote (stdout and stderr share the terminal).
    func onTerminal(_ arguments: [String]) throws -> String {
        let command = ([KBProcess.executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try KBProcess.run(["-qec", command, "/dev/null"], program: "/usr/bin/script").out
    }

    @Test func aTerminalSeesStagesAndCountsThenAClearedLine() throws {
        let output = try onTerminal(try site().buildArguments)
        #expect(output.contains(Self.erase + "parse 40/40"))
        #expect(output.contains(Self.erase + "render "))
        #expect(output.contains("40 pages (en-us 40)"))
        // The line is erased before the summary.
        let summary = try #require(output.range(of: "40 pages"))
        #expect(output[..<summary.lowerBound].hasSuffix(Self.erase))
    }

    @Test func noProgressThroughAPipeWithQuietOrWithJSON() throws {
        let piped = try KBProcess.run(try site().buildArguments)
        #expect(!(piped.out + piped.err).contains("\u{1B}"))
        #expect(!(try onTerminal(try site().buildArguments + ["--quiet"])).contains("\u{1B}"))
        #expect(!(try onTerminal(try site().buildArguments + ["--format", "json"])).contains("\u{1B}"))
        #expect(!(try onTerminal(try site().buildArguments + ["--format", "github"])).contains("\u{1B}"))
    }
}
