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
