/// Escaping exactly as cmark's HTML renderer does it, so `kb markdown --flavor commonmark` matches cmark byte for byte.
public enum HTMLEscaping {
    /// Text and attribute values: `& < > "` (cmark leaves `'` alone outside URLs).
    public static func escape(_ text: String) -> String {
        // Most texts need no escape: the check runs over the contiguous bytes (twice the speed of the UTF-8 view).
        guard ByteScan.contains(text, where: isEscaped) else { return text }
        // The four are ASCII, never part of a longer UTF-8 sequence: the runs between them are copied as bytes.
        var copy = text
        return copy.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            var run = 0
            for (offset, byte) in bytes.enumerated() where isEscaped(byte) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<offset]))
                switch byte {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                default: out.append(contentsOf: "&quot;".utf8)
                }
                run = offset + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    @inline(__always)
    private static func isEscaped(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22
    }

    /// URLs in `href`/`src`: bytes outside cmark's safe set are percent-encoded; `&` and `'` become entities.
    public static func escapeURL(_ url: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(url.utf8.count)
        for byte in url.utf8 {
            if byte < 128 && hrefSafe[Int(byte)] {
                out.append(byte)
            } else if byte == UInt8(ascii: "&") {
                out.append(contentsOf: "&amp;".utf8)
            } else if byte == UInt8(ascii: "'") {
                out.append(contentsOf: "&#x27;".utf8)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static let hrefSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "-_.+!*(),%#@?=;:/$~".utf8 { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        return table
    }()
}
