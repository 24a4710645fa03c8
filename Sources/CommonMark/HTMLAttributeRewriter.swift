/// Rewrites URL attributes (`href`, `src`) inside raw HTML as the author wrote it, so a raw
/// `<img src="media/a.png">` is resolved like a Markdown image, and disarms script URLs in any attribute that a
/// browser follows, on any element. Everything else in the HTML is kept byte for byte.
public enum HTMLAttributeRewriter {
    /// Attributes that hold a URL, on the HTML elements that define them: resolved like Markdown links.
    public static let urlAttributes: Set<String> = ["href", "src", "poster"]
    static let urlElements: Set<String> = ["a", "area", "img", "source", "video", "audio", "track", "iframe", "embed"]
    /// Attributes a browser may navigate to or load, on any element (custom and SVG ones included): a script URL
    /// there is replaced by `#`.
    static let navigableAttributes: Set<String> = [
        "href", "src", "poster", "action", "formaction", "data", "xlink:href", "background", "cite", "longdesc",
        "codebase", "dynsrc", "lowsrc", "manifest", "ping", "icon",
    ]

    /// What the rewriter took out of the author's HTML.
    public enum Refusal: Equatable {
        /// A script URL (`javascript:` …) in a navigable attribute: replaced by `#`.
        case scriptURL(String)
        /// An event-handler attribute (`onclick`, `onmouseover`, …): removed.
        case eventHandler(String)
    }

    /// Calls `resolve` with each URL attribute value of the URL elements (character references decoded) and replaces
    /// the value with its result, HTML-escaped and double-quoted (nil keeps the attribute as it was). Any navigable
    /// attribute whose value is a script URL becomes `#`, every `on…` event-handler attribute is removed, and
    /// `refuse` is told of each.
    public static func rewrite(
        _ html: String, resolve: (String) -> String?, refuse: (Refusal) -> Void = { _ in }
    ) -> String {
        var out = ""
        var rest = Substring(html)
        var changed = false
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let close = rest[open...].firstIndex(of: ">") ?? rest.endIndex
            let tag = rest[open..<close]
            if let name = HTMLTag.name(tag), !tag.hasPrefix("</") {
                let (rewritten, didChange) = rewriteTag(tag, resolvesURLs: urlElements.contains(name), resolve, refuse)
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

    private static func rewriteTag(
        _ tag: Substring, resolvesURLs: Bool, _ resolve: (String) -> String?, _ refuse: (Refusal) -> Void
    ) -> (String, Bool) {
        let chars = Array(tag)
        var out = ""
        var i = 0
        var changed = false
        while i < chars.count {
            // An attribute name starts after whitespace.
            guard i > 0, chars[i - 1] == " " || chars[i - 1] == "\t" || chars[i - 1] == "\n",
                  chars[i].isLetter else { out.append(chars[i]); i += 1; continue }
            var j = i
            while j < chars.count, chars[j].isLetter || chars[j] == "-" || chars[j] == ":" { j += 1 }
            let name = String(chars[i..<j]).lowercased()
            var k = j
            while k < chars.count, chars[k] == " " { k += 1 }
            let isHandler = name.count > 2 && name.hasPrefix("on") && name.allSatisfy(\.isLetter)
            let hasValue = k < chars.count && chars[k] == "="
            guard isHandler || (hasValue && navigableAttributes.contains(name)) else {
                out += String(chars[i..<j]); i = j; continue
            }
            var valueStart = j, valueEnd = j, next = j
            if hasValue {
                k += 1
                while k < chars.count, chars[k] == " " { k += 1 }
                (valueStart, valueEnd, next) = (k, k, k)
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
            }
            if isHandler {
                // Removed with its value (a bare `onclick` does nothing, but it is not the author's to keep either).
                refuse(.eventHandler(name))
                while out.last == " " || out.last == "\t" || out.last == "\n" { out.removeLast() }
                i = next
                changed = true
                continue
            }
            let value = CharacterReferences.decode(String(chars[valueStart..<valueEnd]))
            var replacement: String? = nil
            if URLSafety.runsScript(value) {
                refuse(.scriptURL(value))
                replacement = "#"
            } else if resolvesURLs && urlAttributes.contains(name) {
                replacement = resolve(value)
            }
            if let replacement {
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

/// Decodes HTML character references in an attribute value as a browser would before following it: decimal and
/// hexadecimal references, and the named ones that matter in URLs (`&amp;`, `&colon;`, `&Tab;`, `&NewLine;`, …).
/// Unknown names stay as written.
enum CharacterReferences {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n",
        "sol": "/", "lpar": "(", "rpar": ")", "period": ".", "comma": ",", "semi": ";", "nbsp": "\u{A0}",
    ]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            let body = after.prefix { $0.isLetter || $0.isNumber || $0 == "#" }
            var consumed = body.endIndex
            var decoded: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if body.hasPrefix("#") {
                decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                decoded = named[body.lowercased()]
            }
            // The `;` is optional for browsers in attribute values.
            if decoded != nil, consumed < after.endIndex, after[consumed] == ";" { consumed = after.index(after: consumed) }
            if let decoded, !body.isEmpty {
                out += decoded
                rest = after[consumed...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }
}
