/// Reads the `toc.yml` nearly every site has without Yams: a block list of entries, each `name:`, `href:` and `items:`
/// (a nested list, at the key's indentation or deeper), values plain on their line or double-quoted with no escape but
/// `\"` and `\\`. Anything else (a mapping at the top, another key, a comment, a tab, a carriage return, a flow
/// collection, a multi-line or single-quoted scalar, an anchor, a repeated key) makes it decline with nil, and Yams
/// reads the file: the entries are always those Yams gives (`PlainTocTests` holds the two to the same result). Yams
/// builds a node per scalar and mapping; at 10,000 entries per locale it cost a third of a second per build.
enum PlainToc {
    static func read(_ text: String) -> [TocEntry]? {
        var text = text
        return text.withUTF8 { bytes -> [TocEntry]? in
            var reader = Reader(bytes: bytes)
            guard reader.splitLines() else { return nil }
            reader.skipBlank()
            guard let (indent, isItem) = reader.shape(), indent == 0, isItem,
                  let entries = reader.sequence(indent: 0) else { return nil }
            reader.skipBlank()
            return reader.index == reader.lines.count ? entries : nil
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        /// Each line's byte range, without its newline.
        var lines: [Range<Int>] = []
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// Splits the text in lines; false on a byte this reader leaves to Yams (a tab, a carriage return, a BOM).
        mutating func splitLines() -> Bool {
            if bytes.first == 0xEF { return false }
            var start = 0
            for (offset, byte) in bytes.enumerated() {
                switch byte {
                case 0x0A:
                    lines.append(start..<offset)
                    start = offset + 1
                case 0x09, 0x0D: return false
                default: break
                }
            }
            if start < bytes.count { lines.append(start..<bytes.count) }
            return true
        }

        mutating func skipBlank() {
            while index < lines.count, lines[index].allSatisfy({ bytes[$0] == UInt8(ascii: " ") }) { index += 1 }
        }

        /// The current line's indentation and whether it opens a list item (`- `).
        func shape() -> (indent: Int, isItem: Bool)? {
            guard index < lines.count else { return nil }
            let line = lines[index]
            var position = line.lowerBound
            while position < line.upperBound, bytes[position] == UInt8(ascii: " ") { position += 1 }
            let isItem = position + 1 < line.upperBound && bytes[position] == UInt8(ascii: "-") && bytes[position + 1] == UInt8(ascii: " ")
            return (position - line.lowerBound, isItem)
        }

        /// The list whose items open with `- ` at `indent`.
        mutating func sequence(indent: Int) -> [TocEntry]? {
            var entries: [TocEntry] = []
            while true {
                skipBlank()
                guard let (lineIndent, isItem) = shape(), lineIndent == indent, isItem else { break }
                guard let entry = mapping(indent: indent + 2) else { return nil }
                entries.append(entry)
            }
            return entries
        }

        /// One entry: its first key after `- ` on the current line, the others on lines of their own at `indent`.
        mutating func mapping(indent: Int) -> TocEntry? {
            let line = index + 1
            var name: String?, href: String?, items: [TocEntry]?
            while true {
                let range = lines[index]
                let keyStart = range.lowerBound + indent
                // After `- `, exactly one space before the key; a key line, no space before it.
                guard keyStart < range.upperBound, bytes[keyStart] != UInt8(ascii: " ") else { return nil }
                var colon = keyStart
                while colon < range.upperBound, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
                guard colon < range.upperBound else { return nil }
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<colon]), as: UTF8.self)
                let valueStart = colon + 1
                index += 1
                switch key {
                case "name", "href":
                    guard valueStart < range.upperBound, bytes[valueStart] == UInt8(ascii: " "),
                          let value = scalar(valueStart + 1..<range.upperBound) else { return nil }
                    if key == "name" {
                        guard name == nil else { return nil }
                        name = value
                    } else {
                        guard href == nil else { return nil }
                        href = value
                    }
                case "items":
                    guard items == nil, (valueStart..<range.upperBound).allSatisfy({ bytes[$0] == UInt8(ascii: " ") }) else { return nil }
                    skipBlank()
                    // The list at the key's indentation (YAML allows it there) or deeper.
                    guard let (listIndent, isItem) = shape(), isItem, listIndent >= indent,
                          let list = sequence(indent: listIndent) else { return nil }
                    items = list
                default:
                    return nil
                }
                // The next key of this entry, on a line of its own at `indent`; a line further left, or the next
                // item of the list, ends the entry.
                skipBlank()
                guard let (lineIndent, isItem) = shape(), lineIndent >= indent, !(lineIndent == indent && isItem) else { break }
                guard lineIndent == indent else { return nil }
            }
            return TocEntry(name: name ?? href ?? "", href: href.flatMap { $0.isEmpty ? nil : $0 }, items: items ?? [],
                            line: line)
        }

        /// A scalar on the rest of a line: plain, or double-quoted with `\"` and `\\` only; nil for anything else.
        func scalar(_ line: Range<Int>) -> String? {
            // Spaces around the value are not part of it.
            var start = line.lowerBound
            while start < line.upperBound, bytes[start] == UInt8(ascii: " ") { start += 1 }
            let range = start..<line.upperBound
            var end = range.upperBound
            while end > range.lowerBound, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
            guard end > range.lowerBound else { return nil }
            let first = bytes[range.lowerBound]
            if first == UInt8(ascii: "\"") {
                guard end - range.lowerBound >= 2, bytes[end - 1] == UInt8(ascii: "\"") else { return nil }
                var out: [UInt8] = []
                var position = range.lowerBound + 1
                while position < end - 1 {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "\\") {
                        guard position + 1 < end - 1 else { return nil }
                        let next = bytes[position + 1]
                        guard next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") else { return nil }
                        out.append(next)
                        position += 2
                        continue
                    }
                    guard byte != UInt8(ascii: "\"") else { return nil }
                    out.append(byte)
                    position += 1
                }
                return String(decoding: out, as: UTF8.self)
            }
            // Plain: no indicator first (`#` there opens a comment), no `: ` or ` #` inside, no `:` last (each means
            // something else to YAML).
            switch first {
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "*"),
                 UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "%"),
                 UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: "#"):
                return nil
            default: break
            }
            for position in range.lowerBound..<end {
                switch bytes[position] {
                case UInt8(ascii: ":"):
                    if position + 1 == end || bytes[position + 1] == UInt8(ascii: " ") { return nil }
                case UInt8(ascii: "#"):
                    if bytes[position - 1] == UInt8(ascii: " ") { return nil }
                default: break
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<end]), as: UTF8.self)
        }
    }
}
