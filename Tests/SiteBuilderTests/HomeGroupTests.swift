import Foundation
import Testing
@testable import SiteBuilder

/// A locale home without a toc (or with one that orders fewer than half of its articles) groups its articles by the
/// first front-matter key that splits them, with counts; with a toc it keeps the toc's order in one list.
struct HomeGroupTests {
    static let content = [
        "kb.yml": "defaultLocale: en-us\n",
        "en-us/toc.yml": "- name: B\n  href: b.md\n- name: A\n  href: a.md\n",
        "en-us/a.md": "---\nms.service: mail\n---\n# A\n",
        "en-us/b.md": "---\nms.service: sign-in\n---\n# B\n",
        "ja-jp/a.md": "---\nms.service: mail\nms.custom: '77'\n---\n# ア\n",
        "ja-jp/b.md": "---\nms.service: sign-in\n---\n# イ\n",
        "ja-jp/c.md": "---\nms.service: mail\nms.custom: '77'\n---\n# ウ\n",
        "ja-jp/d.md": "---\nms.topic: article\n---\n# エ\n",
        // A stub toc that lists one article of four orders nothing: the home is grouped all the same.
        "ja-jp/toc.yml": "- name: ア\n  href: a.md\n",
        "de-de/a.md": "---\nms.service: mail\nms.topic: troubleshooting\n---\n# A auf Deutsch\n",
        "de-de/b.md": "---\nms.service: mail\nms.topic: how-to\n---\n# B auf Deutsch\n",
    ]

    func headings(_ html: String) -> [String] {
        html.components(separatedBy: "<h2 id=\"").dropFirst().compactMap { $0.components(separatedBy: "</h2>").first }
    }

    @Test func aHomeWithoutATocGroupsByServiceThenTopicAndOneWithATocDoesNot() async throws {
        let site = try Fixture(Self.content)
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let japanese = try #require(site.page("ja-jp/index.html"))
        #expect(headings(japanese) == ["group-mail\">mail (2)", "group-sign-in\">sign-in (1)", "group-other\">その他 (1)"])
        #expect(japanese.contains("<li><a href=\"#group-mail\">mail</a> (2)</li>"))
        // de-de has one ms.service for all: ms.topic groups it.
        #expect(headings(try #require(site.page("de-de/index.html"))) == ["group-how-to\">how-to (1)", "group-troubleshooting\">troubleshooting (1)"])
        // en-us has a toc: one list in toc order.
        let english = try #require(site.page("en-us/index.html"))
        #expect(headings(english).isEmpty && !english.contains("kb-group-index"))
        #expect(english.range(of: ">B</a>")!.lowerBound < english.range(of: ">A</a>")!.lowerBound)
        // Topic pages are lists, never groups.
        #expect(!(try #require(site.page("ja-jp/topic/77/index.html"))).contains("kb-group-index"))
    }

    @Test func homeGroupByNamesTheKeysOrTurnsGroupingOff() async throws {
        var content = Self.content
        content["kb.yml"] = "defaultLocale: en-us\nhome:\n  groupBy: ms.topic\n"
        let site = try Fixture(content)
        _ = try await site.build()
        #expect(headings(try #require(site.page("ja-jp/index.html"))) == ["group-article\">article (1)", "group-other\">その他 (3)"])

        content["kb.yml"] = "defaultLocale: en-us\nhome:\n  groupBy: []\n"
        let flat = try Fixture(content)
        _ = try await flat.build()
        #expect(!(try #require(flat.page("ja-jp/index.html"))).contains("kb-group-index"))
    }
}
