import Foundation
import SiteModel
import Testing
@testable import ContentDiscovery

/// `PlainToc` reads the common `toc.yml` without Yams; whatever it reads must be exactly what Yams gives (names,
/// hrefs, nesting and each entry's line), and what it declines goes to Yams.
struct PlainTocTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let file = SourceFile(locale: LocaleCode("en-us")!, path: ArticlePath("toc.yml"), filePath: "toc.yml",
                                 displayPath: "content/en-us/toc.yml", kind: .toc)

    /// The fast reading, and Yams' (nil when the fast path declines).
    static func both(_ text: String) -> (fast: [TocEntry]?, yams: [TocEntry]) {
        (PlainToc.read(text), TableOfContents.parseWithYams(text, file: file).0.entries)
    }

    /// Shapes the fast path takes: each must read as Yams reads it.
    static let taken = [
        "- name: A\n  href: a.md\n",
        "- name: A\n  href: a.md\n- name: B\n  items:\n  - name: C\n    href: c.md\n  - name: D\n    href: ../d.md\n",
        "- name: B\n  items:\n    - name: C\n      href: c.md\n      items:\n      - name: E\n        href: e/e.md\n  href: b.md\n",
        "- href: only-href.md\n- name: \"Quoted \\\"name\\\" with \\\\ and: colon # hash\"\n  href: \"q.md\"\n",
        "\n\n- name: Blank lines   \n\n  href: x.md#anchor\n\n- name: ÜML 日本語 C#\n  href: https://example.org/a:b\n",
        "- name: null\n  href: ~\n- name: true\n  href: 0x10\n",
        "- name: Trailing\n  href: t.md",
        "- name: The \"best\" way, 50% off, a:b\n  href: a b.md\n",
        "- name:    Spaced   \n  href:  \"s.md\"\n",
    ]

    /// Shapes it must leave to Yams.
    static let declined = [
        "items:\n- name: A\n  href: a.md\n",                 // a mapping at the top
        "- name: A\n  href: a.md\n  uid: x\n",              // another key
        "- name: A # comment\n  href: a.md\n",              // a comment
        "# comment\n- name: A\n",                          // a comment line
        "- name: A\r\n  href: a.md\r\n",                    // CRLF
        "- name: 'single'\n",                              // single quotes
        "- name: \"tab\\tescape\"\n",                        // another escape
        "- name: A\n  items: []\n",                        // a flow collection
        "- name: A\n  name: B\n",                          // a repeated key
        "- name: Multi\n    line\n",                       // a multi-line scalar
        "- name: &anchor A\n",                             // an anchor
        "- name:\n  href: a.md\n",                         // an empty value
        "---\n- name: A\n",                                // a document marker
        "- name: A\n  href: a.md\nextra: 1\n",             // more after the list
        "",
    ]

    @Test func whatTheFastPathReadsIsWhatYamsReads() {
        for text in Self.taken {
            let (fast, yams) = Self.both(text)
            #expect(fast != nil, "the fast path takes \(text.debugDescription)")
            #expect(fast == yams, "\(text.debugDescription)")
        }
        for text in Self.declined {
            #expect(PlainToc.read(text) == nil, "\(text.debugDescription) is left to Yams")
        }
    }

    /// Random tocs from pieces either side of what the fast path takes (indentation, keys, quotes, colons, hashes,
    /// escapes, spaces): wherever it reads one, Yams reads the same entries, without a problem.
    @Test func randomTocsReadAsYamsReadsThem() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let words = ["A", "b c", "x:y", "x: y", "a #b", "a#b", "\"q\"", "\"q \\\" r\"", "\"\\n\"", "'s'", "", " ", "-", "-x",
                     "null", "~", "日本", "C#", "x.md", "../y.md", "https://e.org/a?b=c", "a:", "*a", "&a b", "[x]", "{y}", "?z",
                     "\"unterminated", "a  ", "%p", "@q", "`r`", "!t", "|", ">", "  lead", " \"ql\""]
        let keys = ["name", "href", "items", "name", "href", "uid", "name "]
        var taken = 0
        for _ in 0..<20_000 {
            var lines: [String] = []
            var depth = 0
            for _ in 0..<(1 + next(8)) {
                let indent = String(repeating: " ", count: 2 * depth + (next(10) == 0 ? 1 : 0))
                let key = keys[next(keys.count)]
                let value = key == "items" ? (next(5) == 0 ? " []" : "") : " " + words[next(words.count)]
                let dash = next(3) == 0 ? "" : "- "
                lines.append(indent + dash + key + ":" + value)
                if key == "items", next(2) == 0 { depth += 1 } else if depth > 0, next(3) == 0 { depth -= 1 }
                if next(8) == 0 { lines.append("") }
            }
            let text = lines.joined(separator: "\n") + (next(2) == 0 ? "\n" : "")
            guard let fast = PlainToc.read(text) else { continue }
            taken += 1
            let (yams, problems) = TableOfContents.parseWithYams(text, file: Self.file)
            #expect(problems.isEmpty && fast == yams.entries, "\(text.debugDescription)")
        }
        #expect(taken > 300, "the fast path reads a share (\(taken))")
    }

    /// Every toc of the sample content and of the real corpus (when ../shared is beside the repo), and a large one.
    @Test func realTocsReadAsYamsReadsThem() throws {
        var texts: [String] = []
        let sample = Self.repository.appendingPathComponent("content").path
        let corpus = Self.repository.deletingLastPathComponent().appendingPathComponent("shared/corpus/alchemy").path
        for root in [sample, corpus] {
            for path in FileManager.default.enumerator(atPath: root)?.compactMap({ $0 as? String }) ?? []
            where path.lowercased().hasSuffix("toc.yml") {
                texts.append(try String(contentsOfFile: root + "/" + path, encoding: .utf8))
            }
        }
        #expect(texts.count >= 5, "the sample content has a toc per locale")
        texts.append((0..<2_000).map { "- name: \"Article \\\"\($0)\\\"\"\n  href: group-\($0 % 7)/article-\($0).md\n" }.joined())
        var taken = 0
        for text in texts {
            let (fast, yams) = Self.both(text)
            if let fast {
                taken += 1
                #expect(fast == yams)
            }
        }
        #expect(taken >= 5, "the fast path reads the sample's tocs")
    }
}
