/// Updating an index in place of rebuilding it: the postings of an earlier build are read back from its own files,
/// the documents that changed are taken out and put back, and only the files that hold them are encoded again. The
/// result is the index a full build makes of the same documents, byte for byte.
extension SearchIndex {
    /// Reads a postings table (`terms-<n>.json`, or the `terms` of a one-file `manifest.json`) as kb wrote it.
    /// Nil for anything else: the caller then rebuilds from the documents.
    public static func readTable(_ json: [UInt8], inManifest: Bool = false) -> [String: [Int]]? {
        var reader = JSONBytes(json)
        if inManifest {
            guard reader.enterObject(untilKey: "terms") else { return nil }
        }
        return reader.table()
    }

    /// Takes the postings of the documents `remove` names out and moves the others to their new number (`renumber`
    /// keeps their order), then adds the postings of `added` documents (by new number).
    /// Terms left without postings are dropped. Without `renumber`, only lists that hold a removed document change.
    public static func patch(_ table: inout [String: [Int]], remove: (Int) -> Bool, renumber: ((Int) -> Int)?,
                             added: [(document: Int, analyzed: Analyzed)]) {
        for (term, list) in table {
            if renumber == nil {
                var touched = false
                var index = 0
                while index + 2 < list.count, !touched {
                    touched = remove(list[index])
                    index += 3
                }
                if !touched { continue }
            }
            var kept: [Int] = []
            kept.reserveCapacity(list.count)
            var index = 0
            while index + 2 < list.count {
                if !remove(list[index]) {
                    kept.append(renumber?(list[index]) ?? list[index])
                    kept.append(list[index + 1])
                    kept.append(list[index + 2])
                }
                index += 3
            }
            table[term] = kept.isEmpty ? nil : kept
        }
        for (document, analyzed) in added {
            for entry in analyzed.terms {
                var list = table[entry.term] ?? []
                // Binary search over the triples for the first document after this one.
                var low = 0, high = list.count / 3
                while low < high {
                    let middle = (low + high) / 2
                    if list[middle * 3] < document { low = middle + 1 } else { high = middle }
                }
                list.insert(contentsOf: [document, entry.weight, entry.section], at: low * 3)
                table[entry.term] = list
            }
        }
    }

    /// The shards (of `count`) that hold a document's terms, as a bit set of 64-bit words.
    public static func shardBits(_ analyzed: Analyzed, count: Int) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (count + 63) / 64)
        for entry in analyzed.terms {
            let shard = shard(of: entry.term, count: count)
            bits[shard / 64] |= 1 << UInt64(shard % 64)
        }
        return bits
    }
}

/// Reads the JSON kb's `JSONWriter` writes: strings with its escapes, integers, objects and arrays. Enough to read
/// back postings tables; anything unexpected stops the read.
struct JSONBytes {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while offset < bytes.count, bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x0D || bytes[offset] == 0x09 {
            offset += 1
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    private func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// `{"term":[1,2,3],…}`.
    mutating func table() -> [String: [Int]]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var result: [String: [Int]] = [:]
        if take(UInt8(ascii: "}")) { return result }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), take(UInt8(ascii: "[")) else { return nil }
            var list: [Int] = []
            if !take(UInt8(ascii: "]")) {
                repeat {
                    guard let value = integer() else { return nil }
                    list.append(value)
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "]")) else { return nil }
            }
            result[key] = list
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? result : nil
    }

    /// Inside a top-level object, moves to the value of `key` (skipping the values before it).
    mutating func enterObject(untilKey key: String) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        repeat {
            guard let name = string(), take(UInt8(ascii: ":")) else { return false }
            if name == key { return true }
            guard skipValue() else { return false }
        } while take(UInt8(ascii: ","))
        return false
    }

    private mutating func integer() -> Int? {
        skipSpace()
        var negative = false
        if peek() == UInt8(ascii: "-") { negative = true; offset += 1 }
        var value = 0, digits = 0
        while let byte = peek(), byte >= 0x30, byte <= 0x39 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            digits += 1
            offset += 1
        }
        return digits == 0 ? nil : (negative ? -value : value)
    }

    private mutating func skipValue() -> Bool {
        skipSpace()
        guard let byte = peek() else { return false }
        switch byte {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            offset += 1
            if take(close) { return true }
            repeat {
                if byte == UInt8(ascii: "{") { guard string() != nil, take(UInt8(ascii: ":")) else { return false } }
                guard skipValue() else { return false }
            } while take(UInt8(ascii: ","))
            return take(close)
        default:
            let start = offset
            while let next = peek(), !(next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == UInt8(ascii: "]")
                                       || next == 0x20 || next == 0x0A) {
                offset += 1
            }
            return offset > start
        }
    }

    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var out: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { return nil }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if scalar >= 0xD800, scalar < 0xDC00 {   // a surrogate pair
                        guard take(UInt8(ascii: "\\")), peek() == UInt8(ascii: "u") else { return nil }
                        offset += 1
                        guard let low = hex4(), low >= 0xDC00, low < 0xE000 else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let value = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: Array(String(value).utf8))
                default: return nil
                }
            default:
                out.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            offset += 1
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
