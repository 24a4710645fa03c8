/// Minimal reading of one raw HTML tag as cmark delivers it in an inline or block node.
enum HTMLTag {
    /// The tag name in lower case for `<name …>` or `</name>`; nil for comments, declarations, CDATA, `<?…?>`.
    static func name(_ html: Substring) -> String? {
        var rest = html.drop { $0 == " " }
        guard rest.first == "<" else { return nil }
        rest = rest.dropFirst()
        if rest.first == "/" { rest = rest.dropFirst() }
        guard let first = rest.first, first.isASCII, first.isLetter else { return nil }
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ":") }
        return name.lowercased()
    }

    /// The value of `attribute` in a tag (quoted with `"` or `'`, or unquoted).
    static func attribute(_ attribute: String, in tag: String) -> String? {
        let chars = Array(tag)
        let lowered = Array(tag.lowercased())
        let key = Array(attribute)
        var i = 0
        while i + key.count < lowered.count {
            let before = i == 0 ? " " : lowered[i - 1]
            if (before == " " || before == "\t" || before == "\n") && Array(lowered[i..<(i + key.count)]) == key {
                var j = i + key.count
                while j < chars.count, chars[j] == " " { j += 1 }
                if j < chars.count, chars[j] == "=" {
                    j += 1
                    while j < chars.count, chars[j] == " " { j += 1 }
                    guard j < chars.count else { return nil }
                    if chars[j] == "\"" || chars[j] == "'" {
                        let quote = chars[j]
                        let start = j + 1
                        var end = start
                        while end < chars.count, chars[end] != quote { end += 1 }
                        return String(chars[start..<min(end, chars.count)])
                    }
                    let start = j
                    var end = start
                    while end < chars.count, !" \t\n>/".contains(chars[end]) { end += 1 }
                    return String(chars[start..<end])
                }
            }
            i += 1
        }
        return nil
    }
}
