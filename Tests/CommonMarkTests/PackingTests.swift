import Foundation
import Testing
@testable import CommonMark

/// A build keeps parsed trees packed (`PackedMarkdown`); unpacking must give back the same tree, every node and range.
struct PackingTests {
    /// Every CommonMark and GFM table example, and every Markdown file of the sample content and (when present) the
    /// corpus, in every flavour: packed and unpacked, the tree is equal to the parsed one.
    @Test func everyTreeSurvivesPacking() throws {
        var texts = (loadSpec("commonmark-0.30") + loadSpec("gfm-tables")).map(\.markdown)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for folder in ["content", "../shared/corpus/alchemy"] {
            let root = repository.appendingPathComponent(folder).path
            guard let files = FileManager.default.enumerator(atPath: root) else { continue }
            while let path = files.nextObject() as? String {
                if path.hasSuffix(".md"), let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) { texts.append(text) }
            }
        }
        #expect(texts.count > 700)
        var nodes = 0
        for text in texts {
            for flavor in MarkdownFlavor.allCases {
                let root = MarkdownParser.parse(text, options: MarkdownOptions(flavor: flavor)).root
                nodes += count(root)
                #expect(PackedMarkdown(root).unpacked() == root)
            }
        }
        #expect(nodes > 10_000)
    }

    /// Bytes cut short or changed give nil (the engine then parses the file again), never a crash or another tree.
    @Test func damagedBytesGiveNil() {
        let root = MarkdownParser.parse("# Title\n\n- a [link](x.md)\n- `code`\n").root
        let bytes = PackedMarkdown(root).bytes
        for cut in 0..<bytes.count {
            #expect(PackedMarkdown(bytes: Array(bytes.prefix(cut))).unpacked() == nil)
        }
        #expect(PackedMarkdown(bytes: bytes + [0]).unpacked() == nil)
        #expect(PackedMarkdown(bytes: [200] + bytes.dropFirst()).unpacked() == nil)
    }

    private func count(_ node: MarkdownNode) -> Int { 1 + node.children.reduce(0) { $0 + count($1) } }
}
