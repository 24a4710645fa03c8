/// A Markdown tree packed into bytes, and back: the same tree (`==`) at a fifth of the memory. A build parses every
/// article before it renders the first page (the index needs them all), so it keeps each tree packed until its pages
/// are made; unpacking costs far less than parsing again.
///
/// Layout, depth first: a kind byte, the kind's fields (strings as LEB128 length + UTF-8, integers as zigzag LEB128),
/// the range (a flag, then four integers), the child count, the children.
public struct PackedMarkdown: Sendable {
    public let bytes: [UInt8]

    /// Bytes as `init(_:)` wrote them (tests give others).
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ node: MarkdownNode) {
        var writer = Writer()
        writer.node(node)
        bytes = writer.bytes
    }

    /// The tree; nil only for bytes that `init` did not write.
    public func unpacked() -> MarkdownNode? {
        var reader = Reader(bytes: bytes)
        guard let node = reader.node(depth: 0), reader.offset == bytes.count else { return nil }
        return node
    }

    private struct Writer {
        var bytes: [UInt8] = []

        mutating func int(_ value: Int) {
            var zigzag = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
            while zigzag >= 0x80 {
                bytes.append(UInt8(zigzag & 0x7F) | 0x80)
                zigzag >>= 7
            }
            bytes.append(UInt8(zigzag))
        }

        mutating func string(_ value: String) {
            int(value.utf8.count)
            bytes += value.utf8
        }

        mutating func node(_ node: MarkdownNode) {
            switch node.kind {
            case .document: bytes.append(0)
            case .blockQuote: bytes.append(1)
            case .list(let style):
                bytes.append(2); int(style.ordered ? 1 : 0); int(style.start); int(style.tight ? 1 : 0)
            case .item: bytes.append(3)
            case .codeBlock(let info, let literal): bytes.append(4); string(info); string(literal)
            case .htmlBlock(let html): bytes.append(5); string(html)
            case .paragraph: bytes.append(6)
            case .heading(let level, let id):
                bytes.append(7); int(level); int(id == nil ? 0 : 1); if let id { string(id) }
            case .thematicBreak: bytes.append(8)
            case .table: bytes.append(9)
            case .tableRow(let isHeader): bytes.append(10); int(isHeader ? 1 : 0)
            case .tableCell(let alignment): bytes.append(11); string(alignment.rawValue)
            case .text(let text): bytes.append(12); string(text)
            case .softBreak: bytes.append(13)
            case .lineBreak: bytes.append(14)
            case .code(let code): bytes.append(15); string(code)
            case .htmlInline(let html): bytes.append(16); string(html)
            case .markup(let markup): bytes.append(17); string(markup)
            case .emphasis: bytes.append(18)
            case .strong: bytes.append(19)
            case .link(let destination, let title): bytes.append(20); string(destination); string(title)
            case .image(let source, let title): bytes.append(21); string(source); string(title)
            case .alert(let kind): bytes.append(22); string(kind)
            case .video(let url): bytes.append(23); string(url)
            case .div(let attributes): bytes.append(24); string(attributes)
            case .include(let path, let inline): bytes.append(25); string(path); int(inline ? 1 : 0)
            case .included(let path, let displayPath): bytes.append(26); string(path); string(displayPath)
            }
            if let range = node.range {
                bytes.append(1)
                int(range.startLine); int(range.startColumn); int(range.endLine); int(range.endColumn)
            } else {
                bytes.append(0)
            }
            int(node.children.count)
            for child in node.children { self.node(child) }
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func int() -> Int? {
            var value: UInt64 = 0, shift: UInt64 = 0
            while let byte = byte() {
                guard shift < 64 else { return nil }
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return Int(Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))) }
                shift += 7
            }
            return nil
        }

        mutating func bool() -> Bool? { int().map { $0 != 0 } }

        mutating func string() -> String? {
            guard let count = int(), count >= 0, count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
        }

        mutating func kind() -> MarkdownNode.Kind? {
            switch byte() {
            case 0: return .document
            case 1: return .blockQuote
            case 2:
                guard let ordered = bool(), let start = int(), let tight = bool() else { return nil }
                return .list(ListStyle(ordered: ordered, start: start, tight: tight))
            case 3: return .item
            case 4: guard let info = string(), let literal = string() else { return nil }; return .codeBlock(info: info, literal: literal)
            case 5: return string().map { .htmlBlock($0) }
            case 6: return .paragraph
            case 7:
                guard let level = int(), let hasID = bool() else { return nil }
                if !hasID { return .heading(level: level, id: nil) }
                return string().map { .heading(level: level, id: $0) }
            case 8: return .thematicBreak
            case 9: return .table
            case 10: return bool().map { .tableRow(isHeader: $0) }
            case 11: return string().flatMap(TableAlignment.init(rawValue:)).map { .tableCell($0) }
            case 12: return string().map { .text($0) }
            case 13: return .softBreak
            case 14: return .lineBreak
            case 15: return string().map { .code($0) }
            case 16: return string().map { .htmlInline($0) }
            case 17: return string().map { .markup($0) }
            case 18: return .emphasis
            case 19: return .strong
            case 20: guard let a = string(), let b = string() else { return nil }; return .link(destination: a, title: b)
            case 21: guard let a = string(), let b = string() else { return nil }; return .image(source: a, title: b)
            case 22: return string().map { .alert($0) }
            case 23: return string().map { .video($0) }
            case 24: return string().map { .div($0) }
            case 25: guard let path = string(), let inline = bool() else { return nil }; return .include(path: path, inline: inline)
            case 26: guard let a = string(), let b = string() else { return nil }; return .included(path: a, displayPath: b)
            default: return nil
            }
        }

        mutating func node(depth: Int) -> MarkdownNode? {
            guard depth < 10_000, let kind = kind(), let hasRange = byte() else { return nil }
            var range: SourceRange?
            if hasRange == 1 {
                guard let a = int(), let b = int(), let c = int(), let d = int() else { return nil }
                range = SourceRange(startLine: a, startColumn: b, endLine: c, endColumn: d)
            }
            guard let count = int(), count >= 0, count <= bytes.count - offset else { return nil }
            var children: [MarkdownNode] = []
            children.reserveCapacity(count)
            for _ in 0..<count {
                guard let child = node(depth: depth + 1) else { return nil }
                children.append(child)
            }
            return MarkdownNode(kind, children: children, range: range)
        }
    }
}
