import Foundation
@testable import SiteBuilder

/// A tiny site written inline by a test (Hugo's txtar style): content files, built with the default theme.
struct Fixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let defaultTemplates = repository.appendingPathComponent("templates").path

    let root: String
    var content: String { root + "/content" }
    var output: String { root + "/site" }

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-fixture-\(UUID().uuidString)").path
        FixtureFolders.add(root)
        for (path, contents) in files { try write(path, contents) }
    }

    func write(_ path: String, _ contents: String) throws {
        try write(path, bytes: Data(contents.utf8))
    }

    func write(_ path: String, bytes: Data) throws {
        let url = URL(fileURLWithPath: content + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: url)
    }

    func options(templates: String = Fixture.defaultTemplates, jobs: Int = 2) -> BuildOptions {
        BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output, jobs: jobs)
    }

    func build(jobs: Int = 2) async throws -> BuildReport {
        try await BuildPipeline.run(options(jobs: jobs))
    }

    /// A file of the built site, or nil.
    func page(_ path: String) -> String? {
        FileManager.default.contents(atPath: output + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Every fixture's folder, removed when the test process exits. Not when a fixture goes: a value's lifetime may end at
/// its last use, before a test is done with the paths it handed out; and a run of the suite left some 900 behind.
enum FixtureFolders {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var roots: [String] = []
    private static let removedAtExit: Void = { atexit { FixtureFolders.removeAll() } }()

    static func add(_ root: String) {
        _ = removedAtExit
        lock.withLock { roots.append(root) }
    }

    static func removeAll() {
        for root in lock.withLock({ roots }) { SiteWriter.removeTree(root) }
    }
}
