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

    /// A file's bytes and their count, eight bytes at a step (xxHash64's round and avalanche, one lane): about
    /// seven times the speed of `combine(bytes:)`'s byte-at-a-time FNV-1a, for the content hash of every source.
    public mutating func combine(contents bytes: UnsafeRawBufferPointer) {
        let prime1: UInt64 = 0x9E37_79B1_85EB_CA87, prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var lane = value &+ prime1 &+ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            lane = ((lane &+ word &* prime2) << 31 | (lane &+ word &* prime2) >> 33) &* prime1
            offset += 8
        }
        value = lane
        combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        var mixed = value
        mixed ^= mixed >> 33
        mixed = mixed &* prime2
        mixed ^= mixed >> 29
        mixed = mixed &* 0x1656_67B1_9E37_79F9
        mixed ^= mixed >> 32
        value = mixed
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
