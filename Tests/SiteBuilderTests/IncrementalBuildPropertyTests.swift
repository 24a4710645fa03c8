import Foundation
import SearchIndexing
import SiteModel
import Testing
@testable import SiteBuilder

/// Random edit sequences against the build cache: after every step, an incremental build (cache, existing output)
/// writes exactly the bytes and reports exactly the problems of a cold build of the same content. The edits cover
/// bodies, titles, added, deleted and renamed articles, includes, tocs, redirections, templates, kb.yml, a new
/// locale, a touched file and a broken one.
///
/// The builds run on a thread of their own (`OwnThreadExecutor`): a build works synchronously inside, and minutes of
/// it on Swift's cooperative threads would starve the live-server tests that run meanwhile on a two-core machine.
@Suite(.serialized) struct IncrementalBuildPropertyTests {
    /// Runs the jobs of the tasks that prefer it on one serial queue, off the cooperative pool.
    final class OwnThreadExecutor: TaskExecutor, @unchecked Sendable {
        static let shared = OwnThreadExecutor()
        private let queue = DispatchQueue(label: "kb.property-tests")

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }

    /// A working copy of a content folder and the default templates, built incrementally and cold side by side.
    final class Workbench {
        let root: String
        var content: String { root + "/content" }
        var templates: String { root + "/templates" }
        var generator: SeededGenerator
        var log: [String] = []

        /// Postings entries above which search indexes are sharded (lowered to shard a small site).
        var shardThreshold = SearchIndex.shardThreshold

        init(content source: String, seed: UInt64) throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-property-\(UUID().uuidString)").path
            self.root = root
            generator = SeededGenerator(seed: seed)
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: root + "/content")
            try FileManager.default.copyItem(atPath: Fixture.defaultTemplates, toPath: root + "/templates")
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func options(output: String, cache: Bool) -> BuildOptions {
            var options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: root + "/" + output, jobs: 2)
            options.cacheDirectory = cache ? root + "/.kb-cache" : nil
            options.searchShardThreshold = shardThreshold
            return options
        }

        /// Files below the content folder with one of the extensions, sorted.
        func files(_ extensions: [String]) -> [String] {
            ((try? FileManager.default.subpathsOfDirectory(atPath: content)) ?? []).filter { path in
                extensions.contains { path.hasSuffix($0) }
            }.sorted()
        }

        func pick<T>(_ items: [T]) -> T? {
            items.isEmpty ? nil : items[Int(generator.next() % UInt64(items.count))]
        }

        func word() -> String {
            pick(["zanzibar", "quokka", "fjord", "Kennwort", "資格情報", "تحديث", "mirror", "cobalt"])!
        }

        func read(_ path: String) -> String {
            (FileManager.default.contents(atPath: content + "/" + path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }

        func write(_ path: String, _ text: String) throws {
            let url = URL(fileURLWithPath: content + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        var locales: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: content)) ?? []).filter { !$0.contains(".") }.sorted()
        }

        /// One random edit; returns what it did.
        func edit() throws {
            let articles = files([".md"]).filter { !$0.contains("/includes/") }
            let choice = generator.next() % 14
            switch choice {
            case 0, 1, 2:
                guard let path = pick(articles) else { return }
                try write(path, read(path) + "\nA new paragraph about \(word()).\n")
                log.append("body \(path)")
            case 3:
                guard let path = pick(articles) else { return }
                let text = read(path)
                let retitled = text.replacingOccurrences(of: "title: ", with: "title: \(word()) ", options: [], range: text.range(of: "title: "))
                try write(path, retitled == text ? "# \(word())\n\n" + text : retitled)
                log.append("title \(path)")
            case 4:
                guard let locale = pick(locales), let target = pick(articles.filter { $0.hasPrefix(locale + "/") }) else { return }
                let name = "\(locale)/new-\(generator.next() % 1000).md"
                let link = "../" + target.split(separator: "/").dropFirst().joined(separator: "/")
                try write(name, "---\ntitle: New \(word())\n---\n# New\n\nSee [the other page](\(link)) and [a missing one](nowhere.md).\n")
                log.append("add \(name)")
            case 5:
                guard let path = pick(articles), articles.count > 3 else { return }
                try FileManager.default.removeItem(atPath: content + "/" + path)
                log.append("delete \(path)")
            case 6:
                guard let path = pick(articles) else { return }
                let renamed = (path as NSString).deletingPathExtension + "-moved.md"
                try FileManager.default.moveItem(atPath: content + "/" + path, toPath: content + "/" + renamed)
                log.append("rename \(path)")
            case 7:
                if let path = pick(files([".md"]).filter { $0.contains("/includes/") }) {
                    try write(path, read(path) + "\nIncluded \(word()).\n")
                    log.append("include \(path)")
                } else if let locale = pick(locales), let article = pick(articles.filter { $0.hasPrefix(locale + "/") && !$0.dropFirst(locale.count + 1).contains("/") }) {
                    try write("\(locale)/includes/shared.md", "Shared \(word()).\n")
                    try write(article, read(article) + "\n[!INCLUDE [shared](includes/shared.md)]\n")
                    log.append("new include in \(article)")
                }
            case 8:
                guard let locale = pick(locales), let target = pick(articles.filter { $0.hasPrefix(locale + "/") }) else { return }
                let toc = "\(locale)/toc.yml"
                let href = target.split(separator: "/").dropFirst().joined(separator: "/")
                let existing = read(toc)
                try write(toc, (existing.isEmpty ? "" : existing + (existing.hasSuffix("\n") ? "" : "\n")) + "- name: Entry \(word())\n  href: \(href)\n")
                log.append("toc \(toc)")
            case 9:
                guard let locale = pick(locales), let source = pick(articles.filter { $0.hasPrefix(locale + "/") }),
                      let target = pick(articles.filter { $0.hasPrefix(locale + "/") && $0 != source }) else { return }
                let stem = (target.split(separator: "/").dropFirst().joined(separator: "/") as NSString).deletingPathExtension
                let from = source.split(separator: "/").dropFirst().joined(separator: "/")
                try write("\(locale)/.openpublishing.redirection.json",
                          "{\"redirections\": [{\"source_path\": \"\(from)\", \"redirect_url\": \"/\(stem)\"}]}\n")
                log.append("redirect \(locale) \(from) → \(stem)")
            case 10:
                let footer = templates + "/footer.mustache"
                let text = (FileManager.default.contents(atPath: footer)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                try Data((text + "<!-- \(word()) -->\n").utf8).write(to: URL(fileURLWithPath: footer))
                log.append("template footer")
            case 11:
                let config = read("kb.yml")
                try write("kb.yml", config.isEmpty ? "title: Site \(word())\n" : config + "\n# \(word())\n")
                log.append("kb.yml")
            case 12:
                guard let from = pick(locales), !locales.contains("fr-fr") else { return }
                try FileManager.default.copyItem(atPath: content + "/" + from, toPath: content + "/fr-fr")
                log.append("new locale fr-fr from \(from)")
            default:
                guard let path = pick(articles) else { return }
                if generator.next() % 2 == 0 {
                    try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: content + "/" + path)
                    log.append("touch \(path)")
                } else {
                    try write(path, "---\ntitle: [broken\n---\n# Broken\n")
                    log.append("break \(path)")
                }
            }
        }
    }

    /// Every file below `root` and its bytes.
    static func snapshot(_ root: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: root + "/" + path)
            }
        }
        return files
    }

    /// Runs `steps` random edits; after each, incremental == cold. Returns, for each body edit, the outputs made
    /// again and the outputs kept, and the number of locales at the end.
    static func run(content: String, seed: UInt64, steps: Int, shardThreshold: Int = SearchIndex.shardThreshold) async throws
        -> (bodyEdits: [(made: Int, kept: Int)], locales: Int) {
        let bench = try Workbench(content: content, seed: seed)
        bench.shardThreshold = shardThreshold
        _ = try await BuildPipeline.run(bench.options(output: "site", cache: true))
        var bodyEdits: [(Int, Int)] = []
        for step in 0..<steps {
            try bench.edit()
            let incremental = try await BuildPipeline.run(bench.options(output: "site", cache: true))
            try? FileManager.default.removeItem(atPath: bench.root + "/cold")
            let cold = try await BuildPipeline.run(bench.options(output: "cold", cache: false))
            if bench.log.last?.hasPrefix("body") == true {
                bodyEdits.append((incremental.madeOutputs, incremental.keptOutputs))
            }
            let a = snapshot(bench.root + "/site"), b = snapshot(bench.root + "/cold")
            let differing = Set(a.keys).symmetricDifference(b.keys).sorted() + a.keys.filter { b[$0] != nil && a[$0] != b[$0] }.sorted()
            #expect(differing.isEmpty, "step \(step) (\(bench.log.suffix(3))): \(differing.prefix(5))")
            #expect(incremental.diagnostics.map(\.description) == cold.diagnostics.map(\.description),
                    "step \(step) (\(bench.log.suffix(3)))")
            if !differing.isEmpty { break }
        }
        return (bodyEdits, bench.locales.count)
    }

    /// A body edit makes the article's pages (its own and its fallbacks) and the search files that hold them
    /// (each as `.json` and `.js`: the manifest, up to two term shards or the one-file index, one document chunk per
    /// locale shown in), and keeps everything else.
    static func expectLittleWork(_ result: (bodyEdits: [(made: Int, kept: Int)], locales: Int)) {
        #expect(result.bodyEdits.count >= 5)
        for (made, kept) in result.bodyEdits {
            #expect(made <= result.locales * (1 + 8) && kept >= made * 2, "made \(made), kept \(kept)")
        }
    }

    @Test func randomEditsOnTheSampleContent() async throws {
        Self.expectLittleWork(try await withTaskExecutorPreference(OwnThreadExecutor.shared) { try await Self.run(content: Fixture.repository.appendingPathComponent("content").path, seed: 11, steps: 150, shardThreshold: 400) })
    }

    @Test(.enabled(if: CorpusIntegrationTests.present, "../shared/corpus/alchemy is absent: corpus property test skipped"))
    func randomEditsOnTheCorpus() async throws {
        Self.expectLittleWork(try await withTaskExecutorPreference(OwnThreadExecutor.shared) {
            try await Self.run(content: CorpusIntegrationTests.corpus, seed: 5, steps: 50)
        })
    }
}
