/// Gives every heading an `id`: the name of a DocFX-style empty anchor inside it (`# <a name="x"></a>Title`, the
/// anchor itself dropped as DocFX does), else a GitHub-style slug of its text, unique within the page.
enum HeadingIDs {
    static func assign(_ root: MarkdownNode) -> MarkdownNode {
        // Explicit ids first, so generated slugs never take an id a writer chose.
        var explicit: [Int: String] = [:]
        var used = Set<String>()
        var index = 0
        var headingsWithAnchors: [Int: [MarkdownNode]] = [:]
        // Headings are found where the rewrite below finds them: children of block containers, not inside
        // paragraphs or tables (whose inlines are most of a page's nodes).
        forEachHeading(in: root) { node in
            if let (id, rest) = extractAnchor(node.children) {
                explicit[index] = id
                headingsWithAnchors[index] = rest
                used.insert(id)
            }
            index += 1
        }
        var slugger = Slugger(reserved: used)
        index = 0
        return root.rewritingChildren(descend: \.mayHoldHeadings) { node in
            guard case .heading(let level, _) = node.kind else { return nil }
            defer { index += 1 }
            var copy = node
            if let id = explicit[index] {
                copy.kind = .heading(level: level, id: id)
                copy.children = headingsWithAnchors[index] ?? node.children
            } else {
                copy.kind = .heading(level: level, id: slugger.unique(for: PlainText.of(node.children)))
            }
            return [copy]
        }
    }

    /// Visits the headings below `node` in document order, descending only into nodes that may hold headings.
    static func forEachHeading(in node: MarkdownNode, _ body: (MarkdownNode) -> Void) {
        for child in node.children {
            if case .heading = child.kind { body(child) } else if child.mayHoldHeadings { forEachHeading(in: child, body) }
        }
    }

    /// Finds `<a name="x">` (or `id=`) immediately closed by `</a>` among the inline children.
    static func extractAnchor(_ children: [MarkdownNode]) -> (String, [MarkdownNode])? {
        for (i, child) in children.enumerated() {
            guard case .htmlInline(let open) = child.kind, let id = anchorName(open) else { continue }
            var end = i + 1
            // Allow `<a name="x"> </a>`: whitespace-only text between the tags.
            if end < children.count, case .text(let t) = children[end].kind, t.allSatisfy(\.isWhitespace) { end += 1 }
            guard end < children.count, case .htmlInline(let close) = children[end].kind,
                  close.lowercased().filter({ !$0.isWhitespace }) == "</a>" else { continue }
            var rest = Array(children[..<i]) + Array(children[(end + 1)...])
            // Drop the space that separated the anchor from the title.
            if i < rest.count, case .text(let t) = rest[i].kind {
                let trimmed = String(t.drop { $0 == " " })
                if trimmed.isEmpty { rest.remove(at: i) } else { rest[i].kind = .text(trimmed) }
            }
            return (id, rest)
        }
        return nil
    }

    /// The `name` or `id` value of an opening `<a>` tag, or nil.
    static func anchorName(_ tag: String) -> String? {
        let lower = tag.lowercased()
        guard lower.hasPrefix("<a ") || lower.hasPrefix("<a\t") || lower.hasPrefix("<a\n") else { return nil }
        for attribute in ["name", "id"] {
            if let value = HTMLTag.attribute(attribute, in: tag), !value.isEmpty { return value }
        }
        return nil
    }
}

/// GitHub-style heading slugs that keep letters of every script (Japanese, Chinese, Arabic) and de-duplicate.
public struct Slugger: Sendable {
    private var used: Set<String>
    /// The next suffix to try per base slug, so n equal headings cost n steps, not n² (a fuzzing find).
    private var nextSuffix: [String: Int] = [:]

    public init(reserved: Set<String> = []) {
        used = reserved
    }

    /// Lower-cases, keeps letters, marks, numbers, `-` and `_`, turns spaces into `-`, drops everything else.
    public static func slug(_ text: String) -> String {
        // ASCII, by far the most common heading text, byte by byte; anything else scalar by scalar.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte >= 0x80 { return unicodeSlug(text) }
            appendASCII(byte, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `slug` for any text, scalar by scalar, into UTF-8 bytes. Each scalar is lower-cased on its own, which is what
    /// `String.lowercased()` does; the letters of the CJK, kana and Hangul ranges have no case and are kept as they
    /// are, ASCII goes by the byte rule.
    static func unicodeSlug(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                appendASCII(UInt8(scalar.value), to: &out)
            } else if isUncasedLetter(scalar) {
                UTF8.encode(scalar) { out.append($0) }
            } else if !scalar.properties.changesWhenLowercased {
                // Its own lower case (most non-ASCII of a heading: kana punctuation, Arabic): no mapping `String` made.
                switch rule(scalar) {
                case .keep: UTF8.encode(scalar) { out.append($0) }
                case .dash: out.append(UInt8(ascii: "-"))
                case .drop: break
                }
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    switch rule(lower) {
                    case .keep: UTF8.encode(lower) { out.append($0) }
                    case .dash: out.append(UInt8(ascii: "-"))
                    case .drop: break
                    }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The rule for an ASCII character, lower-cased, byte by byte: the general-category rule for those scalars
    /// (`asciiSlugsAreTheUnicodeRuleForEveryASCIICharacter`).
    @inline(__always)
    private static func appendASCII(_ byte: UInt8, to bytes: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            bytes.append(byte)
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"): bytes.append(UInt8(ascii: "-"))
        default: break
        }
    }

    enum Rule: Equatable { case keep, dash, drop }

    /// CJK ideographs, kana and Hangul syllables: every scalar of these ranges is an `otherLetter`, with no case.
    static func isUncasedLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3041...0x3096, 0x30A1...0x30FA, 0xAC00...0xD7A3: true
        default: false
        }
    }

    /// What a slug makes of one scalar. The letters of CJK ideographs, kana and Hangul syllables are known by range,
    /// which spares a property lookup per character of Japanese, Chinese and Korean headings.
    static func rule(_ scalar: Unicode.Scalar) -> Rule {
        isUncasedLetter(scalar) ? .keep : propertyRule(scalar)
    }

    /// `rule` from the scalar's general category.
    static func propertyRule(_ scalar: Unicode.Scalar) -> Rule {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation:
            return .keep
        case .spaceSeparator:
            return .dash
        case .dashPunctuation where scalar == "-":
            return .dash
        default:
            return scalar == " " || scalar == "\t" ? .dash : .drop
        }
    }

    /// The slug of `text`, suffixed `-1`, `-2`, … when already taken on this page.
    public mutating func unique(for text: String) -> String {
        var base = Slugger.slug(text)
        if base.isEmpty { base = "section" }
        // Most headings of a page differ: a base not taken yet is the answer at once (no suffix to remember).
        if nextSuffix[base] == nil, used.insert(base).inserted { return base }
        var candidate = base
        var n = nextSuffix[base] ?? 0
        while used.contains(candidate) {
            n += 1
            candidate = "\(base)-\(n)"
        }
        nextSuffix[base] = n
        used.insert(candidate)
        return candidate
    }
}
