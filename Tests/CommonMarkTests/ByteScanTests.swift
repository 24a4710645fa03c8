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
}
