import Foundation
import Testing

/// Runs the built `kb` executable as a user would, checking exit codes and output streams.
struct KBProcess {
    static let executable = Fixture.repository.appendingPathComponent(".build/debug/kb").path

    static func run(_ arguments: [String], stdin: String? = nil) throws -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KBProcess.executable), "kb executable not built"))
struct CommandLineTests {
    @Test func cleanBuildExitsZeroWithOneLineSummary() throws {
        let site = try Fixture(["en-us/a.md": "# A\n", "ja-jp/a.md": "# A\n"])
        let result = try KBProcess.run(["build", "--content", site.content, "--templates", Fixture.defaultTemplates,
                                        "--output", site.output])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("2 pages (en-us 1, ja-jp 1), 0 warnings, 0 errors, "))
        #expect(result.out.split(separator: "\n").count == 1)
        #expect(result.err.isEmpty)
    }

    @Test func contentErrorsExitOneAndPrintPathLineColumn() throws {
        let site = try Fixture(["en-us/bad.md": "---\ntitle: [x\n---\n", "en-us/ok.md": "# OK\n"])
        let result = try KBProcess.run(["build", "--content", site.content, "--templates", Fixture.defaultTemplates,
                                        "--output", site.output])
        #expect(result.code == 1)
        #expect(result.err.contains("\(site.content)/en-us/bad.md:"))
        #expect(result.err.contains(": error: invalid YAML front matter"))
        #expect(result.out.contains("1 error"))
        #expect(site.page("en-us/ok/index.html") != nil)
    }

    @Test(arguments: [["build", "--no-such-flag"], ["build", "--content", "/nonexistent"], ["frobnicate"]])
    func usageAndConfigurationErrorsExitTwo(_ arguments: [String]) throws {
        let result = try KBProcess.run(arguments + ["--templates", Fixture.defaultTemplates])
        #expect(result.code == 2)
        #expect(!result.err.isEmpty)
    }

    @Test func invalidConfigExitsTwo() throws {
        let site = try Fixture(["kb.yml": "title: [", "en-us/a.md": "# A\n"])
        let result = try KBProcess.run(["build", "--content", site.content, "--templates", Fixture.defaultTemplates,
                                        "--output", site.output])
        #expect(result.code == 2)
        #expect(result.err.contains("kb.yml"))
        #expect(site.page("index.html") == nil)
    }

    @Test func markdownCommandReadsStdinInEachFlavor() throws {
        let input = "# <a name=\"x\"></a>T\n\n| a |\n| - |\n| b |\n"
        let commonmark = try KBProcess.run(["markdown", "--flavor", "commonmark", "-"], stdin: input)
        #expect(commonmark.code == 0)
        #expect(commonmark.out == "<h1><a name=\"x\"></a>T</h1>\n<p>| a |\n| - |\n| b |</p>\n")
        let docs = try KBProcess.run(["markdown", "-"], stdin: input)
        #expect(docs.out.hasPrefix("<h1 id=\"x\">T</h1>\n<table>"))
    }
}
