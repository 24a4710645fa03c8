/// Compact JSON with sorted keys for the index files: JSONSerialization goes through NSDictionary on Linux and
/// costs seconds on a large site; these shapes (strings, integers, arrays, string-keyed maps) need none of that.
enum JSONWriter {
    indirect enum Value {
        case string(String)
        case int(Int)
        case double(Double)
        case array([Value])
        case object([(String, Value)])
    }

    static func encode(_ value: Value) -> String {
        var out = ""
        out.reserveCapacity(1 << 12)
        write(value, into: &out)
        return out
    }

    private static func write(_ value: Value, into out: inout String) {
        switch value {
        case .string(let s): writeString(s, into: &out)
        case .int(let i): out += String(i)
        case .double(let d): out += d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (index, pair) in pairs.sorted(by: { codePointOrder($0.0, $1.0) }).enumerated() {
                if index > 0 { out += "," }
                writeString(pair.0, into: &out)
                out += ":"
                write(pair.1, into: &out)
            }
            out += "}"
        }
    }

    /// Escapes `"`, `\` and control characters; `</` becomes `<\/` so a `.js` script of the index can never close a script.
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
