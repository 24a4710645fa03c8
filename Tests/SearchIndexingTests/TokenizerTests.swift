import Foundation
import Testing
@testable import SearchIndexing

/// The vectors `Tests/search-js/tokenizer.test.js` checks the browser tokenizer with: one file, two implementations.
struct TokenizerVector: Decodable, Sendable, CustomTestStringConvertible {
    let input: String
    let terms: [String]
    var testDescription: String { input.debugDescription }
}

private struct VectorFile: Decodable {
    let version: Int
    let vectors: [TokenizerVector]
}

private let vectorFile: VectorFile? = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tokenizer-vectors.json")
    return (try? Data(contentsOf: url)).flatMap { try? JSONDecoder().decode(VectorFile.self, from: $0) }
}()

@Suite struct TokenizerTests {
    @Test func vectorFileIsPresentAndCurrent() throws {
        let file = try #require(vectorFile)
        #expect(file.version == Tokenizer.version)
        #expect(file.vectors.count >= 20)
    }

    @Test(arguments: vectorFile?.vectors ?? [])
    func sharedVector(_ vector: TokenizerVector) {
        #expect(Tokenizer.terms(vector.input) == vector.terms)
    }
}

/// A tiny seeded generator so randomized tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
