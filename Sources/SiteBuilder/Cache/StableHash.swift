/// A 64-bit FNV-1a hash that is the same in every process and on every machine (Swift's `Hasher` is seeded per
/// process), for the build cache's keys: content hashes, configuration and dependency keys.
struct StableHash: Hashable, Sendable, CustomStringConvertible {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    init() {}

    init(raw: UInt64) { value = raw }

    init(_ parts: [String]) {
        for part in parts { combine(part) }
    }

    mutating func combine(bytes: UnsafeRawBufferPointer) {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        value = hash
    }

    /// A string and its length, so `["ab", "c"]` and `["a", "bc"]` differ.
    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
        combine(UInt64(text.utf8.count))
    }

    mutating func combine(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { combine(bytes: $0) }
    }

    mutating func combine(_ other: StableHash) { combine(other.value) }

    var description: String { String(value, radix: 16) }
}
