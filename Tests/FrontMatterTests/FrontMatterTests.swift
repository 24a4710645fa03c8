import Testing
import SiteModel
@testable import FrontMatter

private func parse(_ text: String) -> (FrontMatter?, [Diagnostic]) {
    FrontMatterParser.parse(FrontMatterBlock(splitting: text), path: "a.md")
}

@Suite struct FrontMatterBlockTests {
    @Test func splitsYAMLFromBodyAndCountsLines() {
        let block = FrontMatterBlock(splitting: "---\ntitle: T\nms.topic: article\n---\n# Body\n")
        #expect(block.yaml == "title: T\nms.topic: article\n")
        #expect(block.body == "# Body\n")
        #expect(block.bodyLineOffset == 4)
        #expect(block.yamlFirstLine == 2)
    }

    @Test func noFrontMatterIsAllBody() {
        let block = FrontMatterBlock(splitting: "# Title\n---\n")
        #expect(block.yaml == nil)
        #expect(block.bodyLineOffset == 0)
        #expect(!block.isUnclosed)
    }

    @Test func byteOrderMarkAndDotsFenceAndCRLF() {
        let block = FrontMatterBlock(splitting: "\u{FEFF}---\r\ntitle: T\r\n...\r\nbody")
        #expect(block.yaml == "title: T\r\n")
        #expect(block.body == "body")
    }

    /// The split works on bytes; a fence is still exactly what a line-by-line `Character` reading calls one.
    @Test(arguments: [
        "---\ntitle: T\n---", "  ---  \ntitle: T\n\t...\r\nbody", "---\n----\n- --\n---\nbody", "...\ntitle: T\n---\n",
        "---\ntitle: T\n---\u{301}\nstill yaml\n---\nbody", "---\r\n---\r\n", "---\n\n", "---", "\n---\nx\n---\n",
        "---\ntitle: 日本語\n…\n...\n本文", "---\n-\n--\n.-.\n", "\u{FEFF}---\nt: 1\n---",
    ])
    func fencesAreThoseOfALineByLineReading(text: String) {
        let block = FrontMatterBlock(splitting: text)
        let expected = lineByLineSplit(text)
        #expect(block.yaml.map(String.init) == expected.yaml)
        #expect(String(block.body) == expected.body)
        #expect(block.bodyLineOffset == expected.offset)
        #expect(block.isUnclosed == expected.unclosed)
    }

    /// The split as the first version of kb wrote it, over `Character`s.
    private func lineByLineSplit(_ text: String) -> (yaml: String?, body: String, offset: Int, unclosed: Bool) {
        var rest = Substring(text)
        if rest.hasPrefix("\u{FEFF}") { rest = rest.dropFirst() }
        guard let firstEnd = rest.utf8.firstIndex(of: 0x0A), rest[..<firstEnd].trimming(" \t\r") == "---" else {
            return (nil, String(rest), 0, false)
        }
        var lineStart = rest.index(after: firstEnd)
        var line = 1
        while lineStart < rest.endIndex {
            let lineEnd = rest[lineStart...].utf8.firstIndex(of: 0x0A) ?? rest.endIndex
            line += 1
            let content = rest[lineStart..<lineEnd].trimming(" \t\r")
            if content == "---" || content == "..." {
                let body = lineEnd < rest.endIndex ? rest[rest.index(after: lineEnd)...] : rest[lineEnd...]
                return (String(rest[rest.index(after: firstEnd)..<lineStart]), String(body), line, false)
            }
            lineStart = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : rest.endIndex
        }
        return (nil, String(rest), 0, true)
    }

    @Test func unclosedBlockIsAnError() {
        let (matter, diagnostics) = parse("---\ntitle: T\n# Body\n")
        #expect(matter == nil)
        #expect(diagnostics.map(\.code) == ["front-matter-unclosed"])
    }
}

@Suite struct FrontMatterFieldTests {
    @Test func typedMicrosoftDocsFields() throws {
        let (matter, diagnostics) = parse("""
        ---
        title: 資格情報に関する問題
        description: D
        ms.date: 04/21/2020
        ms.topic: article
        uid: kb.credentials
        ms.contentlocale: ja-JP
        ms.locfileid: "50063734"
        ROBOTS: NOINDEX, NOFOLLOW
        author: v-jmathew
        ms.author: daeite
        ms.service: o365-administration
        ms.collection: [Adm_O365, Other]
        ---
        body
        """)
        let m = try #require(matter)
        #expect(diagnostics.isEmpty)
        #expect(m.title == "資格情報に関する問題")
        #expect(m.description == "D")
        #expect(m.date == "04/21/2020")
        #expect(m.topicType == "article")
        #expect(m.uid == "kb.credentials")
        #expect(m.contentLocale == "ja-JP")
        #expect(m.locFileID == "50063734")
        #expect(m.robots == "NOINDEX, NOFOLLOW")
        #expect(m.isNoIndex)
        #expect(m.author == "v-jmathew")
        #expect(m.msAuthor == "daeite")
        #expect(m.metadata["ms.service"] == .string("o365-administration"))
        #expect(m.metadata["ms.collection"] == .list([.string("Adm_O365"), .string("Other")]))
    }

    @Test(arguments: [
        ("ms.custom:\n- \"9004330\"\n- \"7723\"", ["9004330", "7723"]),
        ("ms.custom:\n- 7723\n- 007", ["7723", "007"]),
        ("ms.custom: 9001234", ["9001234"]),
        ("ms.custom: '9002531'", ["9002531"]),
        ("ms.custom: seo-lt-2019, 9000123", ["seo-lt-2019", "9000123"]),
        ("ms.custom: ''", []),
        ("ms.custom:", []),
        ("ms.custom: ~", []),
    ])
    func topicIDsAreStringsWhateverYAMLGives(_ yaml: String, _ expected: [String]) throws {
        let (matter, _) = parse("---\n\(yaml)\n---\n")
        #expect(try #require(matter).topicIDs.map(\.value) == expected)
    }

    @Test(arguments: [("ms,.custom", "ms.custom"), ("ms-custom", "ms.custom"), ("ms.reviwer", "ms.reviewer"),
                      ("Title", "title"), ("ms.contentLocale", "ms.contentlocale"), ("decsription", "description")])
    func typoKeysNameTheLikelyKey(_ typo: String, _ meant: String) throws {
        let (matter, diagnostics) = parse("---\ntitle: T\n\(typo): x\n---\n")
        #expect(matter != nil)
        let warning = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(warning.code == "front-matter-typo")
        #expect(warning.severity == .warning)
        #expect(warning.location.line == 3)
        #expect(warning.message.contains("`\(meant)`"))
    }

    @Test(arguments: ["ms.subservice", "localization_priority", "ms.openlocfilehash", "product", "x", "custom_field"])
    func realOrUnrelatedKeysAreNoTypo(_ key: String) {
        #expect(parse("---\n\(key): v\n---\n").1.isEmpty)
    }

    @Test func invalidYAMLIsAnErrorAtItsFileLine() throws {
        let (matter, diagnostics) = parse("---\ntitle: T\nms.topic: [unclosed\nauthor: a\n---\nbody\n")
        #expect(matter == nil)
        let error = try #require(diagnostics.first)
        #expect(error.code == "yaml-syntax")
        #expect(error.severity == .error)
        #expect((3...5).contains(error.location.line))
        #expect(error.location.path == "a.md")
    }

    @Test func tabIndentationErrorPointsAtTheTab() throws {
        let (_, diagnostics) = parse("---\ntitle: T\nms.custom:\n\t- 1\n---\n")
        let error = try #require(diagnostics.first)
        #expect(error.location.line == 4)
    }

    @Test func aScalarIsNoFrontMatter() {
        let (matter, diagnostics) = parse("---\njust text\n---\n")
        #expect(matter == nil)
        #expect(diagnostics.map(\.code) == ["front-matter-not-mapping"])
    }

    /// One duplicate key in a huge front matter is one short line at the repetition, never the document.
    @Test func duplicateKeyInAHugeFrontMatterIsOneLineAtTheRepetition() throws {
        let filler = (0..<50_000).map { "key\($0): value \($0)" }.joined(separator: "\n")
        let (matter, diagnostics) = parse("---\ntitle: A\n\(filler)\ntitle: B\n---\n# Body\n")
        #expect(matter == nil)
        let error = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(error.code == "yaml-syntax")
        #expect(error.location.line == 50_003)
        #expect(error.message == "invalid YAML front matter: duplicate key `title`")
        #expect(!error.description.contains("\n"))
    }

    @Test func aFieldOfTheWrongTypeIsAWarningThatNamesIt() throws {
        let (matter, diagnostics) = parse("""
        ---
        title:
          text: Sign in
        ms.custom:
          id: 7723
        description: [a, b]
        ms.topic: article
        ---
        """)
        let parsed = try #require(matter)
        #expect(parsed.title == nil && parsed.topicIDs.isEmpty && parsed.description == nil)
        #expect(parsed.topicType == "article")
        #expect(diagnostics.map(\.code) == ["front-matter-type", "front-matter-type", "front-matter-type"])
        #expect(diagnostics.map(\.location.line) == [3, 5, 6])
        #expect(diagnostics[0].message.contains("`title` should be text, not a mapping"))
        #expect(diagnostics[1].message.contains("`ms.custom`"))
        #expect(diagnostics[2].message.contains("`description` should be text, not a list"))
    }

    @Test func topicIDListsKeepTheirTextAndReportNestedValues() {
        let (matter, diagnostics) = parse("---\nms.custom:\n- 7723\n- [1, 2]\n- \"9004330\"\n---\n")
        #expect(matter?.topicIDs.map(\.value) == ["7723", "9004330"])
        #expect(diagnostics.map(\.code) == ["front-matter-type"])
        #expect(diagnostics.first?.location.line == 4)
    }
}
