import Foundation
import Testing
@testable import SearchIndexing

/// The String-based writer `JSONWriter` replaced, frozen: the byte writer must give the same text for every value.
enum ReferenceJSONWriter {
    static func encode(_ value: JSONWriter.Value) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: JSONWriter.Value, into out: inout String) {
        switch value {
        case .string(let s): writeString(s, into: &out)
        case .int(let i): out += String(i)
        case .double(let d): out += d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .raw(let bytes): out += String(decoding: bytes, as: UTF8.self)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (index, pair) in pairs.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }).enumerated() {
                if index > 0 { out += "," }
                writeString(pair.0, into: &out)
                out += ":"
                write(pair.1, into: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        var previous: Unicode.Scalar = " "
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "/" where previous == "<": out += "\\/"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            previous = scalar
        }
        out += "\""
    }
}

struct JSONWriterDifferentialTests {
    /// Strings from pieces that need escaping (quotes, backslashes, every control character, `</`, U+2028/9, the
    /// bytes around them) and that do not (CJK, Arabic, emoji, combining marks); integers at the edges.
    @Test func byteWriterMatchesTheStringWriter() throws {
        let pieces = ["a", "Z", "\"", "\\", "/", "<", "</", "<\\/", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "â€",
                      "資格情報", "مرحبا", "👩‍💻", "e\u{301}", "\u{7F}", "\u{85}", " ", "{", "}", ":"]
            + (0..<0x20).map { String(Unicode.Scalar(UInt8($0))) }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        func string() -> String { (0..<next(9)).map { _ in pieces[next(pieces.count)] }.joined() }
        let numbers = [0, 1, -1, 9, 10, 99, 100, 123_456_789, Int.max, Int.min, -42]
        func value(_ depth: Int) -> JSONWriter.Value {
            switch next(depth > 2 ? 3 : 5) {
            case 0: return .string(string())
            case 1: return .int(next(2) == 0 ? numbers[next(numbers.count)] : next(1_000_000) - 500_000)
            case 2: return .double([0, 1.5, 2.25, 1e20, 3].randomElementSeeded(next))
            case 3: return .array((0..<next(5)).map { _ in value(depth + 1) })
            default: return .object((0..<next(5)).map { _ in (string(), value(depth + 1)) })
            }
        }
        for _ in 0..<3_000 {
            let v = value(0)
            #expect(JSONWriter.encode(v) == ReferenceJSONWriter.encode(v))
        }
        for _ in 0..<300 {
            var postings: [String: [Int]] = [:]
            for _ in 0..<next(20) { postings[string()] = (0..<(3 * next(5))).map { _ in next(100_000) } }
            let old = ReferenceJSONWriter.encode(.object(postings.map { ($0.key, .array($0.value.map { .int($0) })) }))
            #expect(String(decoding: JSONWriter.postingsTable(postings), as: UTF8.self) == old)
        }
    }
}

private extension Array {
    func randomElementSeeded(_ next: (Int) -> Int) -> Element { self[next(count)] }
}
