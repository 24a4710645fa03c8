import Testing
import SiteModel

@Suite struct LocaleCodeTests {
    @Test func canonicalisesCaseOfEverySubtag() {
        #expect(LocaleCode("ja-jp")?.tag == "ja-JP")
        #expect(LocaleCode("DE-de")?.tag == "de-DE")
        #expect(LocaleCode("zh-hans-cn")?.tag == "zh-Hans-CN")
        #expect(LocaleCode("en")?.tag == "en")
        #expect(LocaleCode("ja-JP")?.urlSegment == "ja-jp")
    }

    @Test(arguments: ["includes", "images", "x", "", "ja_JP", "toolonglanguage", "en-", "en--us"])
    func rejectsFoldersThatAreNoLanguageTag(_ name: String) {
        #expect(LocaleCode(name) == nil)
    }

    @Test func knowsRightToLeftLanguages() {
        #expect(LocaleCode("ar-sa")!.direction == "rtl")
        #expect(LocaleCode("he-il")!.isRightToLeft)
        #expect(LocaleCode("fa")!.isRightToLeft)
        #expect(LocaleCode("ja-jp")!.direction == "ltr")
        #expect(!LocaleCode("az-Latn-az")!.isRightToLeft)
    }
}

@Suite struct DiagnosticTests {
    @Test func printsLikeACompiler() {
        let d = Diagnostic.error("yaml-syntax", at: SourceLocation(path: "content/ja-jp/a.md", line: 3, column: 7), "bad")
        #expect(d.description == "content/ja-jp/a.md:3:7: error: bad [yaml-syntax]")
        let whole = Diagnostic.warning("x", at: SourceLocation(path: "p.md"), "m")
        #expect(whole.description == "p.md: warning: m [x]")
    }

    @Test func sortsByFileThenLine() {
        let a = Diagnostic.warning("b", at: SourceLocation(path: "b.md", line: 1), "")
        let b = Diagnostic.warning("a", at: SourceLocation(path: "a.md", line: 9), "")
        let c = Diagnostic.error("a", at: SourceLocation(path: "a.md", line: 2), "")
        #expect([a, b, c].sortedForReport() == [c, b, a])
        #expect([a, b, c].errorCount == 1)
        #expect([a, b, c].warningCount == 2)
    }
}
