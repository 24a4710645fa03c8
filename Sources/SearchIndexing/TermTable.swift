import Foundation
import SiteModel

/// The distinct terms of one document, numbered in the order first seen, found by their bytes: a token already seen
/// costs a hash of its bytes (`StableHash`) and one comparison, with no `String` made (`SearchIndex.analyze` meets
/// each term of a page many times). Open addressing over a power-of-two table, grown at half full.
struct TermTable {
    /// Every distinct term's bytes, one after another.
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var hashes: [UInt64] = []
    /// Term numbers (-1: empty).
    private var slots: [Int32]
    /// The terms, by number.
    private(set) var names: [String] = []

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
    }

    var count: Int { names.count }

    /// The number of the term `bytes[range]`, and whether it is new.
    mutating func number(of bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (Int, isNew: Bool) {
        let term = UnsafeBufferPointer(rebasing: bytes[range])
        var stable = StableHash()
        stable.combine(bytes: UnsafeRawBufferPointer(term))
        let hash = stable.value
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] >= 0 {
            let number = Int(slots[slot])
            if hashes[number] == hash, holds(number, term) { return (number, false) }
            slot = (slot + 1) & mask
        }
        let number = names.count
        slots[slot] = Int32(number)
        starts.append(arena.count)
        arena.append(contentsOf: term)
        hashes.append(hash)
        names.append(String(decoding: term, as: UTF8.self))
        if names.count * 2 > slots.count { grow() }
        return (number, true)
    }

    /// Whether the term numbered `number` has exactly the bytes of `term`.
    private func holds(_ number: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[number], end = number + 1 < starts.count ? starts[number + 1] : arena.count
        guard end - start == term.count else { return false }
        guard let base = term.baseAddress, !term.isEmpty else { return true }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, base, term.count) == 0 }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (number, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number)
        }
    }
}
