import Testing
@testable import LinkResolution

@Suite struct AnchorSetTests {
    @Test func holdsEachNameOnceWhateverTheOrder() {
        let a = AnchorSet(["cause", "intro", "原因", "cause", "Mixed-Case"])
        let b = AnchorSet(["原因", "Mixed-Case", "intro", "cause"])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Array(a) == ["Mixed-Case", "cause", "intro", "原因"])
        for name in ["cause", "intro", "原因", "Mixed-Case"] { #expect(a.contains(name), "\(name)") }
    }

    @Test func answersOnlyForWholeNames() {
        let anchors: AnchorSet = ["issues-with-credentials", "a", "step-2"]
        for name in ["issues", "credentials", "with", "step", "2", "step-2 ", "A", "ab", "", "a\0step-2"] {
            #expect(!anchors.contains(name), "\(name)")
        }
        #expect(anchors.contains("a"))
        #expect(anchors.contains("step-2"))
        #expect(anchors.contains("issues-with-credentials"))
    }

    @Test func leavesOutNamesNoPageCanHave() {
        let anchors = AnchorSet(["", "bad\0name", "ok"])
        #expect(Array(anchors) == ["ok"])
        #expect(AnchorSet([]).isEmpty)
        #expect(!AnchorSet([]).contains(""))
        #expect(Array(AnchorSet([])).isEmpty)
    }

    @Test func aCacheRecordReadsBackEqual() {
        let anchors = AnchorSet(["b", "a", "ä", "z"])
        #expect(AnchorSet(joined: anchors.joined) == anchors)
        #expect(Set(AnchorSet(joined: anchors.joined)) == Set(["a", "b", "ä", "z"]))
    }
}
