import Foundation
import Mustache
import SiteModel
import Testing
@testable import Templating

/// The Swift renderer of the default theme against swift-mustache over the same templates: byte for byte.
@Suite struct DefaultThemeTests {
    /// The first place two renderings differ, with some context, for a failure message.
    static func difference(_ swift: String, _ mustache: String) -> String {
        let a = Array(swift.utf8), b = Array(mustache.utf8)
        let at = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, at - 60)..<min(bytes.count, at + 60)], as: UTF8.self).debugDescription
        }
        return "first difference at byte \(at) of \(a.count) / \(b.count):\n swift:    \(around(a))\n mustache: \(around(b))"
    }

    /// Records an issue naming the first difference when the two renderers disagree; false then.
    @discardableResult
    static func expectSame(_ theme: Theme, _ page: Page, preview: PreviewView?, _ label: String) -> Bool {
        let swift = theme.render(page, preview: preview, with: .swift)
        let mustache = theme.render(page, preview: preview, with: .mustache)
        // Bytes, not `String ==` (which equates canonically equivalent text).
        guard !swift.utf8.elementsEqual(mustache.utf8) else { return true }
        Issue.record("\(label) (\(page.templateName)): \(difference(swift, mustache))")
        return false
    }

    @Test func fingerprintsMatchTheRepositoryTemplates() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: defaultTheme).filter { $0.hasSuffix(".mustache") }
        #expect(Set(files.map { String($0.dropLast(".mustache".count)) }) == Set(DefaultTheme.fingerprints.map(\.name)),
                "templates/ has other templates than DefaultTheme.fingerprints: render them in DefaultTheme too")
        for (name, _, hash) in DefaultTheme.fingerprints {
            let data = try #require(FileManager.default.contents(atPath: defaultTheme + "/\(name).mustache"))
            let now = DefaultTheme.fingerprint(of: data)
            #expect(now == hash, """
                templates/\(name).mustache changed: update DefaultTheme's Swift renderer and its hash \
                (now 0x\(String(now, radix: 16, uppercase: true)))
                """)
        }
    }

    @Test func theDefaultThemeIsUnmodified() async throws {
        let theme = try await Theme.load(from: defaultTheme)
        #expect(theme.defaultTheme.unmodified == DefaultTheme.Templates(rawValue: (1 << 14) - 1))
        #expect(theme.defaultTheme.ownPartials.isEmpty)
    }

    /// Thousands of generated pages of every kind, with and without a preview, in several languages.
    @Test(arguments: 0..<8)
    func generatedPagesRenderAlike(batch: UInt64) async throws {
        let theme = try await Theme.load(from: defaultTheme)
        var samples = PageSamples(seed: batch)
        for number in 0..<400 {
            // The first difference of a batch is the one to read.
            guard Self.expectSame(theme, samples.page(), preview: samples.preview(), "seed \(batch) page \(number)")
            else { return }
        }
    }

    /// Pages picked to hit each rule: equal titles up to Unicode equivalence, a navigation name ending in "\n"
    /// (indented `</a>`) or "\r\n" (not indented), entries without a description under a page that has one.
    @Test func edgeCasesRenderAlike() async throws {
        let theme = try await Theme.load(from: defaultTheme)
        var chrome = PageChrome(lang: "ar-SA", dir: "rtl", siteTitle: "caf\u{E9}", title: "cafe\u{301}", root: "../")
        chrome.description = ""
        chrome.homeHref = "../index.html"
        chrome.navigation = [
            NavItem(name: "a\n", href: "x\n", isCurrent: true, children: [
                NavItem(name: "b\r\n", href: "y\r\n"), NavItem(name: "c\n", children: [NavItem(name: "", isGap: true)]),
            ]),
            NavItem(name: "\n", href: "", children: [NavItem(name: "\r", href: "\n")]),
        ]
        let article = ArticleView(bodyHTML: "<p>x</p>\n", headings: [], date: nil, sourcePath: "a.md")
        let links = [ArticleLink(title: "t", href: "h"), ArticleLink(title: "u", href: "i", description: "")]
        for page: Page in [.article(chrome, article), .localeHome(chrome, articles: links),
                           .topic(chrome, id: "1", articles: links), .redirect(chrome, targetHref: "t")] {
            Self.expectSame(theme, page, preview: nil, "edge case")
            Self.expectSame(theme, page, preview: PreviewView(scriptURL: "s", eventsURL: "e", page: "/", problems: []),
                            "edge case with preview")
        }
    }

    /// Interface strings with special characters and missing keys, from a theme's own i18n folder.
    @Test func interfaceStringsRenderAlike() async throws {
        let theme = try await changedDefaultTheme(changing: [
            "i18n/en.json": #"{"search": "<Søk> & \"finn\"", "home": "'\u0301", "updated": "\u0600<"}"#,
        ])
        var samples = PageSamples(seed: 99)
        for number in 0..<200 {
            guard Self.expectSame(theme, samples.page(), preview: samples.preview(), "i18n page \(number)") else { return }
        }
    }

    /// The escaper against swift-mustache's `{{x}}` for each special character next to every scalar of the
    /// ranges where grapheme rules differ (combining marks, prepended marks, emoji modifiers, variation selectors).
    @Test func escapingMatchesSwiftMustache() throws {
        let ranges: [ClosedRange<UInt32>] = [0x01...0x2FFF, 0x3000...0x30FF, 0xFE00...0xFFFF, 0x110BD...0x110CD,
                                            0x1F1E6...0x1F3FF, 0xE0000...0xE01EF]
        var values: [String] = PageSamples.nasty
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let special = "<>&\"'".unicodeScalars.map(String.init)[Int(value % 5)]
                values.append(special + String(scalar) + "x")
                values.append("x" + String(scalar) + special)
            }
        }
        let template = try MustacheTemplate(string: "{{#values}}{{.}}|{{/values}}")
        let expected = template.render(["values": values])
        var buffer = HTMLBuffer(capacity: 0)
        for value in values {
            buffer.appendEscaped(value)
            buffer.append("|")
        }
        if !buffer.string.utf8.elementsEqual(expected.utf8) { Issue.record("\(Self.difference(buffer.string, expected))") }
    }
}
