import CommonMark
import SiteModel

/// A Markdown file that can be included: parsed once, spliced wherever `[!INCLUDE[…](path)]` names it.
public struct IncludeSource: Sendable {
    public var locale: LocaleCode
    public var path: ArticlePath
    public var displayPath: String
    public var root: MarkdownNode
    /// Nodes in `root`, counted once: what splicing it costs the including article.
    public let nodeCount: Int

    public init(locale: LocaleCode, path: ArticlePath, displayPath: String, root: MarkdownNode) {
        self.locale = locale
        self.path = path
        self.displayPath = displayPath
        self.root = root
        var count = 0
        root.forEach { _ in count += 1 }
        nodeCount = count
    }
}

/// Expands DocFX includes. Paths resolve from the including file; nested includes from theirs. Missing files,
/// cycles, paths outside the content folder, nesting deeper than `maxDepth` and more than `maxNodes` spliced into
/// one article (a small include named thousands of times would make every later stage slow) are errors at the
/// marker, and the marker renders nothing.
public struct IncludeExpander: Sendable {
    private let files: [LocaleCode: [String: IncludeSource]]
    public let maxDepth: Int
    public let maxNodes: Int

    public init(_ sources: [IncludeSource], maxDepth: Int = 8, maxNodes: Int = 200_000) {
        var files: [LocaleCode: [String: IncludeSource]] = [:]
        for source in sources { files[source.locale, default: [:]][source.path.value.lowercased()] = source }
        self.files = files
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    public func expand(_ root: MarkdownNode, locale: LocaleCode, path: ArticlePath, displayPath: String) -> (MarkdownNode, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var budget = maxNodes
        let expanded = expand(root, locale: locale, stack: [path.value.lowercased()], displayPath: displayPath,
                              budget: &budget, diagnostics: &diagnostics)
        return (expanded, diagnostics)
    }

    private func expand(
        _ node: MarkdownNode, locale: LocaleCode, stack: [String], displayPath: String, budget: inout Int,
        diagnostics: inout [Diagnostic]
    ) -> MarkdownNode {
        var remaining = budget
        defer { budget = remaining }
        var found: [Diagnostic] = []
        // Include nodes are blocks, or inlines of a paragraph (`DocFXIncludes`): nothing else is looked into.
        let result = node.rewritingChildren(descend: { $0.isBlockContainer || $0.kind == .paragraph }) { child in
            guard case .include(let target, let inline) = child.kind else { return nil }
            let location = SourceLocation(path: displayPath, line: child.range?.startLine ?? 0,
                                          column: child.range?.startColumn ?? 0)
            switch lookup(target, from: stack.last ?? "", locale: locale) {
            case .failure(let failure):
                found.append(failure.at(location))
                return []
            case .success(let source):
                let key = source.path.value.lowercased()
                if stack.contains(key) {
                    found.append(.error("include-cycle", at: location,
                                        "including `\(target)` here makes a cycle: \((stack + [key]).joined(separator: " → "))"))
                    return []
                }
                if stack.count > maxDepth {
                    found.append(.error("include-depth", at: location, "includes nest deeper than \(maxDepth) levels"))
                    return []
                }
                if source.nodeCount > remaining {
                    found.append(.error("include-too-large", at: location,
                                        "includes would add more than \(maxNodes) Markdown nodes to this article; `\(target)` is left out"))
                    remaining = 0
                    return []
                }
                remaining -= source.nodeCount
                let body = expand(source.root, locale: locale, stack: stack + [key], displayPath: source.displayPath,
                                  budget: &remaining, diagnostics: &found)
                var content = body.children
                if inline {
                    // Inline includes bring the inlines of their first paragraph.
                    content = content.first { if case .paragraph = $0.kind { true } else { false } }?.children ?? []
                }
                return [MarkdownNode(.included(path: source.path.value, displayPath: source.displayPath),
                                     children: content, range: child.range)]
            }
        }
        diagnostics += found
        return result
    }

    private enum Lookup {
        case success(IncludeSource)
        case failure(Failure)
    }

    private struct Failure {
        let code: String
        let message: String
        func at(_ location: SourceLocation) -> Diagnostic { .error(code, at: location, message) }
    }

    private func lookup(_ target: String, from includer: String, locale: LocaleCode) -> Lookup {
        let reference = PathReference(String(target.trimming(" \t")))
        guard let segments = reference.resolved(from: includer.split(separator: "/").dropLast().map(String.init)) else {
            return .failure(Failure(code: "include-outside-content", message: "include `\(target)` points outside the content folder"))
        }
        let key = segments.joined(separator: "/").lowercased()
        guard let source = files[locale]?[key] else {
            return .failure(Failure(code: "include-not-found", message: "include file `\(target)` not found"))
        }
        return .success(source)
    }
}
