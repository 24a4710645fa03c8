import Testing
@testable import CommonMark

private func docs(_ markdown: String, labels: [String: String] = [:]) -> String {
    HTMLRenderer(alertLabels: labels).render(MarkdownParser.parse(markdown, options: MarkdownOptions(flavor: .docs)).root)
}

@Suite struct DocFXExtensionTests {
    @Test(arguments: ["NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING"])
    func alertsWithLocalizedTitles(_ kind: String) {
        let html = docs("> [!\(kind)]\n> Restart *now*.\n>\n> Second.\n", labels: [kind: "Titel"])
        #expect(html == """
        <div class="kb-alert kb-alert-\(kind.lowercased())" role="note">
        <p class="kb-alert-title">Titel</p>
        <p>Restart <em>now</em>.</p>
        <p>Second.</p>
        </div>

        """)
    }

    @Test func alertMarkerAloneAndLowercaseKind() {
        #expect(docs("> [!note]\n> Text\n").contains("<div class=\"kb-alert kb-alert-note\" role=\"note\">\n<p class=\"kb-alert-title\">NOTE</p>\n<p>Text</p>"))
        #expect(docs("> [!UNKNOWN]\n> Text\n").hasPrefix("<blockquote>"))
        #expect(docs("> Text [!NOTE]\n").hasPrefix("<blockquote>"))
    }

    @Test func videoAndDiv() {
        #expect(docs("> [!VIDEO https://www.youtube-nocookie.com/embed/abc]\n")
            == "<div class=\"kb-video\"><iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Video\" loading=\"lazy\" allowfullscreen></iframe></div>\n")
        #expect(docs("> [!VIDEO javascript:alert(1)]\n").hasPrefix("<blockquote>"))
        #expect(docs("> [!div class=\"nextstepaction\"]\n> [Next](next.md)\n")
            == "<div class=\"nextstepaction\">\n<p><a href=\"next.md\">Next</a></p>\n</div>\n")
    }

    @Test func includeMarkersBlockAndInline() {
        let block = MarkdownParser.parse("[!INCLUDE[change log](../includes/log.md)]\n", options: MarkdownOptions()).root
        #expect(block.children.first?.kind == .include(path: "../includes/log.md", inline: false))
        let spaced = MarkdownParser.parse("[!INCLUDE [change log](../includes/log.md)]\n", options: MarkdownOptions()).root
        #expect(spaced.children.first?.kind == .include(path: "../includes/log.md", inline: false))
        let inline = MarkdownParser.parse("Use [!include[p](p.md)] today.\n", options: MarkdownOptions()).root
        #expect(inline.children.first?.children.map(\.kind) == [
            .text("Use "), .include(path: "p.md", inline: true), .text(" today."),
        ])
    }

    @Test func tripleColonImages() {
        #expect(docs(":::image type=\"content\" source=\"media/a b.png\" alt-text=\"A \\\"shot\\\"\":::\n")
            .hasPrefix("<p><img src=\"media/a%20b.png\" alt=\""))
        let complex = docs(":::image type=\"complex\" source=\"m.png\" alt-text=\"Chart\":::\nLong description.\n:::image-end:::\n\nAfter.\n")
        #expect(complex == "<p><img src=\"m.png\" alt=\"Chart\" /></p>\n<div class=\"kb-image-description\">\n<p>Long description.</p>\n</div>\n<p>After.</p>\n")
    }
}
