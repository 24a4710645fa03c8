import Foundation
import SiteModel
import Testing
@testable import FrontMatter

/// `PlainYAML` reads most front matter without Yams; wherever it does, the result must be Yams' own.
@Suite struct PlainYAMLTests {
    /// Both ways of reading one front-matter block: with the plain reader allowed, and with Yams alone.
    private func bothWays(_ yaml: String) -> (plain: (FrontMatter?, [Diagnostic]), yams: (FrontMatter?, [Diagnostic])) {
        let block = FrontMatterBlock(splitting: "---\n" + yaml + (yaml.hasSuffix("\n") ? "" : "\n") + "---\nbody\n")
        return (FrontMatterParser.parse(block, path: "a.md", plain: true), FrontMatterParser.parse(block, path: "a.md", plain: false))
    }

    private func agrees(_ yaml: String) -> Bool {
        let (plain, yams) = bothWays(yaml)
        return plain.0 == yams.0 && plain.1 == yams.1
    }

    /// Blocks the plain reader takes: each gives what Yams gives.
    static let taken = [
        "title: Fix the sign-in loop\nms.topic: troubleshooting\n",
        "title: \"Quoted: with a colon\"\ndescription: 'single quoted # not a comment'\n",
        "ms.custom:\n  - \"126065\"\n  - 'abc'\n  - plain\nms.date: 09/18/2021\n",
        "ms.custom:\n- 1\n- 2\nauthor: me\n",
        "ms.custom: 7723, 8812\n",
        "title: C# and F#\ndescription: a:b (no space), 100% sure, [not a list]\n",
        "title: ドライバーを変更しているとSharePoint Onlineが\nms.contentlocale: ja-JP\n",
        "title: Ärger mit Umlauten\nROBOTS: NOINDEX, NOFOLLOW\n",
        "title: ~\ndescription: null\nuid: Null\nauthor: NULL\nms.author:\n",
        "title: \"\"\ndescription: ''\n",
        "title: \"\\\"Access is denied\\\" in C:\\\\Windows\\/x\"\n",
        "# a comment line\ntitle: T\n\n   # an indented comment\nms.topic: article\n",
        "title: T   \nms.topic: article  \n",
        "title: T\r\nms.custom:\r\n  - a\r\n",
        "custom.key: value\nsome_key/x: y\n2021: year\n",
        "ms.custom:\n\n  - a\n\n  - b\n",
        "title: yes\ndescription: 1.0e3\nms.date: 2021-09-18\n",
        "title: a - b -- c\ndescription: ends with a dash -\n",
        "title: emoji 🎉 and ¡ and \u{A0}nbsp\n",
        "",
        "# only a comment\n",
    ]

    /// Blocks it declines (Yams reads them): each may hide something YAML reads differently.
    static let declined = [
        "title: a: b\n",                    // a mapping where text was meant (a YAML error)
        "title: text # comment\n",          // a comment after a value
        "title: \"a tab \\t escaped\"\n",  // an escape other than \" \\ \/
        "title: \"a line \\\n  continued\"\n",
        "title: 'it''s'\n",                 // a doubled single quote
        "title: first\n  continued\n",      // a folded plain scalar
        "title: |\n  block\n",              // a block scalar
        "title: >\n  folded\n",
        "title: &a anchored\ndescription: *a\n",
        "title: !tag text\n",
        "ms.custom: [a, b]\n",
        "ms.custom: {a: b}\n",
        "title:\n  nested: map\n",
        "title: T\ntitle: U\n",              // a repeated key
        "title:\ttab\n",
        "title: tab\tinside\n",
        "title: -starts with a dash\n",
        "title: ends with a colon:\n",
        "title: line\u{2028}separator\n",
        "title: next\u{85}line\n",
        "ms.custom:\n  - a\n    - b\n",     // items at two indentations
        "ms.custom:\n  -\n",                // an empty item
        "? complex key\n: value\n",
        "\"quoted key\": v\n",
        "key with space: v\n",
        "-key: v\n",
        "title: \"unclosed\n",
        "title: \"closed\" trailing\n",
        "title: \"ends in an escaped quote\\\"\n",
        "%YAML 1.1\n",
        "just some text\n",
        "ms.custom: a\n  - b\n",
    ]

    @Test(arguments: taken)
    func takesPlainFrontMatterAndAgreesWithYams(_ yaml: String) {
        #expect(PlainYAML.read(Substring(yaml)) != nil, "declined: \(yaml.debugDescription)")
        #expect(agrees(yaml), "differs from Yams: \(yaml.debugDescription)")
    }

    @Test(arguments: declined)
    func declinesWhatYAMLMayReadOtherwise(_ yaml: String) {
        #expect(PlainYAML.read(Substring(yaml)) == nil, "taken: \(yaml.debugDescription)")
        #expect(agrees(yaml), "differs from Yams: \(yaml.debugDescription)")
    }

    /// Keys are checked for repeats by a look along those read so far: a block of more than 64 goes to Yams, so a
    /// huge block costs no quadratic look.
    @Test func moreThanSixtyFourKeysGoToYams() {
        let keys = (0..<65).map { "key\($0): value" }
        #expect(PlainYAML.read(Substring(keys.dropLast().joined(separator: "\n"))) != nil)
        #expect(PlainYAML.read(Substring(keys.joined(separator: "\n"))) == nil)
        #expect(agrees(keys.joined(separator: "\n")))
    }

    /// Problems are reported with Yams' positions: a block with a typo key or a value of the wrong kind is read by
    /// Yams even when the plain reader could read it.
    @Test func problemsKeepYamsPositions() {
        let (plain, yams) = bothWays("title: T\nms.topci: article\n")
        #expect(plain.1.map(\.code) == ["front-matter-typo"])
        #expect(plain.1 == yams.1)
        #expect(plain.1.first?.location.line == 3)
    }

    /// Every front-matter block of `../shared/corpus`, and thousands of mutations of them (a YAML-special piece
    /// inserted, or a line cut): the same result both ways. Most real blocks take the plain reader.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: PlainYAMLTests.corpus),
                   "../shared/corpus is absent: the corpus differential test of PlainYAML is skipped"))
    func agreesWithYamsOnTheCorpusAndItsMutations() throws {
        let files = (FileManager.default.enumerator(atPath: Self.corpus)?.allObjects as? [String] ?? [])
            .filter { $0.lowercased().hasSuffix(".md") }.sorted()
        var blocks: [String] = []
        for file in files {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/" + file)), as: UTF8.self)
            if let yaml = FrontMatterBlock(splitting: text).yaml { blocks.append(String(yaml)) }
        }
        #expect(blocks.count > 500)
        let taken = blocks.filter { PlainYAML.read(Substring($0)) != nil }.count
        #expect(taken * 10 >= blocks.count * 9, "the plain reader took \(taken) of \(blocks.count) blocks")
        for block in blocks { #expect(agrees(block), "differs from Yams: \(block.debugDescription)") }

        let pieces = [":", ": ", " ", "#", " #", "-", "- ", "'", "\"", "\\", "\t", "\n", "\n  ", "\n- ", "\n  - ", "[", "]",
                      "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "?", ",", "\u{85}", "\u{2028}", "\u{FEFF}", "\r",
                      "~", "null", "é", "日", "...", "---", "x: ", "\nx:", "''", "\"\""]
        var generator = SeededGenerator(seed: 0x5EED)
        var tried = 0, plainTaken = 0
        for _ in 0..<4000 {
            var bytes = Array(blocks.randomElement(using: &generator)!.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: 0...bytes.count, using: &generator)
                if Bool.random(using: &generator) || bytes.isEmpty {
                    bytes.insert(contentsOf: Array(pieces.randomElement(using: &generator)!.utf8), at: at)
                } else {
                    bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &generator)))
                }
            }
            let yaml = String(decoding: bytes, as: UTF8.self)
            tried += 1
            if PlainYAML.read(Substring(yaml)) != nil { plainTaken += 1 }
            #expect(agrees(yaml), "differs from Yams: \(yaml.debugDescription)")
        }
        print("PlainYAML: \(taken) of \(blocks.count) corpus blocks read without Yams; \(plainTaken) of \(tried) mutations")
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus").path
}
