import Foundation
import Testing

/// Runs the built `kb` executable as a user would, checking exit codes and output streams.
struct KBProcess {
    static let executable = Fixture.repository.appendingPathComponent(".build/debug/kb").path

    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: String? = nil,
        program: String = executable
    ) throws -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
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

extension Fixture {
    /// `kb build` of this fixture with the default theme.
    var buildArguments: [String] {
        ["build", "--content", content, "--templates", Fixture.defaultTemplates, "--output", output, "--cache-dir", root + "/.kb-cache"]
    }
}

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KBProcess.executable), "kb executable not built"))
struct CommandLineTests {
    /// Two separate processes (so Swift's per-process hash seeds differ and any dependence on dictionary order shows)
    /// build the sample site with different thread counts: every output byte must be the same.
    @Test func separateProcessesWriteByteIdenticalSites() throws {
        let sample = Fixture.repository.appendingPathComponent("content").path
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-twice-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (folder, jobs) in [("one", "1"), ("two", "3")] {
            let result = try KBProcess.run(["build", "--content", sample, "--templates", Fixture.defaultTemplates,
                                            "--output", root + "/" + folder, "--jobs", jobs])
            #expect(result.code == 0)
        }
        let paths = try FileManager.default.subpathsOfDirectory(atPath: root + "/one").sorted()
        #expect(paths == (try FileManager.default.subpathsOfDirectory(atPath: root + "/two").sorted()))
        #expect(paths.contains("ja-jp/search/manifest.json") && paths.contains("en-us/topics.json"))
        for path in paths {
            let a = FileManager.default.contents(atPath: root + "/one/" + path)
            let b = FileManager.default.contents(atPath: root + "/two/" + path)
            #expect(a == b, "\(path)")
        }
    }

    @Test func cleanBuildExitsZeroWithOneLineSummary() throws {
        let site = try Fixture(["en-us/a.md": "# A\n", "ja-jp/a.md": "# A\n"])
        let result = try KBProcess.run(site.buildArguments)
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("2 pages (en-us 1, ja-jp 1), 0 warnings, 0 errors, "))
        #expect(result.out.split(separator: "\n").count == 1)
        #expect(result.err.isEmpty)
    }

    @Test func contentErrorsExitOneAndPrintPathLineColumn() throws {
        let site = try Fixture(["en-us/bad.md": "---\ntitle: [x\n---\n", "en-us/ok.md": "# OK\n"])
        let result = try KBProcess.run(site.buildArguments)
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
        let result = try KBProcess.run(site.buildArguments)
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
