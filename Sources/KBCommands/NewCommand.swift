import ArgumentParser
import Foundation
import SiteBuilder

/// `kb new`: start an article, or a translation of one, with valid front matter.
struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new article from templates/new-article.md, or a translation stub with --from.",
        discussion: """
            The path is below the content folder and starts with the locale: kb new ja-jp/printing/paper-jam.md. \
            A translation stub copies the source article's front matter and body, and sets ms.contentlocale, \
            ms.lasthandoff and (in a git work tree) ms.sourcegitcommit. kb new never overwrites a file. \
            Exit status: 0 written, 2 refused.
            """)

    @Argument(help: "The article to write: <locale>/<path>.md below the content folder.") var path: String
    @Option(help: "Content folder holding one folder per locale.") var content = "content"
    @Option(help: "Theme folder whose new-article.md is the starting text.") var templates = "templates"
    @Option(help: "The article's title (default: from the file name).") var title: String?
    @Option(name: .customLong("topic-id"), help: "A topic ID for ms.custom.") var topicID: String?
    @Option(help: "Write a translation of the article at the same path in this locale.") var from: String?

    func run() async throws {
        do {
            let written: String
            if let from {
                guard title == nil, topicID == nil else {
                    throw ValidationError("--title and --topic-id come from the source article with --from")
                }
                written = try ArticleScaffold.translationStub(path, from: from, contentDirectory: content)
            } else {
                written = try await ArticleScaffold.newArticle(path, contentDirectory: content, templatesDirectory: templates,
                                                               title: title, topicID: topicID)
            }
            print("wrote \(written)")
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(KBExit.usage)
        }
    }
}
