/// Compact JSON with sorted keys for the index files, written straight to UTF-8 bytes: JSONSerialization goes through
/// NSDictionary on Linux and costs seconds on a large site, and a tree of boxed values per posting cost as much again.
/// These shapes (strings, integers, arrays, string-keyed maps) need neither.
enum JSONWriter {
    indirect enum Value {
        case string(String)
        case int(Int)
        case double(Double)
        case array([Value])
        case object([(String, Value)])
        /// JSON already written (`postingsTable`).
        case raw([UInt8])
    }

    static func encode(_ value: Value) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 12)
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .string(let s): writeString(s, into: &out)
        case .int(let i): writeInt(i, into: &out)
        case .double(let d): out += (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)).utf8
        case .raw(let bytes): out += bytes
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.sorted(by: { codePointOrder($0.0, $1.0) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(pair.0, into: &out)
                out.append(UInt8(ascii: ":"))
                write(pair.1, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `{"term":[doc,weight,section,…],…}` with terms in code-point order: the bulk of a large index, written without
    /// a value per number.
    static func postingsTable(_ postings: [String: [Int]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(postings.reduce(2) { $0 + $1.key.utf8.count + 4 + $1.value.count * 4 })
        out.append(UInt8(ascii: "{"))
        for (index, term) in postings.keys.sorted(by: codePointOrder).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            writeString(term, into: &out)
            out.append(UInt8(ascii: ":"))
            out.append(UInt8(ascii: "["))
            for (position, number) in postings[term]!.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                writeInt(number, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// `postingsTable` split by document: table `p` holds, for each term, the triples whose document `partOf`
    /// puts in `p` (lists are in document order, so each part's are a run of the whole list). Terms in code-point
    /// order; a term with no triple in a part is not in its table.
    static func postingsTables(_ postings: [String: [Int]], parts: Int, partOf: (Int) -> Int) -> [[UInt8]] {
        var tables = [[UInt8]](repeating: [UInt8(ascii: "{")], count: parts)
        for term in postings.keys.sorted(by: codePointOrder) {
            let list = postings[term]!
            var start = 0
            while start + 2 < list.count {
                let part = partOf(list[start])
                var end = start + 3
                while end + 2 < list.count, partOf(list[end]) == part { end += 3 }
                if tables[part].count > 1 { tables[part].append(UInt8(ascii: ",")) }
                writeString(term, into: &tables[part])
                tables[part].append(UInt8(ascii: ":"))
                tables[part].append(UInt8(ascii: "["))
                for position in start..<end {
                    if position > start { tables[part].append(UInt8(ascii: ",")) }
                    writeInt(list[position], into: &tables[part])
                }
                tables[part].append(UInt8(ascii: "]"))
                start = end
            }
        }
        for part in tables.indices { tables[part].append(UInt8(ascii: "}")) }
        return tables
    }

    /// Decimal digits, as `String(i)` writes them.
    static func writeInt(_ i: Int, into out: inout [UInt8]) {
        if i < 0 {
            guard i != .min else { out += String(i).utf8; return }
            out.append(UInt8(ascii: "-"))
        }
        var value = i.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                count += 1
            } while value > 0
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }

    /// Escapes `"`, `\` and control characters; `</` becomes `<\/` so a `.js` script of the index can never close a
    /// script; U+2028 and U+2029 are escaped (older JavaScript cannot hold them in a string literal). Runs of other
    /// bytes are copied as they are.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { bytes in
            var index = 0
            var previous: UInt8 = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case UInt8(ascii: "/") where previous == UInt8(ascii: "<"): out += [UInt8(ascii: "\\"), UInt8(ascii: "/")]
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    out += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    index += 2
                case 0..<0x20:
                    let hex = Array(String(byte, radix: 16).utf8)
                    out += Array("\\u".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: 4 - hex.count) + hex
                default:
                    out.append(byte)
                }
                previous = bytes[index]
                index += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
