import Glibc

/// The lines of a `docs` body that can hold what the index-only scan keeps (`MarkdownParser.scanHeadings`), with
/// every other line blanked: cmark then parses a few heading lines instead of the whole body, and their line and
/// column numbers stay those of the body.
///
/// Only for bodies whose headings are all ATX lines outside code, and whose raw HTML and link definitions (which
/// could add anchors or change a heading's inlines) are none. Anything else gives nil, and the whole body is parsed:
/// a tab or carriage return, `<` outside code and headings, an include marker, a setext underline, a heading or fence
/// after a list item or block quote marker, `#` or a fence indented four spaces or more, a fence left by a line indented
/// less than it, `]:` (a link reference definition may be there) outside code.
enum HeadingLines {
    static func reduced(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard let base = bytes.baseAddress else { return "" }
            if memchr(base, 0x0D, bytes.count) != nil || memchr(base, 0x09, bytes.count) != nil || hasIncludeMarker(bytes) {
                return nil
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count / 8)
            // The open fence: its character, length and indent.
            var fence: (mark: UInt8, length: Int, indent: Int)?
            var start = 0
            while start < bytes.count {
                var end = start
                if let newline = memchr(base + start, 0x0A, bytes.count - start) {
                    end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                } else {
                    end = bytes.count
                }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                switch classify(line, fence: &fence) {
                case .decline: return nil
                case .keep: out.append(contentsOf: line)
                case .blank: break
                }
                if end < bytes.count { out.append(0x0A) }
                start = end + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private enum Line { case keep, blank, decline }

    private static func classify(_ line: UnsafeBufferPointer<UInt8>, fence: inout (mark: UInt8, length: Int, indent: Int)?) -> Line {
        var indent = 0
        while indent < line.count, line[indent] == 0x20 { indent += 1 }
        if indent == line.count { return .blank }
        let first = line[indent]
        let run = runLength(line, from: indent)
        if let open = fence {
            if indent < open.indent { return .decline }
            if first == open.mark, run >= open.length, line[(indent + run)...].allSatisfy({ $0 == 0x20 }) {
                // An indented fence may be in a list item, where a closing fence is indented from the item's text.
                if indent <= 3 { fence = nil } else if open.indent > 0 { return .decline }
            }
            return .blank
        }
        if (first == UInt8(ascii: "`") || first == UInt8(ascii: "~")), run >= 3 {
            if indent >= 4 { return .decline }
            // A backtick fence's info string has no backtick; else the line is text with a code span.
            if first == UInt8(ascii: "~") || !line[(indent + run)...].contains(UInt8(ascii: "`")) {
                fence = (first, run, indent)
                return .blank
            }
        }
        if first == UInt8(ascii: "#") { return indent <= 3 ? .keep : .decline }
        if find(UInt8(ascii: "<"), in: line, from: 0) != nil || hasDefinitionColon(line) { return .decline }
        // Past block quote markers and list markers: a heading or a setext underline inside a container.
        var index = indent
        while index < line.count {
            let byte = line[index]
            if byte == 0x20 || byte == UInt8(ascii: ">") {
                index += 1
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+"),
                      index + 1 < line.count, line[index + 1] == 0x20 {
                index += 2
            } else if byte >= 0x30, byte <= 0x39 {
                var digit = index
                while digit < line.count, line[digit] >= 0x30, line[digit] <= 0x39 { digit += 1 }
                guard digit < line.count, line[digit] == UInt8(ascii: ".") || line[digit] == UInt8(ascii: ")"),
                      digit + 1 == line.count || line[digit + 1] == 0x20 else { break }
                index = digit + 1
            } else {
                break
            }
        }
        guard index < line.count else { return .blank }
        let rest = line[index...]
        // A heading, or a fence whose code lines follow indented, inside a container.
        if rest.first == UInt8(ascii: "#") { return .decline }
        if let mark = rest.first, mark == UInt8(ascii: "`") || mark == UInt8(ascii: "~"), rest.prefix(3).allSatisfy({ $0 == mark }) {
            return .decline
        }
        if let mark = rest.first, mark == UInt8(ascii: "=") || mark == UInt8(ascii: "-") {
            let marks = rest.prefix { $0 == mark }.count
            if rest.dropFirst(marks).allSatisfy({ $0 == 0x20 }) { return .decline }
        }
        return .blank
    }

    private static func runLength(_ line: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var end = index
        while end < line.count, line[end] == line[index] { end += 1 }
        return end - index
    }

    /// The index of the first `byte` at or after `from` (glibc's `memchr`: a shard runs this over every line of
    /// tens of thousands of bodies).
    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress, let found = memchr(base + from, Int32(byte), bytes.count - from)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// `]:` on the line: a link reference definition (in any container) may be here, and change a heading's links.
    private static func hasDefinitionColon(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var from = 0
        while let index = find(UInt8(ascii: "]"), in: line, from: from) {
            if index + 1 < line.count, line[index + 1] == UInt8(ascii: ":") { return true }
            from = index + 1
        }
        return false
    }

    /// `[!include`, in any case, anywhere.
    private static func hasIncludeMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let marker = Array("[!include".utf8)
        var from = 0
        while let index = find(UInt8(ascii: "["), in: bytes, from: from) {
            guard index + marker.count <= bytes.count else { return false }
            if bytes[index + 1] == UInt8(ascii: "!") {
                var matched = 2
                while matched < marker.count, bytes[index + matched] | 0x20 == marker[matched] { matched += 1 }
                if matched == marker.count { return true }
            }
            from = index + 1
        }
        return false
    }
}
