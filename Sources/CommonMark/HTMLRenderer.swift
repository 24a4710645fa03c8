/// Renders a `MarkdownNode` tree to an HTML fragment with cmark's exact layout (newlines, escaping, tight lists),
/// plus GFM tables in cmark-gfm's layout and heading ids when the tree carries them.
public struct HTMLRenderer: Sendable {
    /// When false, raw HTML is dropped (`<!-- raw HTML omitted -->`) as cmark does without `CMARK_OPT_UNSAFE`.
    public var rawHTML: Bool
    /// Alert titles by kind (`NOTE` → `メモ`); the kind itself when missing.
    public var alertLabels: [String: String]
    /// Table column alignment as `class="kb-align-center"` (valid HTML, follows the reading direction through the
    /// theme) instead of cmark-gfm's obsolete `align="center"`. Pages use classes; `kb markdown` keeps cmark-gfm's form.
    public var alignmentClasses = false

    public init(rawHTML: Bool = true, alertLabels: [String: String] = [:]) {
        self.rawHTML = rawHTML
        self.alertLabels = alertLabels
    }

    public func render(_ node: MarkdownNode) -> String {
        var out = ""
        out.reserveCapacity(4096)
        render(node, into: &out, tightParent: false)
        return out
    }

    private func cr(_ out: inout String) {
        if !out.isEmpty && out.utf8.last != 0x0A { out += "\n" }
    }

    private func renderChildren(_ node: MarkdownNode, into out: inout String, tight: Bool = false) {
        for child in node.children { render(child, into: &out, tightParent: tight) }
    }

    private func render(_ node: MarkdownNode, into out: inout String, tightParent: Bool) {
        switch node.kind {
        case .document:
            renderChildren(node, into: &out)
        case .blockQuote:
            cr(&out); out += "<blockquote>\n"
            renderChildren(node, into: &out)
            cr(&out); out += "</blockquote>\n"
        case .list(let style):
            cr(&out)
            if !style.ordered {
                out += "<ul>\n"
            } else if style.start == 1 {
                out += "<ol>\n"
            } else {
                out += "<ol start=\"\(style.start)\">\n"
            }
            for item in node.children { render(item, into: &out, tightParent: style.tight) }
            out += style.ordered ? "</ol>\n" : "</ul>\n"
        case .item:
            cr(&out); out += "<li>"
            renderChildren(node, into: &out, tight: tightParent)
            out += "</li>\n"
        case .codeBlock(let info, let literal):
            cr(&out)
            let language = info.prefix { $0 != " " && $0 != "\t" }
            if language.isEmpty {
                out += "<pre><code>"
            } else {
                out += "<pre><code class=\"language-\(HTMLEscaping.escape(String(language)))\">"
            }
            out += HTMLEscaping.escape(literal)
            out += "</code></pre>\n"
        case .htmlBlock(let html):
            cr(&out)
            out += rawHTML ? html : SafeHTML.anchor(html) ?? "<!-- raw HTML omitted -->"
            cr(&out)
        case .paragraph:
            if tightParent {
                renderChildren(node, into: &out)
            } else {
                cr(&out); out += "<p>"
                renderChildren(node, into: &out)
                out += "</p>\n"
            }
        case .heading(let level, let id):
            cr(&out)
            if let id { out += "<h\(level) id=\"\(HTMLEscaping.escape(id))\">" } else { out += "<h\(level)>" }
            renderChildren(node, into: &out)
            out += "</h\(level)>\n"
        case .thematicBreak:
            cr(&out); out += "<hr />\n"
        case .table:
            renderTable(node, into: &out)
        case .tableRow, .tableCell:
            renderChildren(node, into: &out)
        case .text(let text):
            out += HTMLEscaping.escape(text)
        case .softBreak:
            out += "\n"
        case .lineBreak:
            out += "<br />\n"
        case .code(let code):
            out += "<code>" + HTMLEscaping.escape(code) + "</code>"
        case .htmlInline(let html):
            out += rawHTML ? html : SafeHTML.anchor(html) ?? "<!-- raw HTML omitted -->"
        case .markup(let html):
            out += html
        case .emphasis:
            out += "<em>"; renderChildren(node, into: &out); out += "</em>"
        case .strong:
            out += "<strong>"; renderChildren(node, into: &out); out += "</strong>"
        case .link(let destination, let title):
            out += "<a href=\"" + (isSafe(destination) ? HTMLEscaping.escapeURL(destination) : "") + "\""
            if !title.isEmpty { out += " title=\"" + HTMLEscaping.escape(title) + "\"" }
            out += ">"
            renderChildren(node, into: &out)
            out += "</a>"
        case .alert(let kind):
            cr(&out)
            out += "<div class=\"kb-alert kb-alert-\(kind.lowercased())\" role=\"note\">\n"
            out += "<p class=\"kb-alert-title\">" + HTMLEscaping.escape(alertLabels[kind] ?? kind) + "</p>\n"
            renderChildren(node, into: &out)
            cr(&out); out += "</div>\n"
        case .video(let url):
            cr(&out)
            out += "<div class=\"kb-video\"><iframe src=\"" + HTMLEscaping.escapeURL(url)
                + "\" title=\"" + HTMLEscaping.escape(alertLabels["VIDEO"] ?? "Video")
                + "\" loading=\"lazy\" allowfullscreen></iframe></div>\n"
        case .div(let className):
            cr(&out)
            out += className.isEmpty ? "<div>\n" : "<div class=\"" + HTMLEscaping.escape(className) + "\">\n"
            renderChildren(node, into: &out)
            cr(&out); out += "</div>\n"
        case .include(let path, let inline):
            if !inline { cr(&out) }
            out += "<!-- include: " + HTMLEscaping.escape(path.split(separator: "-").joined(separator: "-")) + " -->"
            if !inline { out += "\n" }
        case .included:
            renderChildren(node, into: &out, tight: tightParent)
        case .image(let source, let title):
            out += "<img src=\"" + (isSafe(source) ? HTMLEscaping.escapeURL(source) : "") + "\" alt=\""
            out += HTMLEscaping.escape(PlainText.of(node.children))
            out += "\""
            if !title.isEmpty { out += " title=\"" + HTMLEscaping.escape(title) + "\"" }
            out += " />"
        }
    }

    private func renderTable(_ table: MarkdownNode, into out: inout String) {
        cr(&out); out += "<table>\n"
        let header = table.children.prefix { if case .tableRow(true) = $0.kind { true } else { false } }
        let body = table.children.dropFirst(header.count)
        if !header.isEmpty {
            out += "<thead>\n"
            for row in header { renderRow(row, cellTag: "th", into: &out) }
            out += "</thead>\n"
        }
        if !body.isEmpty {
            out += "<tbody>\n"
            for row in body { renderRow(row, cellTag: "td", into: &out) }
            out += "</tbody>\n"
        }
        out += "</table>\n"
    }

    private func renderRow(_ row: MarkdownNode, cellTag: String, into out: inout String) {
        out += "<tr>\n"
        for cell in row.children {
            guard case .tableCell(let alignment) = cell.kind else { continue }
            if alignment == .none {
                out += "<\(cellTag)>"
            } else if alignmentClasses {
                out += "<\(cellTag) class=\"kb-align-\(alignment.rawValue)\">"
            } else {
                out += "<\(cellTag) align=\"\(alignment.rawValue)\">"
            }
            renderChildren(cell, into: &out)
            out += "</\(cellTag)>\n"
        }
        out += "</tr>\n"
    }

    /// cmark's rule without `CMARK_OPT_UNSAFE`: script-capable URL schemes render as an empty href.
    private func isSafe(_ url: String) -> Bool {
        rawHTML || !URLSafety.isDangerous(url)
    }
}

/// Recognises URLs that would run script when followed.
public enum URLSafety {
    /// `javascript:`, `vbscript:` or a `data:` URL other than a raster image, read as a browser reads it.
    public static func runsScript(_ url: String) -> Bool {
        let lower = head(url)
        if lower.starts(with: "javascript:".utf8) || lower.starts(with: "vbscript:".utf8) { return true }
        if lower.starts(with: "data:".utf8) {
            return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lower.starts(with: $0.utf8) }
        }
        return false
    }

    /// cmark's rule for its safe mode: script URLs, and `file:` too.
    public static func isDangerous(_ url: String) -> Bool {
        runsScript(url) || head(url).starts(with: "file:".utf8)
    }

    /// The start of the URL as a browser reads it, in UTF-8: ASCII tabs and newlines removed anywhere, leading
    /// control characters and spaces dropped, at most 32 characters, ASCII letters in lower case. (Lower-casing the
    /// other letters could not make any of the schemes above: the one that lower-cases to an ASCII letter, the Kelvin
    /// sign, makes a `k`.)
    static func head(_ url: String) -> [UInt8] {
        var out: [UInt8] = []
        var scalars = 0
        for byte in url.utf8 {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if out.isEmpty && byte <= 0x20 { continue }
            if byte & 0xC0 != 0x80 {
                if scalars == 32 { break }
                scalars += 1
            }
            out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return out
    }
}

/// What safe mode (`kb build --safe`) keeps of raw HTML: only bare anchors, `<a name="x">` or `<a id="x">`, which
/// links point at. They are written anew from the id, so nothing else of the author's markup survives.
public enum SafeHTML {
    public static func anchor(_ html: String) -> String? {
        let trimmed = html.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.lowercased() == "</a>" { return "" }
        guard let id = HTMLAnchors.bareAnchorID(trimmed) else { return nil }
        return "<a id=\"\(HTMLEscaping.escape(id))\"></a>"
    }
}
