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
        postingsTable(postings, parts: 0) { _ in 0 }.whole
    }

    /// `postingsTable`, and the same split by document (no split when `parts` is 0): table `p` of `parts` holds, for
    /// each term, the triples whose document `partOf` puts in `p` (lists are in document order, so each part's are a
    /// run of the whole list). One pass: a part's entry is copied from the whole table's bytes (its term, then its
    /// run of numbers). Terms in code-point order; a term with no triple in a part is not in its table.
    static func postingsTable(_ postings: [String: [Int]], parts: Int, partOf: (Int) -> Int) -> (whole: [UInt8], parts: [[UInt8]]) {
        var whole: [UInt8] = []
        whole.reserveCapacity(postings.reduce(2) { $0 + $1.key.utf8.count + 4 + $1.value.count * 4 })
        whole.append(UInt8(ascii: "{"))
        var tables = [[UInt8]](repeating: [UInt8(ascii: "{")], count: parts)
        var tripleStarts: [Int] = []
        // Compared by their first eight bytes as one integer, and in full only when those are equal: the same order.
        let terms = Array(postings.keys)
        let prefixes = terms.map(codePointPrefix)
        let order = terms.indices.sorted {
            prefixes[$0] != prefixes[$1] ? prefixes[$0] < prefixes[$1] : codePointOrder(terms[$0], terms[$1])
        }
        for (index, term) in order.lazy.map({ terms[$0] }).enumerated() {
            if index > 0 { whole.append(UInt8(ascii: ",")) }
            let keyStart = whole.count
            writeString(term, into: &whole)
            let keyEnd = whole.count
            whole.append(UInt8(ascii: ":"))
            whole.append(UInt8(ascii: "["))
            let list = postings[term]!
            tripleStarts.removeAll(keepingCapacity: true)
            for (position, number) in list.enumerated() {
                if position > 0 { whole.append(UInt8(ascii: ",")) }
                if position % 3 == 0 { tripleStarts.append(whole.count) }
                writeInt(number, into: &whole)
            }
            let listEnd = whole.count
            whole.append(UInt8(ascii: "]"))
            guard parts > 0 else { continue }
            var triple = 0
            while triple < tripleStarts.count, triple * 3 + 2 < list.count {
                let part = partOf(list[triple * 3])
                var next = triple + 1
                while next < tripleStarts.count, next * 3 + 2 < list.count, partOf(list[next * 3]) == part { next += 1 }
                // The run's numbers: up to the comma before the next run, or the end of the list.
                let end = next < tripleStarts.count ? tripleStarts[next] - 1 : listEnd
                if tables[part].count > 1 { tables[part].append(UInt8(ascii: ",")) }
                tables[part].append(contentsOf: whole[keyStart..<keyEnd])
                tables[part].append(UInt8(ascii: ":"))
                tables[part].append(UInt8(ascii: "["))
                tables[part].append(contentsOf: whole[tripleStarts[triple]..<end])
                tables[part].append(UInt8(ascii: "]"))
                triple = next
            }
        }
        whole.append(UInt8(ascii: "}"))
        for part in tables.indices { tables[part].append(UInt8(ascii: "}")) }
        return (whole, tables)
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
            var runStart = 0
            while index < bytes.count {
                let byte = bytes[index]
                // Most bytes are copied in runs; only these may need an escape.
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/")
                        || byte == 0xE2 else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case UInt8(ascii: "/"):
                    if index > 0, bytes[index - 1] == UInt8(ascii: "<") { out.append(UInt8(ascii: "\\")) }
                    out.append(byte)
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    out += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    index += 2
                    runStart = index + 1
                case 0xE2:
                    out.append(byte)
                default:
                    let hex = Array(String(byte, radix: 16).utf8)
                    out += Array("\\u".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: 4 - hex.count) + hex
                }
                index += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
