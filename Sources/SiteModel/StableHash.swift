/// A 64-bit FNV-1a hash that is the same in every process and on every machine (Swift's `Hasher` is seeded per
/// process), for the build cache's keys (content hashes, configuration and dependency keys) and the default theme's
/// template fingerprints.
public struct StableHash: Hashable, Sendable, CustomStringConvertible {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    public init(raw: UInt64) { value = raw }

    public init(_ parts: [String]) {
        for part in parts { combine(part) }
    }

    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        value = hash
    }

    /// A string and its length, so `["ab", "c"]` and `["a", "bc"]` differ.
    public mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
        combine(UInt64(text.utf8.count))
    }

    public mutating func combine(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { combine(bytes: $0) }
    }

    public mutating func combine(_ other: StableHash) { combine(other.value) }

    public var description: String { String(value, radix: 16) }
}
