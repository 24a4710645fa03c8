import Foundation
import Mustache

/// A loaded theme: the Mustache templates of `templates/` and the static files of `templates/assets/`.
public struct Theme: Sendable {
    public enum LoadError: Error, CustomStringConvertible {
        case missingDirectory(String)
        case missingTemplate(String, directory: String)
        case syntax(file: String, line: Int, column: Int, message: String)

        public var description: String {
            switch self {
            case .missingDirectory(let path): "templates folder not found: \(path)"
            case .missingTemplate(let name, let directory): "\(directory)/\(name).mustache: template missing"
            case .syntax(let file, let line, let column, let message): "\(file):\(line):\(column): error: \(message)"
            }
        }
    }

    /// Templates every theme must have; partials are free.
    public static let requiredTemplates = ["article", "locale-home", "home", "topic", "redirect", "search", "404"]

    private let library: MustacheLibrary
    public let ui: UIStrings
    public let directory: String
    /// Files under `assets/`, relative to the templates folder (`assets/kb.css`), sorted.
    public let assets: [String]

    public init(library: MustacheLibrary, ui: UIStrings = UIStrings(tables: [:]), directory: String, assets: [String]) {
        self.library = library
        self.ui = ui
        self.directory = directory
        self.assets = assets
    }

    public static func load(from directory: String) async throws -> Theme {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LoadError.missingDirectory(directory)
        }
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: directory)
        } catch let error as MustacheLibrary.ParserError {
            throw LoadError.syntax(
                file: directory + "/" + error.filename, line: error.context.lineNumber,
                column: error.context.columnNumber, message: "\(error.error)")
        }
        for name in requiredTemplates where library.getTemplate(named: name) == nil {
            throw LoadError.missingTemplate(name, directory: directory)
        }
        var assets: [String] = []
        let assetsFolder = directory + "/assets"
        if let enumerator = FileManager.default.enumerator(atPath: assetsFolder) {
            while let relative = enumerator.nextObject() as? String {
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeRegular, !relative.hasPrefix(".") {
                    assets.append("assets/" + relative)
                }
            }
        }
        return Theme(library: library, ui: try UIStrings.load(from: directory), directory: directory, assets: assets.sorted())
    }

    /// Renders a page with its template. The templates were checked at load, so this cannot fail. `preview` is set
    /// by `kb serve` only; a built site never carries it.
    public func render(_ page: Page, preview: PreviewView? = nil) -> String {
        var context = page.mustacheContext
        context["ui"] = ui.strings(for: page.chrome.lang)
        if let preview { context["preview"] = preview.mustacheContext }
        return library.render(context, withTemplate: page.templateName) ?? ""
    }
}
