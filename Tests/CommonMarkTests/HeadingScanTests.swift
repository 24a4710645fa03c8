import Testing
import SiteModel
@testable import CommonMark

/// `MarkdownParser.scanHeadings`, the index-only parse of a shard's other articles: the headings, ids and anchors a
/// site index takes from it are those of the whole parse, or it declines and the whole parse runs.
@Suite struct HeadingScanTests {
    static let options: MarkdownOptions = {
        var options = MarkdownOptions(flavor: .docs, path: "a.md", allowedElements: ["kb-video"])
        options.assignsHeadingIDs = false
        return options
    }()

    /// Level, id and plain text of every heading, and every anchor, as the parse stage takes them from a tree.
    struct IndexView: Equatable {
        var headings: [String]
        var anchors: Set<String>

        init(_ root: MarkdownNode) {
            let root = MarkdownParser.assignHeadingIDs(root)
            var headings: [String] = []
            root.forEach { node in
                if case .heading(let level, let id?) = node.kind { headings.append("\(level) \(id) \(PlainText.of(node.children))") }
            }
            self.headings = headings
            anchors = HTMLAnchors.all(in: root)
        }
    }

    static func views(_ markdown: String) -> (whole: IndexView, scanned: IndexView?) {
        let whole = IndexView(MarkdownParser.parse(markdown, options: options).root)
        return (whole, MarkdownParser.scanHeadings(markdown, options: options).map { IndexView($0.root) })
    }

    static let agreeing: [String] = [
        "# <a name=\"issues-with-credentials\"></a>資格情報に関する問題\n\n## Cause\n\n## Cause\n\n## <a name=\"cause-2\"></a>Other\n",
        "- # In a list\n\n  ## Nested in the item\n\n> ## In a quote\n> text\n",
        "Title\n=====\n\nSub\n---\n\ntext\n\n---\n",
        "<a name=\"legacy\"></a>\n\nText with <span id=\"inline-id\">x</span> and <your-domain id=\"no\">.\n",
        "## Use `kb build` with *care*, [links](x) and https://example.com/a?b=c.\n",
        "## Replace <your-domain> and <kbd>Ctrl</kbd> here\n",
        "> [!NOTE]\n> ## A heading in a note\n> Text.\n\n> [!div class=\"x\"]\n> # Div heading\n",
        "<!--\n# not a heading\n-->\n# Real\n\n```\n# not either\n```\n\n    # indented code\n",
        "&#91;!INCLUDE[looks like one](includes/a.md)] but the source has no marker\n\n## After\n",
        "[!NOTE] and a [link](x) after [!INCLUDE in another paragraph\n\n## T\n",
        "# Kennwort zurücksetzen!\n## إعادة تعيين كلمة المرور\n## 重置密码\n## İstanbul ΣΑΣ\n",
        "| a | b |\n|---|---|\n| <a id=\"cell\"></a> | x |\n\n## Table above\n",
        "## Heading with \\<escaped> &amp; entities &copy;\n## Heading with line  \nbreak? no\n",
        "<div id=\"block\">\n\n## Inside a div\n\n</div>\n",
    ]

    @Test(arguments: agreeing)
    func scannedHeadingsAndAnchorsAreTheWholeParsesOnes(markdown: String) throws {
        let (whole, scanned) = Self.views(markdown)
        let view = try #require(scanned, "the scan declined")
        #expect(view == whole)
        #expect(!whole.headings.isEmpty || !whole.anchors.isEmpty)
    }

    static let declined: [String] = [
        "Intro\n\n[!INCLUDE[shared](includes/a.md)]\n",
        "Text \\[!include [shared](includes/a.md)] inline\n",
        "<custom-block>\n# heading or raw HTML?\n</custom-block>\n",
        ":::image type=\"content\" source=\"a.png\" alt-text=\"x\":::\n",
        String(repeating: "> ", count: 150) + "# deep\n",
    ]

    /// An include, an `:::image` block, an unknown tag re-parsed as Markdown, nesting the converter flattens: only
    /// the whole parse knows their headings.
    @Test(arguments: declined)
    func theScanDeclinesWhatOnlyTheWholeParseKnows(markdown: String) {
        #expect(MarkdownParser.scanHeadings(markdown, options: Self.options) == nil)
    }

    @Test func theScriptRangesAreTheGeneralCategoryRuleForEveryScalarInThem() {
        var checked = 0
        for range in [0x4E00...0x9FFF, 0x3041...0x3096, 0x30A1...0x30FA, 0xAC00...0xD7A3] {
            for value in range {
                let scalar = Unicode.Scalar(UInt32(value))!
                #expect(Slugger.rule(scalar) == Slugger.propertyRule(scalar), "U+\(String(value, radix: 16))")
                checked += 1
            }
        }
        #expect(checked > 30_000)
        #expect(Slugger.slug("資格情報に関する問題・カタカナー 한국어") == "資格情報に関する問題カタカナー-한국어")
    }

    /// The slug takes a scalar that does not change when lower-cased as it is, without asking for its mapping: true
    /// of every scalar of the Basic Multilingual Plane and the next.
    @Test func aScalarThatDoesNotChangeWhenLowercasedIsItsOwnMapping() {
        var checked = 0
        for value in 0x80..<0x20000 {
            guard let scalar = Unicode.Scalar(UInt32(value)), !scalar.properties.changesWhenLowercased else { continue }
            #expect(scalar.properties.lowercaseMapping == String(scalar), "U+\(String(value, radix: 16))")
            checked += 1
        }
        #expect(checked > 100_000)
        #expect(Slugger.unicodeSlug("「資格情報」、Ärger – مشكلة") == "資格情報ärger--مشكلة")
    }

    @Test func asciiSlugsAreTheUnicodeRuleForEveryASCIICharacter() {
        for byte in UInt8(0)..<0x80 {
            let text = "A" + String(UnicodeScalar(byte)) + "z 9"
            #expect(Slugger.slug(text) == Slugger.unicodeSlug(text), "byte \(byte)")
            // Both take ASCII byte by byte: each byte against the general-category rule of its lower case.
            let lower = Unicode.Scalar(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
            let expected = switch Slugger.propertyRule(lower) {
            case .keep: String(lower)
            case .dash: "-"
            case .drop: ""
            }
            #expect(Slugger.slug(String(UnicodeScalar(byte))) == expected, "byte \(byte)")
            #expect(Slugger.unicodeSlug(String(UnicodeScalar(byte)) + "é") == expected + "é", "byte \(byte)")
        }
        #expect(Slugger.slug("Sign-in_Problems (Outlook)\t2") == "sign-in_problems-outlook-2")
        #expect(Slugger.slug("Kennwort zurücksetzen!") == "kennwort-zurücksetzen")
    }

    /// The slug built scalar by scalar into bytes equals the slug of the whole text lower-cased first (as it was
    /// made before), on random text of many scripts.
    @Test func unicodeSlugsEqualTheSlugOfTheLowercasedText() {
        func reference(_ text: String) -> String {
            var out = ""
            for scalar in text.lowercased().unicodeScalars {
                switch Slugger.rule(scalar) {
                case .keep: out.unicodeScalars.append(scalar)
                case .dash: out.append("-")
                case .drop: break
                }
            }
            return out
        }
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0x24F, 0x370...0x3FF, 0x400...0x4FF, 0x600...0x6FF,
                                             0x300...0x36F, 0x1E00...0x1FFF, 0x2000...0x206F, 0x3000...0x30FF,
                                             0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF00...0xFFEF, 0x1F300...0x1F6FF]
        var generator = SeededGenerator(seed: 0x51_06)
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                let range = ranges.randomElement(using: &generator)!
                if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &generator)) { text.unicodeScalars.append(scalar) }
            }
            #expect(Slugger.unicodeSlug(text) == reference(text), "\(text.debugDescription)")
        }
        for text in ["İstanbul ΟΔΟΣ Ǆemal ß ﬁ", "Straße – Ärger", "資格情報・ＡＢＣ", "مرحبا بالعالم", "e\u{301}"] {
            #expect(Slugger.unicodeSlug(text) == reference(text), "\(text.debugDescription)")
        }
    }
}
