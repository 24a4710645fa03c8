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
        // Lines are found and checked as bytes: a `Character` trim of every line cost more than the rest of the split
        // (and "\r\n" is one `Character`, which would hide the newline).
        let split = rest.withUTF8(Self.split)
        let utf8 = rest.utf8
        switch split {
        case .none:
            yaml = nil
            body = rest
            bodyLineOffset = 0
        case .unclosed:
            yaml = nil
            body = rest
            bodyLineOffset = 0
            isUnclosed = true
        case .closed(let yamlStart, let yamlEnd, let bodyStart, let lines):
            let at = { utf8.index(utf8.startIndex, offsetBy: $0) }
            yaml = rest[at(yamlStart)..<at(yamlEnd)]
            body = rest[at(bodyStart)...]
            bodyLineOffset = lines
        }
    }

    private enum Split {
        case none, unclosed
        /// Byte offsets of the YAML and the body, and the number of lines up to the closing fence.
        case closed(yamlStart: Int, yamlEnd: Int, bodyStart: Int, lines: Int)
    }

    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> Split {
        guard let firstEnd = bytes.firstIndex(of: 0x0A), isFence(bytes[..<firstEnd], dots: false) else { return .none }
        var lineStart = firstEnd + 1
        var line = 1
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            line += 1
            if isFence(bytes[lineStart..<lineEnd], dots: true) {
                return .closed(yamlStart: firstEnd + 1, yamlEnd: lineStart, bodyStart: min(lineEnd + 1, bytes.count), lines: line)
            }
            lineStart = min(lineEnd + 1, bytes.count)
        }
        return .unclosed
    }

    /// A line that is `---` (or, with `dots`, `...`) once spaces, tabs and carriage returns around it are trimmed.
    private static func isFence(_ line: Slice<UnsafeBufferPointer<UInt8>>, dots: Bool) -> Bool {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        guard let first = line.firstIndex(where: { !blank($0) }), let last = line.lastIndex(where: { !blank($0) }),
              last - first == 2 else { return false }
        let mark = line[first]
        guard mark == UInt8(ascii: "-") || (dots && mark == UInt8(ascii: ".")) else { return false }
        return line[first + 1] == mark && line[last] == mark
    }
}
