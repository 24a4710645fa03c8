import SiteModel

/// A source file split into its `---` front-matter block and the Markdown body, without parsing either.
public struct FrontMatterBlock: Sendable {
    /// The YAML between the fences, or nil when the file has no front matter.
    public var yaml: Substring?
    /// 1-based line of the first YAML line in the file.
    public var yamlFirstLine: Int
    public var body: Substring
    /// Lines before the body (the whole front matter block with both fences).
    public var bodyLineOffset: Int
    /// True when an opening `---` was found but no closing `---` or `...`.
    public var isUnclosed: Bool

    /// Splits `text`. The opening fence must be the first line (after an optional BOM); the closing fence is the
    /// next line that is exactly `---` or `...` (trailing spaces allowed).
    public init(splitting text: String) {
        var rest = Substring(text)
        if rest.hasPrefix("\u{FEFF}") { rest = rest.dropFirst() }
        yamlFirstLine = 2
        isUnclosed = false
        // Search bytes, not Characters: "\r\n" is one Character and would hide the newline.
        guard let firstLineEnd = rest.utf8.firstIndex(of: 0x0A),
              rest[..<firstLineEnd].trimming(" \t\r") == "---"
        else {
            yaml = nil
            body = rest
            bodyLineOffset = 0
            return
        }
        var lineStart = rest.index(after: firstLineEnd)
        var line = 1
        while lineStart < rest.endIndex {
            let lineEnd = rest[lineStart...].utf8.firstIndex(of: 0x0A) ?? rest.endIndex
            line += 1
            let content = rest[lineStart..<lineEnd].trimming(" \t\r")
            if content == "---" || content == "..." {
                yaml = rest[rest.index(after: firstLineEnd)..<lineStart]
                body = lineEnd < rest.endIndex ? rest[rest.index(after: lineEnd)...] : rest[lineEnd...]
                bodyLineOffset = line
                return
            }
            lineStart = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : rest.endIndex
        }
        yaml = nil
        body = rest
        bodyLineOffset = 0
        isUnclosed = true
    }
}
