import SiteModel

/// GFM pipe tables, built over the tree: cmark has no tables, so a table arrives as a paragraph. A paragraph whose
/// source lines hold a header row followed by a delimiter row with the same number of cells becomes a table; lines
/// before the header stay a paragraph. Works in list items and block quotes because the source lines are read back
/// from the paragraph's position, with the container prefix removed.
struct PipeTables {
    let lines: SourceLines
    let lineOffset: Int

    let hasPipe: Bool

    init(source: String, lineOffset: Int) {
        hasPipe = ByteScan.contains(source, byte: UInt8(ascii: "|"))
        lines = SourceLines(hasPipe ? source : "")
        self.lineOffset = lineOffset
    }

    func rewrite(_ root: MarkdownNode) -> MarkdownNode {
        // Most pages have no table: one byte scan avoids looking at any paragraph.
        guard hasPipe else { return root }
        return root.rewritingChildren(descend: \.isBlockContainer) { node in
            guard case .paragraph = node.kind, let range = node.range, range.endLine > range.startLine,
                  mayHoldDelimiterRow(range) else { return nil }
            return table(from: node, range: range)
        }
    }

    /// True when a line of the paragraph, container prefix aside, is made only of `|`, `:`, `-` and blanks with at
    /// least one `-`: the cheap necessary condition for a delimiter row.
    private func mayHoldDelimiterRow(_ range: SourceRange) -> Bool {
        let first = range.startLine - lineOffset - 1, last = range.endLine - lineOffset - 1
        guard first >= 0, last < lines.count, first < last else { return false }
        for index in (first + 1)...last {
            var sawDash = false
            var ok = true
            for byte in lines[index].utf8 {
                switch byte {
                case UInt8(ascii: "-"): sawDash = true
                case UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ">"), UInt8(ascii: "\r"): break
                default: ok = false
                }
                if !ok { break }
            }
            if ok && sawDash { return true }
        }
        return false
    }

    private func table(from paragraph: MarkdownNode, range: SourceRange) -> [MarkdownNode]? {
        let first = range.startLine - lineOffset - 1
        let last = range.endLine - lineOffset - 1
        guard first >= 0, last < lines.count else { return nil }
        let prefixWidth = range.startColumn - 1
        let rows: [Substring] = (first...last).map { index in
            var line = lines[index]
            if line.hasSuffix("\r") { line = line.dropLast() }
            if index == first || line.utf8.prefix(prefixWidth).allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x3E }) {
                let start = line.utf8.index(line.startIndex, offsetBy: min(prefixWidth, line.utf8.count))
                return line[start...]
            }
            return line.drop { $0 == " " || $0 == "\t" || $0 == ">" }
        }
        for header in 0..<(rows.count - 1) {
            guard let alignments = Self.delimiterRow(rows[header + 1]) else { continue }
            let headerCells = Self.cells(rows[header])
            guard headerCells.count == alignments.count else { continue }
            guard rows[header].contains("|") || rows[header + 1].contains("|") else { continue }
            var result: [MarkdownNode] = []
            if header > 0 {
                let text = rows[..<header].joined(separator: "\n")
                let inlines = MarkdownParser.parseInlines(text, lineOffset: range.startLine - 1)
                result.append(MarkdownNode(.paragraph, children: inlines, range: range))
            }
            var tableRows = [row(headerCells, alignments, header: true, line: range.startLine + header)]
            for index in (header + 2)..<rows.count {
                tableRows.append(row(Self.cells(rows[index]), alignments, header: false, line: range.startLine + index))
            }
            let tableRange = SourceRange(
                startLine: range.startLine + header, startColumn: range.startColumn,
                endLine: range.endLine, endColumn: range.endColumn)
            result.append(MarkdownNode(.table, children: tableRows, range: tableRange))
            return result
        }
        return nil
    }

    private func row(_ cells: [String], _ alignments: [TableAlignment], header: Bool, line: Int) -> MarkdownNode {
        let rowRange = SourceRange(startLine: line, startColumn: 1, endLine: line, endColumn: 1)
        let nodes = alignments.enumerated().map { index, alignment in
            let text = index < cells.count ? cells[index] : ""
            return MarkdownNode(
                .tableCell(alignment), children: MarkdownParser.parseInlines(text, lineOffset: line - 1), range: rowRange)
        }
        return MarkdownNode(.tableRow(isHeader: header), children: nodes, range: rowRange)
    }

    /// Splits a row at unescaped pipes; a leading and a trailing pipe are optional; `\|` becomes `|` in the cell.
    static func cells(_ line: Substring) -> [String] {
        var text = line.trimming(" \t")
        if text.hasPrefix("|") { text = text.dropFirst() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for ch in text {
            if escaped {
                current += ch == "|" ? "|" : "\\\(ch)"
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == "|" {
                cells.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        if escaped { current += "\\" }
        if !current.allSatisfy({ $0 == " " || $0 == "\t" }) || !text.hasSuffix("|") || cells.isEmpty {
            cells.append(current)
        }
        return cells.map { String($0.trimming(" \t")) }
    }

    /// The alignments of a delimiter row (`| :--- | ---: |`), or nil when the line is no delimiter row.
    static func delimiterRow(_ line: Substring) -> [TableAlignment]? {
        let cells = cells(line)
        guard !cells.isEmpty else { return nil }
        var result: [TableAlignment] = []
        for cell in cells {
            var body = Substring(cell)
            let left = body.hasPrefix(":")
            if left { body = body.dropFirst() }
            let right = body.hasSuffix(":")
            if right { body = body.dropLast() }
            guard !body.isEmpty, body.allSatisfy({ $0 == "-" }) else { return nil }
            result.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return result
    }
}
