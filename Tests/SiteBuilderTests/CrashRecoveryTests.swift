import Foundation
import Testing
@testable import SiteBuilder

/// What a cancelled CI job or a full disk does to `kb build`: the previous site stays whole, nothing is left behind
/// once the next build has run, and that build writes exactly a clean build's bytes. Runs the real executable.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KBProcess.executable), "kb executable not built"))
struct CrashRecoveryTests {
    /// Forty articles in two locales; `version` changes one article and adds one, so old and new sites differ.
    static func content(version: Int) -> [String: String] {
        var files: [String: String] = ["kb.yml": "defaultLocale: en-us\n"]
        for i in 0..<20 {
            files["en-us/s\(i % 3)/a\(i).md"] = "---\ntitle: A\(i)\n---\n# A\(i)\n\n## Step\n\nBody \(i), [next](a\(i + 1).md).\n"
            files["de-de/s\(i % 3)/a\(i).md"] = "---\ntitle: A\(i) de\n---\n# A\(i) de\n\nText \(i).\n"
        }
        files["en-us/s0/a0.md"] = "# A0 version \(version)\n"
        if version > 1 { files["en-us/new.md"] = "# New\n" }
        return files
    }

    /// Every file below `root` and its bytes.
    static func snapshot(_ root: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: root + "/" + path)
            }
        }
        return files
    }

    /// Folders that builds leave beside the output (`site.kb-tmp-…`, `site.kb-old-…`).
    static func strays(_ site: Fixture) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: site.root)) ?? []).filter { $0.hasPrefix("site.kb-") }.sorted()
    }

    /// Waits for the detached removal of old folders; fails after a minute.
    static func waitForNoStrays(_ site: Fixture) -> [String] {
        let deadline = ContinuousClock.now + .seconds(60)
        while !strays(site).isEmpty && ContinuousClock.now < deadline { usleep(20_000) }
        return strays(site)
    }

    /// Every file of `site` is whole: byte for byte its version in `old` or in `new`, and every path both have is there.
    static func eachFileOldOrNew(_ site: [String: Data], old: [String: Data], new: [String: Data]) -> [String] {
        var problems = site.compactMap { path, bytes in bytes == old[path] || bytes == new[path] ? nil : path }
        problems += Set(old.keys).intersection(new.keys).subtracting(site.keys).map { "missing " + $0 }
        return problems.sorted()
    }

    /// Updating an existing site: killed at any of five points, every file is whole (old or new), and the next
    /// build makes exactly a clean build's bytes and leaves nothing beside the site.
    @Test func anUpdateKilledAtAnyOfFivePointsIsRepairedByTheNext() throws {
        let reference = try Fixture(Self.content(version: 2))
        #expect(try KBProcess.run(reference.buildArguments).code == 0)
        let clean = Self.snapshot(reference.output)
        #expect(clean["en-us/new/index.html"] != nil)

        for point in FaultInjection.Point.allCases {
            let site = try Fixture(Self.content(version: 1))
            #expect(try KBProcess.run(site.buildArguments).code == 0)
            let old = Self.snapshot(site.output)
            for (path, text) in Self.content(version: 2) { try site.write(path, text) }

            let killed = try KBProcess.run(site.buildArguments, environment: ["KB_TEST_KILL_AT": point.rawValue])
            #expect(killed.code == 9, "\(point): the build was killed (SIGKILL)")
            let afterKill = Self.snapshot(site.output)
            #expect(Self.eachFileOldOrNew(afterKill, old: old, new: clean) == [], "\(point)")
            switch point {
            case .staging, .writing, .swap: #expect(afterKill == old, "\(point): nothing is renamed in before every file is written")
            case .swapped: #expect(afterKill != old && afterKill != clean, "\(point): killed after the first file was renamed in")
            case .committed: #expect(afterKill == clean, "\(point)")
            }
            if point != .committed { #expect(!Self.strays(site).isEmpty, "\(point): the kill left its folder behind") }

            let next = try KBProcess.run(site.buildArguments)
            #expect(next.code == 0, "\(point): \(next.err)")
            #expect(Self.waitForNoStrays(site).isEmpty, "\(point): stray folders remain")
            let rebuilt = Self.snapshot(site.output)
            #expect(rebuilt == clean, "\(point): differs from a clean build in \(Set(rebuilt.keys).symmetricDifference(clean.keys).sorted().prefix(5)) or bytes")
            try? FileManager.default.removeItem(atPath: site.root)
        }
    }

    /// Killed after renaming its files in but before saving its cache, a build leaves new files the cache does not
    /// list; when the content then goes back, the next build still removes them (they were noted as pending).
    @Test func filesOfAKilledUpdateAreKnownToTheNextBuild() throws {
        let reference = try Fixture(Self.content(version: 1))
        #expect(try KBProcess.run(reference.buildArguments).code == 0)
        let versionOne = Self.snapshot(reference.output)

        let site = try Fixture(Self.content(version: 1))
        #expect(try KBProcess.run(site.buildArguments).code == 0)
        for (path, text) in Self.content(version: 2) { try site.write(path, text) }
        let killed = try KBProcess.run(site.buildArguments, environment: ["KB_TEST_KILL_AT": "committed"])
        #expect(killed.code == 9)
        #expect(site.page("en-us/new/index.html") != nil)
        try FileManager.default.removeItem(atPath: site.content + "/en-us/new.md")
        for (path, text) in Self.content(version: 1) { try site.write(path, text) }
        #expect(try KBProcess.run(site.buildArguments).code == 0)
        #expect(Self.snapshot(site.output) == versionOne)
    }

    /// A first build (no site yet) is swapped in whole: killed anywhere, there is no site or the complete one.
    @Test func aFirstBuildKilledAnywhereLeavesNoSiteOrTheWholeOne() throws {
        let reference = try Fixture(Self.content(version: 2))
        #expect(try KBProcess.run(reference.buildArguments).code == 0)
        let clean = Self.snapshot(reference.output)
        for point in FaultInjection.Point.allCases {
            let site = try Fixture(Self.content(version: 2))
            let killed = try KBProcess.run(site.buildArguments, environment: ["KB_TEST_KILL_AT": point.rawValue])
            #expect(killed.code == 9, "\(point)")
            let afterKill = Self.snapshot(site.output)
            #expect(afterKill == ([.swapped, .committed].contains(point) ? clean : [:]), "\(point)")
            #expect(try KBProcess.run(site.buildArguments).code == 0)
            #expect(Self.waitForNoStrays(site).isEmpty, "\(point): stray folders remain")
            #expect(Self.snapshot(site.output) == clean, "\(point)")
            try? FileManager.default.removeItem(atPath: site.root)
        }
    }

    /// A real `kill -9` from outside while an update of every page is being written: every file stays whole.
    @Test func aBuildKilledFromOutsideMidWriteLeavesEveryFileWhole() throws {
        var files = Self.content(version: 1)
        for i in 0..<600 { files["en-us/bulk/b\(i).md"] = "# Bulk \(i)\n\n" + String(repeating: "Words of filler text. ", count: 200) }
        let site = try Fixture(files)
        #expect(try KBProcess.run(site.buildArguments).code == 0)
        let old = Self.snapshot(site.output)
        // A new site title shows on every page, so every page is rewritten.
        files["kb.yml"] = "defaultLocale: en-us\ntitle: Renamed\n"
        let reference = try Fixture(files)
        #expect(try KBProcess.run(reference.buildArguments).code == 0)
        let new = Self.snapshot(reference.output)
        try site.write("kb.yml", files["kb.yml"]!)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: KBProcess.executable)
        process.arguments = site.buildArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let staging = site.output + ".kb-tmp-\(process.processIdentifier)"
        // Kill once the build has started writing pages (or when it is about to finish anyway).
        while process.isRunning && ((try? FileManager.default.subpathsOfDirectory(atPath: staging))?.count ?? 0) < 50 {
            usleep(1_000)
        }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        if wasRunning {
            #expect(Self.eachFileOldOrNew(Self.snapshot(site.output), old: old, new: new) == [])
            #expect(Self.strays(site).contains { $0.hasPrefix("site.kb-tmp-") })
        }
        #expect(try KBProcess.run(site.buildArguments).code == 0)
        #expect(Self.waitForNoStrays(site).isEmpty)
        #expect(Self.snapshot(site.output) == new)
    }

    /// A folder of a build that is still running is left alone; one whose process is gone is removed.
    @Test func onlyFoldersOfFinishedProcessesAreRemoved() throws {
        let site = try Fixture(Self.content(version: 1))
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let live = site.root + "/site.kb-tmp-\(getpid())"
        let dead = site.root + "/site.kb-old-\(gone.processIdentifier)"
        for folder in [live, dead] {
            try FileManager.default.createDirectory(atPath: folder + "/en-us", withIntermediateDirectories: true)
        }
        // This test process is alive and holds the lock a running build would hold.
        let lock = SiteWriter.lockFolder(live)
        defer { close(lock) }
        #expect(lock >= 0)
        #expect(try KBProcess.run(site.buildArguments).code == 0)
        let deadline = ContinuousClock.now + .seconds(60)
        while FileManager.default.fileExists(atPath: dead) && ContinuousClock.now < deadline { usleep(20_000) }
        #expect(!FileManager.default.fileExists(atPath: dead), "abandoned folder removed")
        #expect(FileManager.default.fileExists(atPath: live + "/en-us"), "a running build's folder is never touched")
    }

    @Test func aWriteErrorExitsWithTwoAndOneLineAndKeepsTheOldSite() throws {
        let site = try Fixture(Self.content(version: 1))
        #expect(try KBProcess.run(site.buildArguments).code == 0)
        let old = Self.snapshot(site.output)
        for (path, text) in Self.content(version: 2) { try site.write(path, text) }
        let failed = try KBProcess.run(site.buildArguments, environment: ["KB_TEST_WRITE_ERROR_AFTER": "7"])
        #expect(failed.code == 2)
        let lines = failed.err.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: cannot write ") && lines[0].hasSuffix("No space left on device"),
                "\(failed.err)")
        #expect(Self.snapshot(site.output) == old)
        #expect(Self.strays(site).isEmpty, "the staging folder is removed at once")
    }
}

/// The same on a real filesystem that is full or read-only: a small tmpfs, which needs root (CI and this machine
/// run as root; elsewhere these tests are skipped, the injected error above still runs).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KBProcess.executable) && SmallFilesystem.canMount,
                "needs root to mount a small tmpfs: real ENOSPC/EROFS tests skipped"))
struct FullDiskTests {
    @Test func aFullDiskExitsWithTwoAndOneLineAndKeepsTheOldSite() throws {
        try Self.failedRebuild(expecting: "No space left on device") { site, _ in
            // Far more than the free space: 200 pages of 20 KB.
            for i in 0..<200 { try site.write("en-us/big/p\(i).md", "# P\(i)\n\n" + String(repeating: "x ", count: 10_000)) }
        }
    }

    @Test func aReadOnlyOutputExitsWithTwoAndOneLine() throws {
        try Self.failedRebuild(expecting: "Read-only file system") { _, disk in try disk.remountReadOnly() }
    }

    /// Publishes a site on a small tmpfs, spoils the next build with `change`, and checks that it fails with exit 2
    /// and one line naming `problem`, leaving the published site and nothing else.
    static func failedRebuild(expecting problem: String, after change: (Fixture, SmallFilesystem) throws -> Void) throws {
        let disk = try SmallFilesystem(kilobytes: 512)
        defer { disk.unmount() }
        let site = try Fixture(CrashRecoveryTests.content(version: 1))
        let output = disk.path + "/site"
        let arguments = ["build", "--content", site.content, "--templates", Fixture.defaultTemplates, "--output", output]
        #expect(try KBProcess.run(arguments).code == 0)
        let old = CrashRecoveryTests.snapshot(output)
        try change(site, disk)
        let failed = try KBProcess.run(arguments)
        #expect(failed.code == 2)
        let lines = failed.err.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: ") && lines[0].contains(problem), "\(failed.err)")
        #expect(CrashRecoveryTests.snapshot(output) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["site"], "nothing left beside the site")
    }
}

/// A tmpfs of a few hundred kilobytes, mounted for one test.
struct SmallFilesystem {
    let path: String

    static let canMount: Bool = {
        guard getuid() == 0, let probe = try? SmallFilesystem(kilobytes: 64) else { return false }
        probe.unmount()
        return true
    }()

    init(kilobytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kb-tmpfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path]) else {
            try? FileManager.default.removeItem(atPath: path)
            throw CocoaError(.fileWriteNoPermission)
        }
    }

    func remountReadOnly() throws {
        guard Self.mount(["-o", "remount,ro", path]) else { throw CocoaError(.fileWriteNoPermission) }
    }

    func unmount() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/umount")
        process.arguments = [path]
        try? process.run()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func mount(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/mount")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
