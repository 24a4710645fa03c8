import Testing
@testable import SiteModel

/// The content hash (`combine(contents:)`) keys the build cache: a changed byte anywhere, or a changed length, must
/// change it, and equal bytes must give it again.
@Suite struct StableHashTests {
    private func contentHash(_ bytes: [UInt8], seed: StableHash = StableHash()) -> StableHash {
        var hash = seed
        bytes.withUnsafeBytes { hash.combine(contents: $0) }
        return hash
    }

    @Test func everyByteAndTheLengthCount() {
        for count in 0...40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let hash = contentHash(bytes)
            #expect(contentHash(bytes) == hash)
            for position in bytes.indices {
                var changed = bytes
                changed[position] ^= 0x01
                #expect(contentHash(changed) != hash, "a flipped bit at \(position) of \(count) bytes")
            }
            #expect(contentHash(bytes + [0]) != hash, "a zero byte appended to \(count) bytes")
        }
    }

    @Test func theHashBeforeCounts() {
        let bytes = Array("# Title\nBody text of an article.\n".utf8)
        #expect(contentHash(bytes, seed: StableHash(["a"])) != contentHash(bytes, seed: StableHash(["b"])))
    }

    @Test func wordsInAnotherOrderDiffer() {
        let first = Array("abcdefgh12345678".utf8), second = Array("12345678abcdefgh".utf8)
        #expect(contentHash(first) != contentHash(second))
    }
}
