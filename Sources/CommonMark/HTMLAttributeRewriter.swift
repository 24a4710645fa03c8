/// Rewrites URL attributes (`href`, `src`) inside raw HTML as the author wrote it, so a raw
/// `<img src="media/a.png">` is resolved like a Markdown image. Everything else in the HTML is kept byte for byte.
public enum HTMLAttributeRewriter {
    /// Attributes that hold a URL, on the HTML elements that define them. Custom elements' attributes are opaque.
    public static let urlAttributes: Set<String> = ["href", "src", "poster"]
    static let urlElements: Set<String> = ["a", "area", "img", "source", "video", "audio", "track", "iframe", "embed"]

    /// Calls `transform` with each URL attribute value (entities `&amp;` decoded) and replaces the value with its
    /// result, HTML-escaped and double-quoted; nil from `transform` keeps the attribute as it was.
    public static func rewrite(_ html: String, _ transform: (String) -> String?) -> String {
        var out = ""
        var rest = Substring(html)
        var changed = false
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let close = rest[open...].firstIndex(of: ">") ?? rest.endIndex
            let tag = rest[open..<close]
            if let name = HTMLTag.name(tag), !tag.hasPrefix("</"), urlElements.contains(name) {
                let (rewritten, didChange) = rewriteTag(tag, transform)
                out += rewritten
                changed = changed || didChange
            } else {
                out += tag
            }
            rest = rest[close...]
        }
        out += rest
        return changed ? out : html
    }

    private static func rewriteTag(_ tag: Substring, _ transform: (String) -> String?) -> (String, Bool) {
        let chars = Array(tag)
        var out = ""
        var i = 0
        var changed = false
        while i < chars.count {
            // An attribute name starts after whitespace.
            guard i > 0, chars[i - 1] == " " || chars[i - 1] == "\t" || chars[i - 1] == "\n",
                  chars[i].isLetter else { out.append(chars[i]); i += 1; continue }
            var j = i
            while j < chars.count, chars[j].isLetter || chars[j] == "-" { j += 1 }
            let name = String(chars[i..<j]).lowercased()
            var k = j
            while k < chars.count, chars[k] == " " { k += 1 }
            guard urlAttributes.contains(name), k < chars.count, chars[k] == "=" else {
                out += String(chars[i..<j]); i = j; continue
            }
            k += 1
            while k < chars.count, chars[k] == " " { k += 1 }
            var valueStart = k, valueEnd = k, next = k
            if k < chars.count, chars[k] == "\"" || chars[k] == "'" {
                let quote = chars[k]
                valueStart = k + 1
                valueEnd = valueStart
                while valueEnd < chars.count, chars[valueEnd] != quote { valueEnd += 1 }
                next = min(valueEnd + 1, chars.count)
            } else {
                while valueEnd < chars.count, !" \t\n>".contains(chars[valueEnd]) { valueEnd += 1 }
                next = valueEnd
            }
            let value = String(chars[valueStart..<valueEnd]).replacingAmpersands()
            if let replacement = transform(value) {
                out += String(chars[i..<j]) + "=\"" + HTMLEscaping.escape(replacement) + "\""
                changed = true
            } else {
                out += String(chars[i..<next])
            }
            i = next
        }
        return (out, changed)
    }
}

extension String {
    func replacingAmpersands() -> String {
        guard contains("&amp;") else { return self }
        return split(separator: "&amp;", omittingEmptySubsequences: false).joined(separator: "&")
    }
}
