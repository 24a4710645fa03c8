import Testing
@testable import LinkResolution
import SiteModel

/// `IndexEntry` shares one box between copies: it must still behave as a value.
struct IndexEntryTests {
    static func entry(_ title: String) -> IndexEntry {
        let locale = LocaleCode("ja-jp")!
        return IndexEntry(locale: locale, path: ArticlePath("a.md"), permalink: .article(ArticlePath("a.md"), in: locale),
                          title: title, topicIDs: [TopicID("T1")], sourcePath: "content/ja-jp/a.md")
    }

    @Test func aCopyChangedLeavesTheOriginalAsItWas() {
        let original = Self.entry("資格情報")
        var copy = original
        copy.title = "Credentials"
        copy.topicIDs.append(TopicID("T2"))
        #expect(original.title == "資格情報" && original.topicIDs == [TopicID("T1")])
        #expect(copy.title == "Credentials" && copy.topicIDs == [TopicID("T1"), TopicID("T2")])
        #expect(copy != original)
    }

    @Test func entriesMadeApartWithTheSameFieldsAreEqualAndHashAlike() {
        let a = Self.entry("資格情報"), b = Self.entry("資格情報")
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        var c = b
        c.isNoIndex = true
        #expect(Set([a, b, c]).count == 2)
    }
}
