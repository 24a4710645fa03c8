import Foundation
import KBCommands
import Testing
import Yams

/// The example GitHub Actions workflow (`examples/github-actions/sharded-pages.yml`): no workflow linter installs
/// from the package registries here, so it is read as YAML and its job graph, matrix and kb command lines checked
/// (each command line parses with kb's own argument parser).
struct WorkflowExampleTests {
    static let path = Fixture.repository.appendingPathComponent("examples/github-actions/sharded-pages.yml").path

    func workflow() throws -> Node {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        return try #require(try Yams.compose(yaml: text))
    }

    @Test func theJobGraphRunsEveryShardThenMergesThenPublishes() throws {
        let root = try workflow()
        let jobs = try #require(root["jobs"]?.mapping)
        let names = Set(jobs.keys.compactMap(\.string))
        #expect(names == ["shard", "merge", "deploy"])
        // Every `needs` names a job, and following them never comes back (no cycle).
        func needs(_ job: String) -> [String] {
            switch jobs[Node(job)]?["needs"] {
            case .scalar(let one)?: [one.string]
            case .sequence(let many)?: many.compactMap(\.string)
            default: []
            }
        }
        #expect(needs("merge") == ["shard"] && needs("deploy") == ["merge"] && needs("shard").isEmpty)
        for job in names { for need in needs(job) { #expect(names.contains(need), "\(job) needs unknown job \(need)") } }

        let count = try #require(root["env"]?["SHARDS"]?.int)
        let matrix = try #require(jobs["shard"]?["strategy"]?["matrix"]?["shard"]?.sequence).compactMap(\.int)
        #expect(matrix == Array(1...count), "the matrix lists shards 1…SHARDS")
        for job in names {
            for step in jobs[Node(job)]?["steps"]?.sequence ?? [] {
                if let uses = step["uses"]?.string { #expect(uses.contains("@v"), "\(uses) is not pinned to a version") }
            }
        }
        let cache = try #require(jobs["shard"]?["steps"]?.sequence?.first { $0["uses"]?.string?.hasPrefix("actions/cache@") == true })
        #expect(cache["with"]?["path"]?.string == ".kb-cache")
        #expect(cache["with"]?["key"]?.string?.contains("${{ matrix.shard }}") == true, "one cache per shard")
    }

    @Test func everyKbCommandLineParses() throws {
        let root = try workflow()
        var commands: [[String]] = []
        for (_, job) in root["jobs"]?.mapping ?? [:] {
            for step in job["steps"]?.sequence ?? [] {
                guard let run = step["run"]?.string, let range = run.range(of: ".build/release/kb ") else { continue }
                let line = run[range.upperBound...].replacingOccurrences(of: "${{ matrix.shard }}", with: "2")
                    .replacingOccurrences(of: "${{ env.SHARDS }}", with: "4")
                commands.append(line.split(separator: " ").map(String.init))
            }
        }
        #expect(commands.map(\.first) == ["build", "merge"])
        for arguments in commands {
            #expect(throws: Never.self, "kb \(arguments.joined(separator: " ")) does not parse") { _ = try KB.parseAsRoot(arguments) }
        }
    }
}
