/// A front-matter value, read by Yams or by `PlainYAML`: what `FrontMatterParser` interprets.
enum YAMLValue {
    /// Text as written; `plain` when unquoted (only a plain `~`, `null` or nothing is null).
    case scalar(String, plain: Bool, at: Position?)
    case sequence([YAMLValue], at: Position?)
    case mapping([(key: YAMLValue, value: YAMLValue)], at: Position?)
    case alias(at: Position?)

    /// 1-based line and column within the YAML.
    struct Position {
        var line: Int
        var column: Int
    }

    var position: Position? {
        switch self {
        case .scalar(_, _, let at), .sequence(_, let at), .mapping(_, let at), .alias(let at): at
        }
    }

    var text: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }
}

/// Reads the front matter nearly every article has, without Yams: one `key: value` per line, or `key:` followed by
/// `- item` lines; each value plain text on its line, or quoted with no escape but `\"`, `\\` and `\/`. Anything else
/// (a comment after a value, a multi-line scalar, other escapes, nesting, anchors, tags, flow collections, a tab, a
/// repeated key, a character YAML treats specially) makes it decline with nil, and Yams reads the block: the result
/// is always what Yams gives. `PlainYAMLTests` holds the two to the same results on every article of the corpus and
/// on YAML built to tell them apart.
///
/// Values carry no positions: the caller goes to Yams for any block that has a problem to report.
enum PlainYAML {
    static func read(_ yaml: Substring) -> [(key: YAMLValue, value: YAMLValue)]? {
        switch yaml.utf8.withContiguousStorageIfAvailable({ read(bytes: $0) }) {
        case .some(let result): result
        case .none: Array(yaml.utf8).withUnsafeBufferPointer { read(bytes: $0) }
        }
    }

    private static func read(bytes: UnsafeBufferPointer<UInt8>) -> [(key: YAMLValue, value: YAMLValue)]? {
        var pairs: [(key: YAMLValue, value: YAMLValue)] = []
        var keys: [String] = []
        // The key whose value is a list still being read (`key:` then `- item` lines), with its items so far.
        var listKey: String?
        var items: [YAMLValue] = []
        var itemIndent = -1
        func closeList() {
            guard let key = listKey else { return }
            pairs.append((.scalar(key, plain: true, at: nil), items.isEmpty ? .scalar("", plain: true, at: nil) : .sequence(items, at: nil)))
            listKey = nil
            items = []
            itemIndent = -1
        }
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { start = end + 1 }
            var first = start
            while first < lineEnd && bytes[first] == 0x20 { first += 1 }
            // Blank and comment lines (a comment may follow a value too, but then this reader declines).
            if first == lineEnd || bytes[first] == 0x23 { continue }
            if first > start || bytes[first] == 0x2D {
                // A `- item` line of the open list, all at one indentation.
                guard listKey != nil, bytes[first] == 0x2D, first + 1 < lineEnd, bytes[first + 1] == 0x20,
                      itemIndent < 0 || itemIndent == first - start,
                      let item = scalar(bytes, from: first + 2, to: lineEnd)
                else { return nil }
                itemIndent = first - start
                items.append(item)
                continue
            }
            closeList()
            // `key:` at the line's start: letters, digits, `_`, `.`, `-` and `/`, the first a letter, digit or `_`.
            var colon = start
            while colon < lineEnd && isKeyByte(bytes[colon]) { colon += 1 }
            guard colon > start, colon < lineEnd, bytes[colon] == 0x3A, isKeyStart(bytes[start]),
                  colon + 1 == lineEnd || bytes[colon + 1] == 0x20
            else { return nil }
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<colon]), as: UTF8.self)
            // A handful of keys: a look along them costs less than hashing each. More than 64 go to Yams, so the
            // look stays short however long the block.
            guard keys.count < 64, !keys.contains(key) else { return nil }
            keys.append(key)
            var valueStart = colon + 1
            while valueStart < lineEnd && bytes[valueStart] == 0x20 { valueStart += 1 }
            if valueStart == lineEnd {
                listKey = key
                continue
            }
            guard let value = scalar(bytes, from: valueStart, to: lineEnd) else { return nil }
            pairs.append((.scalar(key, plain: true, at: nil), value))
        }
        closeList()
        return pairs
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || byte == 0x2E || byte == 0x2D || byte == 0x2F
    }

    /// The scalar filling `bytes[from..<to]` (spaces around it aside), or nil when YAML might read it otherwise.
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> YAMLValue? {
        var from = from
        while from < to && bytes[from] == 0x20 { from += 1 }
        var end = to
        while end > from && bytes[end - 1] == 0x20 { end -= 1 }
        guard end > from else { return nil }
        let first = bytes[from]
        if first == 0x22 || first == 0x27 {
            // Quoted: closed on this line, nothing after it; in "…" only the escapes `\"`, `\\` and `\/`, in '…' none
            // (`''`).
            guard end - from >= 2, bytes[end - 1] == first, isPlainText(bytes, from + 1, end - 1) else { return nil }
            var text: [UInt8] = []
            var index = from + 1
            while index < end - 1 {
                var byte = bytes[index]
                if byte == first { return nil }
                if first == 0x22 && byte == 0x5C {
                    guard index + 1 < end - 1, [0x22, 0x5C, 0x2F].contains(bytes[index + 1]) else { return nil }
                    index += 1
                    byte = bytes[index]
                }
                text.append(byte)
                index += 1
            }
            return .scalar(String(decoding: text, as: UTF8.self), plain: false, at: nil)
        }
        // Plain: no indicator first, no `: ` or ` #` inside, no `:` last.
        guard !isIndicator(first), bytes[end - 1] != 0x3A, isPlainText(bytes, from, end) else { return nil }
        for index in from..<(end - 1) {
            if bytes[index] == 0x3A && bytes[index + 1] == 0x20 { return nil }
            if bytes[index] == 0x20 && bytes[index + 1] == 0x23 { return nil }
        }
        return .scalar(String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<end]), as: UTF8.self), plain: true, at: nil)
    }

    /// Bytes that start something other than plain text in YAML: `-?:,[]{}#&*!|>'"%@` and a backtick.
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            true
        default: false
        }
    }

    /// True when the bytes hold no control character (tab included), no C1 control, no character YAML 1.1 takes
    /// for a line break (U+0085, U+2028, U+2029), no byte order mark and no noncharacter U+FFFE/U+FFFF.
    private static func isPlainText(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var index = from
        while index < to {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F { return false }
            if byte == 0xC2, index + 1 < to, bytes[index + 1] < 0xA0 { return false }
            if byte == 0xE2, index + 2 < to, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                return false
            }
            if byte == 0xEF, index + 2 < to, (bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF)
                || (bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE) {
                return false
            }
            index += 1
        }
        return true
    }
}
