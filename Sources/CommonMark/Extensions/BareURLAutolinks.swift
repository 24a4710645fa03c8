/// GFM's extended autolinks: `https://…`, `http://…` and `www.…` in text become links, with trailing punctuation
/// and unbalanced closing parentheses left outside, as GitHub does. Text inside links, images and code is untouched.
enum BareURLAutolinks {
    static func rewrite(_ root: MarkdownNode) -> MarkdownNode {
        root.rewritingChildren(descend: { node in
            switch node.kind {
            case .link, .image, .codeBlock, .htmlBlock, .code: return false
            default: return true
            }
        }) { node in
            guard case .text(let text) = node.kind, mayHoldURL(text) else { return nil }
            return linkify(text, range: node.range)
        }
    }

    /// A byte scan for `://` or `www.`, far cheaper than searching Characters.
    static func mayHoldURL(_ text: String) -> Bool {
        // Over the contiguous bytes, as `ByteScan` reads them: every text node of every page comes here.
        var text = text
        return text.withUTF8 { bytes in
            var previous: (UInt8, UInt8, UInt8) = (0, 0, 0)
            for byte in bytes {
                if byte == UInt8(ascii: "/"), previous.1 == UInt8(ascii: ":"), previous.2 == UInt8(ascii: "/") { return true }
                if byte == UInt8(ascii: "."), previous == (UInt8(ascii: "w"), UInt8(ascii: "w"), UInt8(ascii: "w")) { return true }
                previous = (previous.1, previous.2, byte)
            }
            return false
        }
    }

    static func linkify(_ text: String, range: SourceRange?) -> [MarkdownNode]? {
        let chars = Array(text.unicodeScalars)
        var result: [MarkdownNode] = []
        var plainStart = 0
        var matched = false
        var i = 0
        while i < chars.count {
            let boundary = i == 0 || " \t\n*_~(".unicodeScalars.contains(chars[i - 1])
            if boundary, let (end, href) = match(chars, at: i) {
                if plainStart < i { result.append(MarkdownNode(.text(String(String.UnicodeScalarView(chars[plainStart..<i]))), range: range)) }
                let label = String(String.UnicodeScalarView(chars[i..<end]))
                result.append(MarkdownNode(.link(destination: href(label), title: ""),
                                           children: [MarkdownNode(.text(label), range: range)], range: range))
                i = end
                plainStart = end
                matched = true
            } else {
                i += 1
            }
        }
        guard matched else { return nil }
        if plainStart < chars.count { result.append(MarkdownNode(.text(String(String.UnicodeScalarView(chars[plainStart...]))), range: range)) }
        return result
    }

    /// The end of a URL starting at `start` and how to turn its text into an href, or nil.
    private static func match(_ chars: [Unicode.Scalar], at start: Int) -> (Int, (String) -> String)? {
        let prefixes: [(String, (String) -> String)] = [
            ("https://", { $0 }), ("http://", { $0 }), ("www.", { "http://" + $0 }),
        ]
        for (prefix, href) in prefixes {
            let p = Array(prefix.unicodeScalars)
            guard start + p.count < chars.count,
                  zip(chars[start..<(start + p.count)], p).allSatisfy({ $0.properties.lowercaseMapping == String($1) })
            else { continue }
            var end = start + p.count
            while end < chars.count, !chars[end].properties.isWhitespace, chars[end] != "<" { end += 1 }
            end = trimTrailing(chars, start: start + p.count, end: end)
            // A domain needs at least one character and a dot somewhere in the host part.
            let host = chars[(start + p.count)..<end].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard !host.isEmpty, prefix == "www." || host.contains("."),
                  host.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.:".unicodeScalars.contains($0) })
            else { continue }
            return (end, href)
        }
        return nil
    }

    private static func trimTrailing(_ chars: [Unicode.Scalar], start: Int, end: Int) -> Int {
        var end = end
        while end > start {
            let last = chars[end - 1]
            if "?!.,:*_~'\"".unicodeScalars.contains(last) {
                end -= 1
            } else if last == ")" {
                let opens = chars[start..<end].filter { $0 == "(" }.count
                let closes = chars[start..<end].filter { $0 == ")" }.count
                if closes > opens { end -= 1 } else { break }
            } else if last == ";" {
                // `&amp;`-like entity at the end is not part of the URL.
                var j = end - 2
                while j > start, chars[j].properties.isAlphabetic || chars[j].properties.numericType != nil { j -= 1 }
                if j >= start, chars[j] == "&" { end = j } else { break }
            } else {
                break
            }
        }
        return end
    }
}
