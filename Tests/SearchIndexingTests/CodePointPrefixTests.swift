import Testing
@testable import SearchIndexing

/// `JSONWriter.postingsTable` sorts terms by `codePointPrefix` first: that must never disagree with `codePointOrder`.
struct CodePointPrefixTests {
    @Test func prefixOrderAgreesWithCodePointOrder() {
        let pieces = ["a", "b", "ab", "abcdefgh", "abcdefghi", "\u{0}", "é", "資格", "情報", "z", "😀", "\u{7F}", "\u{80}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        let strings = (0..<400).map { _ in (0..<next(5)).map { _ in pieces[next(pieces.count)] }.joined() }
        for a in strings {
            for b in strings where codePointPrefix(a) != codePointPrefix(b) {
                #expect((codePointPrefix(a) < codePointPrefix(b)) == codePointOrder(a, b), "\(a.debugDescription) \(b.debugDescription)")
            }
        }
    }
}
