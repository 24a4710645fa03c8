import ContentDiscovery
import Foundation

/// What `kb status` asks git: whether the content is in a work tree, which commits exist, and which files changed
/// after a commit. A handful of `git` processes per run, whatever the number of articles: translations are grouped by
/// the commit they are pinned to, and one `git log` answers for each group.
struct GitHistory {
    /// The work tree's top folder, real path.
    let top: String
    let isShallow: Bool
    private var changedSince: [String: [String: String]] = [:]

    /// The history of the work tree holding `folder`; nil when there is none (or no git).
    init?(folder: String) {
        guard let top = GitHistory.run(["rev-parse", "--show-toplevel"], in: folder)?
            .trimmingCharacters(in: .whitespacesAndNewlines), !top.isEmpty
        else { return nil }
        self.top = ContentScanner.realPath(top) ?? top
        isShallow = GitHistory.run(["rev-parse", "--is-shallow-repository"], in: folder)?.hasPrefix("true") ?? false
    }

    /// The path of a file below the work tree, as git names it; nil outside it.
    func relative(_ path: String) -> String? {
        let real = ContentScanner.realPath(path) ?? path
        guard real.hasPrefix(top + "/") else { return nil }
        return String(real.dropFirst(top.count + 1))
    }

    /// The commits among `hashes` that this repository holds.
    func existing(_ hashes: Set<String>) -> Set<String> {
        let wanted = hashes.filter { !$0.isEmpty && $0.allSatisfy(\.isHexDigit) }.sorted()
        guard !wanted.isEmpty,
              let out = GitHistory.run(["cat-file", "--batch-check=%(objecttype) %(objectname)"], in: top,
                                       input: wanted.map { $0 + "^{commit}" }.joined(separator: "\n") + "\n")
        else { return [] }
        // One line per request, in order: `commit <full hash>` or `<request> missing`.
        var found = Set<String>()
        for (hash, line) in zip(wanted, out.split(separator: "\n")) where line.hasPrefix("commit ") { found.insert(hash) }
        return found
    }

    /// The last commit that touched each file below `folders` (paths relative to the work tree).
    func lastCommits(below folders: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for (commit, _, files) in log([], paths: folders) {
            for file in files where result[file] == nil { result[file] = commit }
        }
        return result
    }

    /// Files below `folders` changed by a commit after `commit` (reachable from HEAD, not from it), each with the
    /// date of the first such change (`YYYY-MM-DD`).
    mutating func changed(since commit: String, below folders: [String]) -> [String: String] {
        let key = commit + "\u{0}" + folders.joined(separator: "\u{0}")
        if let known = changedSince[key] { return known }
        var result: [String: String] = [:]
        // Newest first: the last date seen for a file is its first change after the commit.
        for (_, date, files) in log([commit + "..HEAD"], paths: folders) {
            for file in files { result[file] = date }
        }
        changedSince[key] = result
        return result
    }

    private func log(_ range: [String], paths: [String]) -> [(commit: String, date: String, files: [String])] {
        let arguments = ["log", "--no-renames", "--format=%x01%H %cs", "--name-only"] + range + ["--"] + paths
        guard let out = GitHistory.run(arguments, in: top) else { return [] }
        return out.split(separator: "\u{1}").compactMap { record in
            let lines = record.split(separator: "\n")
            guard let head = lines.first else { return nil }
            let parts = head.split(separator: " ")
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]), lines.dropFirst().map(String.init))
        }
    }

    /// Runs git in `folder`; nil when it fails or is not installed.
    static func run(_ arguments: [String], in folder: String, input: String? = nil) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        do { try process.run() } catch { return nil }
        // Input is written beside the reads: git answers while it reads, and a full output pipe would stop it.
        let writer = stdin.fileHandleForWriting, done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if let input { writer.write(Data(input.utf8)) }
            try? writer.close()
            done.signal()
        }
        let errorReader = errors.fileHandleForReading
        DispatchQueue.global().async { _ = errorReader.readDataToEndOfFile() }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
