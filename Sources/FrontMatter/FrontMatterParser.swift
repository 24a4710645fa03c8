import SiteModel
import Yams

/// Decodes a front-matter block with Yams' `compose` (no Codable: a third of the cost) into `FrontMatter`.
public enum FrontMatterParser {
    /// Parses `block.yaml`. Returns nil and an error diagnostic when the YAML is invalid or not a mapping; warnings
    /// (typo keys) come with a value.
    public static func parse(_ block: FrontMatterBlock, path: String) -> (FrontMatter?, [Diagnostic]) {
        if block.isUnclosed {
            return (nil, [.error("front-matter-unclosed", at: SourceLocation(path: path, line: 1, column: 1),
                                 "front matter opened with `---` is never closed with `---`")])
        }
        guard let yaml = block.yaml else { return (FrontMatter(), []) }
        let node: Node?
        do {
            node = try Yams.compose(yaml: String(yaml))
        } catch let error as YamlError {
            return (nil, [syntaxError(error, block: block, path: path)])
        } catch {
            return (nil, [.error("yaml-syntax", at: SourceLocation(path: path, line: block.yamlFirstLine, column: 1),
                                 "invalid YAML front matter: \(error)")])
        }
        guard let node else { return (FrontMatter(), []) }
        guard case .mapping(let mapping) = node else {
            return (nil, [.error("front-matter-not-mapping", at: location(node.mark, block, path),
                                 "front matter must be a mapping of `key: value` lines")])
        }
        var matter = FrontMatter()
        var diagnostics: [Diagnostic] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "title": matter.title = scalar(value)
            case "description": matter.description = scalar(value)
            case "ms.date": matter.date = scalar(value)
            case "ms.topic": matter.topicType = scalar(value)
            case "ms.custom": matter.topicIDs = topicIDs(value)
            case "uid": matter.uid = scalar(value)
            case "ms.contentlocale": matter.contentLocale = scalar(value)
            case "ms.locfileid": matter.locFileID = scalar(value)
            case "ROBOTS", "robots": matter.robots = scalar(value)
            case "author": matter.author = scalar(value)
            case "ms.author": matter.msAuthor = scalar(value)
            default:
                matter.metadata[key] = metadata(value)
                if let likely = KnownKeys.likelyMeant(key) {
                    diagnostics.append(.warning(
                        "front-matter-typo", at: location(keyNode.mark, block, path),
                        "unknown front matter key `\(key)`; did you mean `\(likely)`?"))
                }
            }
        }
        return (matter, diagnostics)
    }

    private static func syntaxError(_ error: YamlError, block: FrontMatterBlock, path: String) -> Diagnostic {
        let mark: Mark?
        let problem: String
        switch error {
        case .scanner(let context, let p, let m, _), .parser(let context, let p, let m, _), .composer(let context, let p, let m, _):
            mark = m
            problem = [context?.text, p].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        default:
            mark = nil
            problem = "\(error)"
        }
        return .error("yaml-syntax", at: location(mark, block, path), "invalid YAML front matter: \(problem)")
    }

    private static func location(_ mark: Mark?, _ block: FrontMatterBlock, _ path: String) -> SourceLocation {
        guard let mark else { return SourceLocation(path: path, line: block.yamlFirstLine, column: 1) }
        return SourceLocation(path: path, line: block.yamlFirstLine + mark.line - 1, column: mark.column)
    }

    /// A scalar's text as written; nil for null, empty or non-scalar values.
    private static func scalar(_ node: Node) -> String? {
        guard case .scalar(let s) = node, !isNull(s) else { return nil }
        return s.string
    }

    private static func isNull(_ s: Node.Scalar) -> Bool {
        s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// `ms.custom` as strings: a list, one scalar (split at commas), or nothing.
    static func topicIDs(_ node: Node) -> [TopicID] {
        switch node {
        case .scalar(let s):
            guard !isNull(s) else { return [] }
            return s.string.split(separator: ",").map { $0.trimming(" \t") }.filter { !$0.isEmpty }
                .map { TopicID(String($0)) }
        case .sequence(let items):
            return items.flatMap(topicIDs)
        default:
            return []
        }
    }

    static func metadata(_ node: Node) -> MetadataValue {
        switch node {
        case .scalar(let s): return .string(isNull(s) ? "" : s.string)
        case .sequence(let items): return .list(items.map(metadata))
        case .mapping(let pairs):
            var map: [String: MetadataValue] = [:]
            for (k, v) in pairs { map[k.string ?? ""] = metadata(v) }
            return .map(map)
        case .alias: return .string("")
        }
    }
}
