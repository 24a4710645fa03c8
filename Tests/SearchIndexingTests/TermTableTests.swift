import Testing
@testable import SearchIndexing

/// `TermTable` numbers a document's distinct terms by their bytes: the same bytes always get the same number, other
/// bytes another, through every growth of the table.
@Suite struct TermTableTests {
    @Test func equalBytesShareANumberAcrossGrowth() {
        var table = TermTable(capacity: 1)
        let words = (0..<20_000).map { "t\($0 * 7919 % 20_000)" } + ["", "é", "資格", "a", "ab", "ba"]
        var numbers: [String: Int] = [:]
        for round in 0..<2 {
            for word in words {
                Array(word.utf8).withUnsafeBufferPointer { buffer in
                    let (number, isNew) = table.number(of: buffer, 0..<buffer.count)
                    if round == 0 {
                        #expect(isNew, "\(word) seen twice in round 0")
                        numbers[word] = number
                    } else {
                        #expect(!isNew && numbers[word] == number, "\(word) renumbered")
                    }
                }
            }
        }
        #expect(table.count == words.count)
        #expect(table.names == words)
    }

    /// A term inside a longer buffer is the same term as on its own.
    @Test func rangesOfOneBufferAreTermsOfTheirOwn() {
        var table = TermTable(capacity: 4)
        let text = Array("error 0x80070005 error".utf8)
        text.withUnsafeBufferPointer { buffer in
            let first = table.number(of: buffer, 0..<5), code = table.number(of: buffer, 6..<16)
            let again = table.number(of: buffer, 17..<22)
            #expect(first.isNew && code.isNew && !again.isNew && again.0 == first.0 && code.0 != first.0)
        }
        #expect(table.names == ["error", "0x80070005"])
    }
}
