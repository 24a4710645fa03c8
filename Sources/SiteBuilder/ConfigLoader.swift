import Foundation
import FrontMatter
import SiteModel
import Yams

/// Reads `kb.yml` from the content folder into `SiteConfig`. A missing file is the default configuration; an invalid
/// one is a configuration error (exit code 2), because every page would depend on it. Deprecated keys still work and
/// come back as warnings.
enum ConfigLoader {
    static let fileName = "kb.yml"

    static func load(contentDirectory: String) throws -> (SiteConfig, [Diagnostic]) {
        let path = contentDirectory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return (SiteConfig(), []) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BuildFailure.configuration("\(path): not valid UTF-8")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let problem = YAMLProblem(error, yaml: text)
            throw BuildFailure.configuration("\(path):\(max(problem.line, 1)):\(max(problem.column, 1)): invalid YAML: \(problem.message)")
        }
        var config = SiteConfig()
        var diagnostics: [Diagnostic] = []
        guard let node else { return (config, []) }
        guard case .mapping = node else { throw BuildFailure.configuration("\(path): expected a mapping of settings") }
        if let title = node["title"]?.string { config.title = title }
        if let raw = node["defaultLocale"]?.string {
            guard let locale = LocaleCode(raw) else {
                throw BuildFailure.configuration("\(path): defaultLocale `\(raw)` is not a language tag")
            }
            config.defaultLocale = locale
        }
        if let base = node["baseURL"]?.string, !base.isEmpty { config.baseURL = base }
        if case .mapping(let locales)? = node["locales"] {
            for (key, value) in locales {
                guard let raw = key.string, let locale = LocaleCode(raw) else {
                    throw BuildFailure.configuration("\(path):\(key.mark?.line ?? 0): `\(key.string ?? "")` is not a language tag")
                }
                var fallback: [LocaleCode] = []
                if case .sequence(let items)? = value["fallback"] {
                    for item in items {
                        guard let code = item.string.flatMap(LocaleCode.init) else {
                            throw BuildFailure.configuration("\(path):\(item.mark?.line ?? 0): fallback `\(item.string ?? "")` is not a language tag")
                        }
                        fallback.append(code)
                    }
                }
                var folder: String?
                if let raw = value["path"]?.string, !raw.isEmpty {
                    folder = raw.hasPrefix("/") ? raw : contentDirectory + "/" + raw
                }
                config.locales[locale] = SiteConfig.LocaleSettings(
                    name: value["name"]?.string, title: value["title"]?.string, fallback: fallback, path: folder)
            }
        }
        if let links = node["links"] {
            if case .sequence(let hosts)? = links["localizeHosts"] {
                config.localizeHosts = Set(hosts.compactMap { $0.string?.lowercased() })
            }
            if let fallback = links["siteRootFallback"]?.string, !fallback.isEmpty { config.siteRootFallback = fallback }
        }
        if let exclude = node["search"]?["excludeNoIndex"]?.bool { config.searchExcludesNoIndex = exclude }
        if let old = node["search"]?["includeNoIndex"] {
            // The old key meant the opposite default; its value is still honoured unless the new key is set too.
            if node["search"]?["excludeNoIndex"] == nil, let include = old.bool { config.searchExcludesNoIndex = !include }
            let mark = node["search"]?.mapping?.keys.first { $0.string == "includeNoIndex" }?.mark
            diagnostics.append(.warning(
                "config-deprecated", at: SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1),
                "`search.includeNoIndex` is deprecated: NOINDEX articles are searchable by default; "
                    + "write `search.excludeNoIndex: true` to leave them out"))
        }
        switch node["home"]?["groupBy"] {
        case .scalar(let key)?: config.homeGroupBy = key.string.isEmpty ? [] : [key.string]
        case .sequence(let keys)?: config.homeGroupBy = keys.compactMap(\.string)
        default: break
        }
        if case .sequence(let names)? = node["html"]?["allowedElements"] {
            config.allowedElements = Set(names.compactMap { $0.string?.lowercased() })
        }
        return (config, diagnostics)
    }
}

/// Failures that stop a build before any page is written: bad configuration, templates or I/O (exit code 2).
public enum BuildFailure: Error, CustomStringConvertible {
    case configuration(String)
    case io(String)

    public var description: String {
        switch self {
        case .configuration(let message), .io(let message): message
        }
    }
}

extension SiteConfig {
    /// Command-line options win over kb.yml.
    mutating func apply(_ options: BuildOptions) {
        if let base = options.baseURL { baseURL = base }
        safeMode = options.safe
        maxFileBytes = options.maxFileBytes
    }
}
