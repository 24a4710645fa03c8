import Testing
@testable import CommonMark

/// The byte searches the parser's extension checks use.
@Suite struct ByteScanTests {
    @Test func findsANeedleWhereverItIsAndNowhereElse() {
        #expect(ByteScan.contains(":::image type", ":::image"))
        #expect(ByteScan.contains("text ending in :::image", ":::image"))
        #expect(ByteScan.contains("資格情報 > [!NOTE] で", "[!"))
        #expect(ByteScan.contains("::::::image", ":::image"))
        #expect(!ByteScan.contains("::image :::imag", ":::image"))
        #expect(!ByteScan.contains(":::", ":::image"))
        #expect(!ByteScan.contains("", "[!"))
        #expect(ByteScan.contains("", ""))
        #expect(ByteScan.contains("a <b>", byte: UInt8(ascii: "<")) && !ByteScan.contains("a b", byte: UInt8(ascii: "<")))
        let long = String(repeating: "a", count: 100_000)
        #expect(ByteScan.contains(long + "[!", "[!") && !ByteScan.contains(long, "[!"))
    }

    /// `SourceLines` gives the lines a split of the UTF-8 bytes at `\n` gives, empty ones and `\r` kept.
    @Test func sourceLinesAreTheTextSplitAtLineFeeds() {
        let pieces = ["a", "| b |", "\r", "\n", "\r\n", "資格", "", " ", "\n\n", "é"]
        var generator = SystemRandomNumberGenerator()
        var texts = ["", "\n", "a\n", "\na", "a\r\nb\r\n", "x\n\ny"]
        for _ in 0..<2_000 {
            texts.append((0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            let expected = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
            let lines = SourceLines(text)
            #expect(lines.count == expected.count, "\(text.debugDescription)")
            guard lines.count == expected.count else { continue }
            #expect((0..<lines.count).allSatisfy { Array(lines[$0].utf8) == Array(expected[$0].utf8) }, "\(text.debugDescription)")
        }
    }
}
