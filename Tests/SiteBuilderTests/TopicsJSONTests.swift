import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

/// `topics.json` is written by hand for speed; its bytes are those `JSONEncoder` wrote before, on random topic lists
/// that hold every escape, non-ASCII keys in both normal forms, and empty lists.
@Suite struct TopicsJSONTests {
    private func encoderBytes(_ map: [String: [String]]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return String(decoding: try encoder.encode(map), as: UTF8.self)
    }

    @Test func randomListsAreWrittenAsJSONEncoderWritesThem() throws {
        var generator = SeededGenerator(seed: 20261203)
        let pieces = ["7723", "kb", "Z", "a", "10", "9", "é", "e\u{301}", "日本", "/", "\\", "\"", "\u{1}", "\u{7f}",
                      "\t", "\n", "\r", "\u{8}", "\u{c}", "\u{1f}", "😀", "ja-jp/a/b/", " ", "-"]
        func text() -> String {
            (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        for _ in 0..<300 {
            var map: [String: [String]] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                map[text()] = (0..<Int.random(in: 0...3, using: &generator)).map { _ in text() }
            }
            let written = TopicsJSON.encode(map.map { ($0.key, $0.value) })
            #expect(written == (try encoderBytes(map)), "\(map)")
        }
    }

    @Test func anEmptyMapIsWrittenAsTheEncoderDoes() throws {
        #expect(TopicsJSON.encode([]) == (try encoderBytes([:])))
    }
}
