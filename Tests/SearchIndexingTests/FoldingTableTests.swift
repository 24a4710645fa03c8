import Foundation
import Testing
@testable import SearchIndexing

/// The assumptions `FoldingTable` rests on, checked against the Foundation on this machine (its Unicode data may be
/// older or newer than the standard library's).
@Suite struct FoldingTableTests {
    /// A starter can only compose onto the character before it if it appears after the first place in some canonical
    /// decomposition. None of those may pass `startsSegment`, or a table boundary could hide a composition.
    @Test func noScalarThatStartsASegmentComposesBackwards() {
        var offenders: [String] = []
        for value in 0x80...0x10FFFF as ClosedRange<UInt32> {
            guard let scalar = Unicode.Scalar(value) else { continue }
            switch scalar.properties.generalCategory {
            case .unassigned, .privateUse, .surrogate: continue
            default: break
            }
            if FoldingTable.isIdentityBlock(value) { continue }  // checked below
            let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            for part in decomposed.dropFirst() where FoldingTable.startsSegment(part) {
                offenders.append("U+\(String(value, radix: 16)) → U+\(String(part.value, radix: 16))")
            }
        }
        #expect(offenders.count == 0, "\(offenders.prefix(20))")
    }

    /// The blocks taken as context free and unchanged without asking Foundation are exactly that, every scalar.
    @Test func identityRangesAreContextFreeAndUnchanged() {
        var offenders: [UInt32] = []
        for value in 0x3400...0xD7FF as ClosedRange<UInt32> where FoldingTable.isIdentityBlock(value) {
            let scalar = Unicode.Scalar(value)!
            let normal = FoldingTable.contextFreeNormalization(of: scalar)
            if normal != Array(String(scalar).utf8) { offenders.append(value) }
        }
        #expect(offenders.count == 0, "\(offenders.prefix(20).map { String($0, radix: 16) })")
    }

    /// The table answers what `contextFreeNormalization` answers, and knows the common letters of kb's languages.
    @Test func tableAgreesWithTheRuleAndCoversCommonText() {
        for group in FoldingTable.groups {
            for value in group.lowerBound << 8..<(group.upperBound + 1) << 8 {
                guard let scalar = Unicode.Scalar(value) else { continue }
                #expect(FoldingTable.normalization(of: scalar) == FoldingTable.contextFreeNormalization(of: scalar),
                        "U+\(String(value, radix: 16))")
            }
        }
        for scalar in "äÖüßéİがパ（）：、。「」ー資格가각ＡｱÅ–“”…ﬁ".unicodeScalars {
            #expect(FoldingTable.normalization(of: scalar) != nil, "\(scalar) should be in the table")
        }
        for scalar in "\u{301}\u{3099}ﾞ\u{1161}\u{11A8}\u{314F}😀".unicodeScalars {
            #expect(FoldingTable.normalization(of: scalar) == nil, "\(scalar) is not context free or not in the table")
        }
        #expect(FoldingTable.normalization(of: "ä") == Array("a".utf8))
        #expect(FoldingTable.normalization(of: "（") == Array("(".utf8))
        #expect(FoldingTable.normalization(of: "ﬁ") == Array("fi".utf8))
        #expect(FoldingTable.normalization(of: "が") == Array("が".utf8))
    }
}
