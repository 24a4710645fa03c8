import Foundation
import Testing
@testable import SiteBuilder
import SiteModel

/// `kb status` on small git repositories made in a temporary folder, and on content outside git.
struct TranslationStatusTests {
    /// A git work tree at the fixture's root, with commits dated as the test says.
    struct Repository {
        let site: Fixture

        init(_ files: [String: String]) throws {
            site = try Fixture(files)
            try git(["init", "-q", "-b", "main"])
        }

        @discardableResult
        func git(_ arguments: [String], date: String = "2024-01-01T12:00:00Z", in folder: String? = nil) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", folder ?? site.root, "-c", "user.name=kb", "-c", "user.email=kb@example.org",
                                 "-c", "commit.gpgsign=false"] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_NOSYSTEM": "1"]) { $1 }
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Commits everything; returns the commit's hash.
        @discardableResult
        func commit(_ message: String, date: String) throws -> String {
            try git(["add", "-A"], date: date)
            try git(["commit", "-q", "-m", message], date: date)
            return try git(["rev-parse", "HEAD"])
        }
    }

    static func translation(_ title: String, pinnedTo commit: String? = nil, type: String = "HT", handoff: String? = nil) -> String {
        var lines = ["title: \(title)", "ms.translationtype: \(type)", "ms.contentlocale: ja-JP"]
        if let commit { lines.append("ms.sourcegitcommit: \(commit)") }
        if let handoff { lines.append("ms.lasthandoff: \(handoff)") }
        return "---\n" + lines.joined(separator: "\n") + "\n---\n# \(title)\n\n本文。\n"
    }

    static let kb = "defaultLocale: en-us\n"

    @Test func aSourceEditAfterThePinnedCommitMakesTheTranslationStale() throws {
        let repo = try Repository(["kb.yml": Self.kb, "en-us/a.md": "# A\n\nFirst.\n", "en-us/b.md": "# B\n\nFirst.\n"])
        let pin = try repo.commit("sources", date: "2024-01-01T12:00:00Z")
        try repo.site.write("ja-jp/a.md", Self.translation("A", pinnedTo: pin))
        try repo.site.write("ja-jp/b.md", Self.translation("B", pinnedTo: pin, type: "MT"))
        try repo.commit("translations", date: "2024-02-01T12:00:00Z")
        try repo.site.write("en-us/a.md", "# A\n\nSecond.\n")
        try repo.commit("edit a", date: "2024-03-05T12:00:00Z")

        let status = try TranslationStatus.compute(contentDirectory: repo.site.content)
        #expect(status.method == .git)
        let japanese = try #require(status.locales[LocaleCode("ja-jp")!])
        #expect(japanese.translated == 2)
        #expect(japanese.stale == [.init(path: repo.site.content + "/ja-jp/a.md", source: repo.site.content + "/en-us/a.md",
                                         since: "2024-03-05")])
        #expect(japanese.machineTranslated == [repo.site.content + "/ja-jp/b.md"], "b is pinned and unchanged: only MT")
        #expect(japanese.unknown.isEmpty && japanese.untracked.isEmpty && status.notes.isEmpty)
    }

    @Test func withoutAPinTheTranslationsOwnLastCommitIsTheBase() throws {
        let repo = try Repository(["kb.yml": Self.kb, "en-us/a.md": "# A\n", "en-us/b.md": "# B\n"])
        try repo.commit("sources", date: "2024-01-01T12:00:00Z")
        try repo.site.write("ja-jp/a.md", Self.translation("A"))
        try repo.site.write("ja-jp/b.md", Self.translation("B"))
        try repo.commit("translations", date: "2024-02-01T12:00:00Z")
        try repo.site.write("en-us/b.md", "# B\n\nNews.\n")
        try repo.commit("edit b", date: "2024-03-01T12:00:00Z")
        try repo.site.write("ja-jp/a.md", Self.translation("A, revised"))
        try repo.commit("revise a", date: "2024-04-01T12:00:00Z")

        let japanese = try #require(TranslationStatus.compute(contentDirectory: repo.site.content).locales[LocaleCode("ja-jp")!])
        #expect(japanese.stale.map(\.path) == [repo.site.content + "/ja-jp/b.md"])
        #expect(japanese.stale.first?.since == "2024-03-01")
    }

    @Test func aShallowCloneWithoutThePinnedCommitSaysUnknown() throws {
        let repo = try Repository(["kb.yml": Self.kb, "en-us/a.md": "# A\n"])
        let pin = try repo.commit("sources", date: "2024-01-01T12:00:00Z")
        try repo.site.write("ja-jp/a.md", Self.translation("A", pinnedTo: pin))
        try repo.commit("translation", date: "2024-02-01T12:00:00Z")
        try repo.site.write("en-us/a.md", "# A\n\nEdited.\n")
        try repo.commit("edit", date: "2024-03-01T12:00:00Z")
        let clone = repo.site.root + "-shallow"
        defer { try? FileManager.default.removeItem(atPath: clone) }
        try repo.git(["clone", "-q", "--depth", "1", "file://" + repo.site.root, clone], in: "/")

        let status = try TranslationStatus.compute(contentDirectory: clone + "/content")
        let japanese = try #require(status.locales[LocaleCode("ja-jp")!])
        #expect(japanese.unknown == [clone + "/content/ja-jp/a.md"])
        #expect(japanese.stale.isEmpty, "never a verdict without the history to back it")
        #expect(status.notes.count == 1 && status.notes[0].contains("--unshallow"))
    }

    /// Thousands of translations pinned to commits of another repository (the source repository of a localization
    /// one): git's answers for them outgrow a pipe, and each is "unknown".
    @Test(.timeLimit(.minutes(1))) func thousandsOfForeignPinsAreUnknown() throws {
        var files = ["kb.yml": Self.kb]
        for index in 0..<3000 {
            files["en-us/\(index).md"] = "# \(index)\n"
            let pin = String(repeating: String(format: "%08x", index * 7919 + 1), count: 5)
            files["ja-jp/\(index).md"] = Self.translation("\(index)", pinnedTo: pin)
        }
        let repo = try Repository(files)
        try repo.commit("all", date: "2024-01-01T12:00:00Z")
        let status = try TranslationStatus.compute(contentDirectory: repo.site.content)
        let japanese = try #require(status.locales[LocaleCode("ja-jp")!])
        #expect(japanese.unknown.count == 3000 && japanese.stale.isEmpty)
        #expect(status.notes.count == 1 && status.notes[0].contains("another repository"))
    }

    @Test func outsideGitTheHandoffDateIsComparedWithTheSourceDate() throws {
        let site = try Fixture([
            "kb.yml": Self.kb,
            "en-us/old.md": "---\nms.date: 03/04/2024\n---\n# Old\n",
            "en-us/new.md": "---\nms.date: 01/02/2024\n---\n# New\n",
            "en-us/bare.md": "---\nms.date: 2024-01-01\n---\n# Bare\n",
            "en-us/only-english.md": "# Only English\n",
            "ja-jp/old.md": Self.translation("Old", handoff: "02/01/2024"),
            "ja-jp/new.md": Self.translation("New", handoff: "2024-01-02"),
            "ja-jp/bare.md": "# 翻訳\n",
            "ja-jp/gone.md": Self.translation("Gone", handoff: "02/01/2024"),
        ])
        let status = try TranslationStatus.compute(contentDirectory: site.content)
        #expect(status.method == .dates)
        let japanese = try #require(status.locales[LocaleCode("ja-jp")!])
        #expect(japanese.translated == 3)
        #expect(japanese.stale == [.init(path: site.content + "/ja-jp/old.md", source: site.content + "/en-us/old.md", since: "2024-03-04")])
        #expect(japanese.untracked == [site.content + "/ja-jp/bare.md"])
        #expect(japanese.missing == [site.content + "/en-us/only-english.md"])
        #expect(japanese.orphaned == [site.content + "/ja-jp/gone.md"])
    }

    @Test func theCommandPrintsSortedJSONAndFailsOnlyOnWhatItIsAskedTo() throws {
        let site = try Fixture([
            "kb.yml": Self.kb,
            "en-us/a.md": "---\nms.date: 03/04/2024\n---\n# A\n",
            "en-us/b.md": "# B\n",
            "ja-jp/a.md": Self.translation("A", handoff: "02/01/2024"),
        ])
        let json = try KBProcess.run(["status", "--content", site.content, "--format", "json"])
        #expect(json.code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let japanese = try #require((object["locales"] as? [String: Any])?["ja-jp"] as? [String: Any])
        #expect(japanese["translated"] as? Int == 1)
        #expect(japanese["missing"] as? [String] == [site.content + "/en-us/b.md"])
        #expect((japanese["stale"] as? [[String: String]])?.first?["since"] == "2024-03-04")
        #expect(json.out.range(of: "\"machineTranslated\"")!.lowerBound < json.out.range(of: "\"missing\"")!.lowerBound)

        #expect(try KBProcess.run(["status", "--content", site.content, "--fail-on", "mt"]).code == 0)
        #expect(try KBProcess.run(["status", "--content", site.content, "--fail-on", "mt", "stale"]).code == 1)
        let github = try KBProcess.run(["status", "--content", site.content, "--format", "github", "--fail-on", "missing"])
        #expect(github.code == 1)
        #expect(github.out.contains("::warning file=") && github.out.contains("title=stale-translation"))
        #expect(github.out.contains("::notice file=") && github.out.contains("title=missing-translation"))
    }
}
