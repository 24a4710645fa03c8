import ArgumentParser
import CommonMark
import Foundation
import SiteModel

extension MarkdownFlavor: ExpressibleByArgument {}

struct MarkdownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "markdown",
        abstract: "Print the HTML fragment of one Markdown file (`-` reads standard input).")

    @Option(help: "commonmark (cmark 0.30), gfm (+ tables, bare URLs) or docs (what kb renders in pages).")
    var flavor: MarkdownFlavor = .docs
    @Argument(help: "Markdown file, or - for standard input.") var file = "-"

    func run() throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            data = contents
        }
        let text = String(decoding: data, as: UTF8.self)
        let document = MarkdownParser.parse(text, options: MarkdownOptions(flavor: flavor, path: file))
        for diagnostic in document.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        FileHandle.standardOutput.write(Data(HTMLRenderer().render(document.root).utf8))
    }
}
