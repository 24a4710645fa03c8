import SiteModel
import Yams

/// Decodes a front-matter block with Yams' `compose` (no Codable: a third of the cost) into `FrontMatter`.
public enum FrontMatterParser {
    /// Parses `block.yaml`. Returns nil and an error diagnostic when the YAML is invalid or not a mapping; warnings
    /// (typo keys) come with a value.
    public static func parse(_ block: FrontMatterBlock, path: String) -> (FrontMatter?, [Diagnostic]) {
        parse(block, path: path, plain: true)
    }

    /// `plain`: read plain `key: value` blocks without Yams (`PlainYAML`); a block with a problem to report is read
    /// by Yams all the same, for the positions. Tests turn it off to compare.
    static func parse(_ block: FrontMatterBlock, path: String, plain: Bool) -> (FrontMatter?, [Diagnostic]) {
        if block.isUnclosed {
            return (nil, [.error("front-matter-unclosed", at: SourceLocation(path: path, line: 1, column: 1),
                                 "front matter opened with `---` is never closed with `---`")])
        }
        guard let yaml = block.yaml else { return (FrontMatter(), []) }
        if plain, let pairs = PlainYAML.read(yaml) {
            let (matter, diagnostics) = interpret(pairs, block: block, path: path)
            if diagnostics.isEmpty { return (matter, []) }
        }
        let node: Node?
        do {
            // Every value is read as the text written (`ms.custom: 7723` is a topic ID, not a number), so no scalar
            // needs its type resolved: without the resolver's rules, Yams runs no regular expression per scalar.
            // The encoding is named: Yams' default reads the whole process environment on every call.
            node = try Yams.compose(yaml: String(yaml), .basic, .default, .utf8)
        } catch let error as YamlError {
            return (nil, [syntaxError(error, block: block, path: path)])
        } catch {
            return (nil, [.error("yaml-syntax", at: SourceLocation(path: path, line: block.yamlFirstLine, column: 1),
                                 "invalid YAML front matter: \(error)")])
        }
        guard let node else { return (FrontMatter(), []) }
        guard case .mapping(let pairs, _) = YAMLValue(node) else {
            return (nil, [.error("front-matter-not-mapping", at: location(node.mark.map(YAMLValue.Position.init), block, path),
                                 "front matter must be a mapping of `key: value` lines")])
        }
        return interpret(pairs, block: block, path: path)
    }

    /// The typed fields and metadata of a front-matter mapping, with warnings for values of the wrong kind and
    /// likely typos in keys.
    private static func interpret(_ pairs: [(key: YAMLValue, value: YAMLValue)], block: FrontMatterBlock, path: String)
        -> (FrontMatter, [Diagnostic]) {
        var matter = FrontMatter()
        var diagnostics: [Diagnostic] = []
        for (keyNode, value) in pairs {
            let key = keyNode.text ?? ""
            /// A typed field's text; a mapping or list there is a `front-matter-type` warning, and the field is unset.
            func text() -> String? {
                if let text = scalar(value) { return text }
                if case .scalar = value { return nil }
                diagnostics.append(.warning(
                    "front-matter-type", at: location(value.position ?? keyNode.position, block, path),
                    "`\(key)` should be text, not \(kind(of: value)); it is ignored"))
                return nil
            }
            switch key {
            case "title": matter.title = text()
            case "description": matter.description = text()
            case "ms.date": matter.date = text()
            case "ms.topic": matter.topicType = text()
            case "ms.custom":
                let (ids, wrong) = topicIDs(value)
                matter.topicIDs = ids
                if let wrong {
                    diagnostics.append(.warning(
                        "front-matter-type", at: location(wrong.position ?? keyNode.position, block, path),
                        "`ms.custom` should be topic IDs (text, or a list of text), not \(kind(of: wrong)); that part is ignored"))
                }
            case "uid": matter.uid = text()
            case "ms.contentlocale": matter.contentLocale = text()
            case "ms.locfileid": matter.locFileID = text()
            case "ROBOTS", "robots": matter.robots = text()
            case "author": matter.author = text()
            case "ms.author": matter.msAuthor = text()
            default:
                matter.metadata[key] = metadata(value)
                if let likely = KnownKeys.likelyMeant(key) {
                    diagnostics.append(.warning(
                        "front-matter-typo", at: location(keyNode.position, block, path),
                        "unknown front matter key `\(key)`; did you mean `\(likely)`?"))
                }
            }
        }
        return (matter, diagnostics)
    }

    private static func syntaxError(_ error: YamlError, block: FrontMatterBlock, path: String) -> Diagnostic {
        let problem = YAMLProblem(error, yaml: String(block.yaml ?? ""))
        let at = problem.line > 0
            ? SourceLocation(path: path, line: block.yamlFirstLine + problem.line - 1, column: problem.column)
            : SourceLocation(path: path, line: block.yamlFirstLine, column: 1)
        return .error("yaml-syntax", at: at, "invalid YAML front matter: \(problem.message)")
    }

    private static func location(_ mark: YAMLValue.Position?, _ block: FrontMatterBlock, _ path: String) -> SourceLocation {
        guard let mark else { return SourceLocation(path: path, line: block.yamlFirstLine, column: 1) }
        return SourceLocation(path: path, line: block.yamlFirstLine + mark.line - 1, column: mark.column)
    }

    /// A scalar's text as written; nil for null, empty or non-scalar values.
    private static func scalar(_ node: YAMLValue) -> String? {
        guard case .scalar(let text, let plain, _) = node, !isNull(text, plain: plain) else { return nil }
        return text
    }

    private static func isNull(_ text: String, plain: Bool) -> Bool {
        plain && ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// `ms.custom` as strings: a list, one scalar (split at commas), or nothing; with the first part that is neither
    /// (a mapping, a nested list), which is left out.
    static func topicIDs(_ node: YAMLValue) -> ([TopicID], wrong: YAMLValue?) {
        switch node {
        case .scalar(let text, let plain, _):
            guard !isNull(text, plain: plain) else { return ([], nil) }
            let ids = text.split(separator: ",").map { $0.trimming(" \t") }.filter { !$0.isEmpty }.map { TopicID(String($0)) }
            return (ids, nil)
        case .sequence(let items, _):
            var ids: [TopicID] = []
            var wrong: YAMLValue?
            for item in items {
                guard case .scalar = item else {
                    wrong = wrong ?? item
                    continue
                }
                ids += topicIDs(item).0
            }
            return (ids, wrong)
        case .mapping, .alias:
            return ([], node)
        }
    }

    /// How a value that is no text reads in a message.
    private static func kind(of node: YAMLValue) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar: "text"
        }
    }

    static func metadata(_ node: YAMLValue) -> MetadataValue {
        switch node {
        case .scalar(let text, let plain, _): return .string(isNull(text, plain: plain) ? "" : text)
        case .sequence(let items, _): return .list(items.map(metadata))
        case .mapping(let pairs, _):
            var map: [String: MetadataValue] = [:]
            for (k, v) in pairs { map[k.text ?? ""] = metadata(v) }
            return .map(map)
        case .alias: return .string("")
        }
    }
}

extension YAMLValue {
    /// What Yams composed, with its positions.
    init(_ node: Node) {
        switch node {
        case .scalar(let scalar): self = .scalar(scalar.string, plain: scalar.style == .plain, at: scalar.mark.map(Position.init))
        case .sequence(let items): self = .sequence(items.map(YAMLValue.init), at: items.mark.map(Position.init))
        case .mapping(let pairs):
            self = .mapping(pairs.map { (YAMLValue($0.key), YAMLValue($0.value)) }, at: pairs.mark.map(Position.init))
        case .alias(let alias): self = .alias(at: alias.mark.map(Position.init))
        }
    }
}

extension YAMLValue.Position {
    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }
}
