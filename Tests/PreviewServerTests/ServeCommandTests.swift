import Foundation
import Testing

/// `kb serve` as a writer runs it: a real process, stopped with Ctrl-C (SIGINT).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: ServeProcess.executable), "kb executable not built"))
struct ServeCommandTests {
    @Test func servesUntilCtrlCThenExitsCleanly() throws {
        let site = try ServedSite(ServedSite.sample)
        let process = try ServeProcess(site: site, port: 0)
        let line = try #require(process.waitForOutput(containing: "Serving"), "\(process.output)")
        let port = try #require(Int(line.split(separator: ":").last?.split(separator: "/").first ?? ""))
        #expect(try LoopbackHTTP.get("/en-us/a/", port: port).contains("First text."))
        #expect(try LoopbackHTTP.get("/_kb/status/", port: port).contains("Translation status"), "the dashboard is always served")
        kill(process.process.processIdentifier, SIGINT)
        #expect(process.waitForExit() == 0, "\(process.output)")
        #expect(process.output.contains("Stopped."))
    }

    @Test func portInUseExitsWithCode2AndSaysSo() throws {
        let site = try ServedSite(ServedSite.sample)
        let first = try ServeProcess(site: site, port: 0)
        defer { kill(first.process.processIdentifier, SIGKILL) }
        let line = try #require(first.waitForOutput(containing: "Serving"), "\(first.output)")
        let port = try #require(Int(line.split(separator: ":").last?.split(separator: "/").first ?? ""))
        let second = try ServeProcess(site: site, port: port)
        #expect(second.waitForExit() == 2)
        #expect(second.errors.contains("port \(port) on 127.0.0.1 is already in use"), "\(second.errors)")
    }

    @Test func unreadableContentFolderIsAConfigurationError() throws {
        let site = try ServedSite(ServedSite.sample)
        try FileManager.default.removeItem(atPath: site.content)
        let process = try ServeProcess(site: site, port: 0)
        #expect(process.waitForExit() == 2)
        #expect(process.errors.contains("content folder not found"), "\(process.errors)")
    }
}

/// A `kb serve` child process whose output goes to files (pipes would stay open in helpers it may start).
struct ServeProcess {
    static let executable = ServedSite.repository.appendingPathComponent(".build/debug/kb").path
    let process = Process()
    let outPath: String
    let errPath: String

    init(site: ServedSite, port: Int) throws {
        outPath = site.root + "/serve-\(UUID().uuidString).out"
        errPath = outPath + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: ServeProcess.executable)
        process.arguments = ["serve", "--content", site.content, "--templates", site.templates, "--port", "\(port)"]
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
    }

    var output: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    /// The first output line containing `text`; nil if the process ends or 60 s pass first (a guard, not a timing).
    func waitForOutput(containing text: String) -> String? {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if !process.isRunning { return nil }
            usleep(10_000)
        }
        return nil
    }

    /// The exit status; kills the process if it has not ended within 60 s (and reports -1).
    func waitForExit() -> Int32 {
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return -1
        }
        return process.terminationStatus
    }
}
