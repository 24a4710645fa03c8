import ContentDiscovery
import Foundation
import FrontMatter
import Mustache
import SiteModel

/// `kb new`: a new article from the theme's `new-article.md`, or a translation stub from an article of another
/// locale. Never overwrites a file.
public enum ArticleScaffold {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The article kb writes when the theme has no `new-article.md`.
    static let defaultTemplate = """
        ---
        title: {{{titleYAML}}}
        description: {{{titleYAML}}}
        ms.date: {{date}}
        ms.topic: troubleshooting
        ms.contentlocale: {{locale}}
        {{#topicID}}
        ms.custom:
        - "{{topicID}}"
        {{/topicID}}
        ---
        # {{{title}}}

        Describe what readers see, then the steps that fix it.

        """

    /// The file for `target` (`<locale>/<path>.md`, below the content folder), checked: a language tag, a Markdown
    /// article path (not an include, no `..`, no hidden folder).
    public static func destination(_ target: String, contentDirectory: String) throws -> (LocaleCode, ArticlePath, String) {
        let parts = target.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let locale = LocaleCode(String(parts[0])) else {
            throw Failure(description: "`\(target)` must start with a locale folder, like en-us/printing/paper-jam.md")
        }
        let inner = parts.dropFirst()
        guard !inner.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.hasPrefix(".") }) else {
            throw Failure(description: "`\(target)` must be a plain path below the locale folder (no `..`, no hidden folders)")
        }
        let relative = inner.joined(separator: "/")
        guard ContentScanner.classify(relative) == .article else {
            throw Failure(description: "`\(target)` must name a Markdown article (.md), outside any includes/ folder")
        }
        return (locale, ArticlePath(relative), try folder(of: locale, spelled: String(parts[0]), in: contentDirectory) + "/" + relative)
    }

    /// The locale's folder: configured in kb.yml, else the one on disk however it is spelled (`ja-JP`), else a new
    /// one as the writer spelled it.
    static func folder(of locale: LocaleCode, spelled: String, in content: String) throws -> String {
        let (config, _) = try ConfigLoader.load(contentDirectory: content)
        if let configured = config.locales[locale]?.path { return configured }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: content)) ?? []).sorted()
        return content + "/" + (names.first { LocaleCode($0) == locale } ?? spelled)
    }

    /// Writes a new article; returns its path.
    @discardableResult
    public static func newArticle(_ target: String, contentDirectory: String, templatesDirectory: String,
                                  title: String?, topicID: String?, today: Date = Date()) async throws -> String {
        let (locale, path, file) = try destination(target, contentDirectory: contentDirectory)
        let template = FileManager.default.contents(atPath: templatesDirectory + "/new-article.md")
            .map { String(decoding: $0, as: UTF8.self) } ?? defaultTemplate
        let title = title ?? MarkdownFile.stem(String(path.value.split(separator: "/").last ?? ""))
            .replacingOccurrences(of: "-", with: " ")
        let context: [String: Any] = [
            "title": title, "titleYAML": yamlString(title), "date": docsDate(today), "locale": locale.tag,
            "topicID": topicID.map { $0 as Any } ?? false,
        ]
        let text: String
        do {
            text = try MustacheTemplate(string: template).render(context)
        } catch {
            throw Failure(description: "\(templatesDirectory)/new-article.md: \(error)")
        }
        try create(file, text)
        return file
    }

    /// Writes a translation stub of `target` from the article at the same path in `sourceLocale`: its front matter
    /// with `ms.contentlocale`, `ms.lasthandoff` and (in a git work tree) `ms.sourcegitcommit` set, and its body.
    @discardableResult
    public static func translationStub(_ target: String, from sourceLocale: String, contentDirectory: String,
                                       today: Date = Date()) throws -> String {
        let (locale, path, file) = try destination(target, contentDirectory: contentDirectory)
        guard let source = LocaleCode(sourceLocale) else { throw Failure(description: "`\(sourceLocale)` is not a locale") }
        guard source != locale else { throw Failure(description: "a translation needs another locale than its source") }
        let found = try folder(of: source, spelled: sourceLocale, in: contentDirectory) + "/" + path.value
        guard let bytes = FileManager.default.contents(atPath: found) else {
            throw Failure(description: "no source article \(found) to translate")
        }
        var fields = [("ms.contentlocale", locale.tag), ("ms.lasthandoff", docsDate(today))]
        if let git = GitHistory(folder: (found as NSString).deletingLastPathComponent), let relative = git.relative(found),
           let commit = git.lastCommits(below: [relative])[relative] {
            fields.append(("ms.sourcegitcommit", commit))
        }
        try create(file, setting(fields, in: String(decoding: bytes, as: UTF8.self)))
        return file
    }

    /// The text with each top-level front-matter key set (replaced where present, else added before the closing
    /// `---`); a text without front matter gets one.
    static func setting(_ fields: [(String, String)], in text: String) -> String {
        let block = FrontMatterBlock(splitting: text)
        guard let yaml = block.yaml, !block.isUnclosed else {
            return "---\n" + fields.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n---\n" + text
        }
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (key, value) in fields {
            let line = "\(key): \(value)"
            if let at = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) {
                // The key's own line and any indented continuation (a list or block under it).
                var end = at + 1
                while end < lines.count, lines[end].hasPrefix(" ") || lines[end].hasPrefix("-") { end += 1 }
                lines.replaceSubrange(at..<end, with: [line])
            } else {
                lines.append(line)
            }
        }
        return "---\n" + lines.joined(separator: "\n") + "\n---\n" + block.body
    }

    private static func create(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Failure(description: errno == EEXIST ? "\(path) exists; kb new never overwrites"
                                                       : "\(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        try Array(text.utf8).withUnsafeBytes { try SiteWriter.writeAll(fd, $0) }
    }

    /// A YAML double-quoted scalar (a JSON string is one).
    static func yamlString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// `MM/dd/yyyy`, as Microsoft Docs writes `ms.date`.
    static func docsDate(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%02d/%02d/%04d", parts.month ?? 1, parts.day ?? 1, parts.year ?? 1970)
    }
}
