/// The UTF-8 bytes of a page being rendered by `DefaultTheme`: literal template text, raw HTML and escaped values
/// appended to one growing array, turned into a `String` once at the end.
///
/// Escaping is byte for byte what swift-mustache's `String.htmlEscape()` produces for `{{x}}`, which replaces the
/// *Characters* `<`, `>`, `&`, `"` and `'`. A special ASCII byte is its own Character unless a neighbouring scalar
/// joins it (a combining mark or ZWJ after it, a prepended concatenation mark such as U+0600 before it), and only
/// non-ASCII scalars do: so the bytes are escaped directly unless a special byte touches a non-ASCII byte, and then
/// the whole value goes through the library's Character loop.
struct HTMLBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    /// The page: the bytes are valid UTF-8, being whole strings' bytes and ASCII put together.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Literal template text (`StaticString`s live in the binary: nothing to build per theme or page).
    mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Bytes prepared once per theme (interface strings, already escaped).
    mutating func append(_ prepared: [UInt8]) {
        bytes.append(contentsOf: prepared)
    }

    /// Template text, `{{value}}`, template text: the commonest run of a template.
    mutating func append(_ before: StaticString, escaping value: String, _ after: StaticString) {
        append(before)
        appendEscaped(value)
        append(after)
    }

    /// `{{value}}`, template text.
    mutating func append(escaping value: String, _ after: StaticString) {
        appendEscaped(value)
        append(after)
    }

    /// Template text, `{{ui.x}}`, template text.
    mutating func append(_ before: StaticString, _ label: [UInt8], _ after: StaticString) {
        append(before)
        bytes.append(contentsOf: label)
        append(after)
    }

    /// `{{ui.x}}`, template text.
    mutating func append(_ label: [UInt8], _ after: StaticString) {
        bytes.append(contentsOf: label)
        append(after)
    }

    /// `{{{x}}}`: the value as it is.
    mutating func appendRaw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// `{{x}}` of an `Int`: swift-mustache renders it with `String(describing:)`.
    mutating func append(_ number: Int) {
        appendRaw(String(describing: number))
    }

    /// `{{x}}` of a `String`, HTML-escaped exactly as swift-mustache does it.
    mutating func appendEscaped(_ text: String) {
        let mark = bytes.count
        var text = text
        let done = text.withUTF8 { utf8 -> Bool in
            var runStart = 0
            for index in utf8.indices {
                let replacement: StaticString
                switch utf8[index] {
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                if index > 0 && utf8[index - 1] >= 0x80 || index + 1 < utf8.count && utf8[index + 1] >= 0x80 {
                    return false
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                append(replacement)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            return true
        }
        if !done {
            bytes.removeSubrange(mark...)
            appendEscapedByCharacter(text)
        }
    }

    /// swift-mustache's own loop: a Character is replaced only when it *is* one of the five.
    private mutating func appendEscapedByCharacter(_ text: String) {
        for character in text {
            switch character {
            case "<": append("&lt;")
            case ">": append("&gt;")
            case "&": append("&amp;")
            case "\"": append("&quot;")
            case "'": append("&#39;")
            default: bytes.append(contentsOf: character.utf8)
            }
        }
    }

    /// swift-mustache's partial indentation: inside an indented partial, a token that renders something gets the
    /// indentation first when the output of its own template so far (since `start`) ends with the Character "\n"
    /// ("\r\n" is one Character, so it does not count). Call it just before appending a non-empty token.
    mutating func indent(_ indentation: StaticString, ifLineStartSince start: Int) {
        let end = bytes.count
        guard end > start, bytes[end - 1] == UInt8(ascii: "\n") else { return }
        if end - start >= 2, bytes[end - 2] == UInt8(ascii: "\r") { return }
        append(indentation)
    }
}
