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
    /// The default theme in Swift, for the pages whose templates this theme has unmodified.
    let defaultTheme: DefaultTheme

    public init(library: MustacheLibrary, ui: UIStrings = UIStrings(tables: [:]), directory: String, assets: [String]) {
        self.init(library: library, ui: ui, directory: directory, assets: assets, defaultTheme: DefaultTheme(ui: ui))
    }

    init(library: MustacheLibrary, ui: UIStrings, directory: String, assets: [String], defaultTheme: DefaultTheme) {
        self.library = library
        self.ui = ui
        self.directory = directory
        self.assets = assets
        self.defaultTheme = defaultTheme
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
        let ui = try UIStrings.load(from: directory)
        return Theme(library: library, ui: ui, directory: directory, assets: assets.sorted(),
                     defaultTheme: DefaultTheme(library: library, ui: ui))
    }

    /// Renders a page with its template. The templates were checked at load, so this cannot fail. `preview` is set
    /// by `kb serve` only; a built site never carries it.
    ///
    /// A page whose templates are all kb's default ones, byte for byte, renders through `DefaultTheme` (Swift, the
    /// same bytes), also when the theme has its own `head`, `header` or `footer` (those through swift-mustache);
    /// any other page through swift-mustache.
    public func render(_ page: Page, preview: PreviewView? = nil) -> String {
        render(page, preview: preview, with: .automatic)
    }

    /// `render(_:)` as UTF-8 bytes, what a build writes: the default theme's pages are not made a string.
    public func renderBytes(_ page: Page) -> [UInt8] {
        guard defaultTheme.renders(page, preview: false) else { return Array(render(page).utf8) }
        return defaultTheme.renderBytes(page, preview: nil, own: ownPartials(page, preview: nil))
    }

    /// Which renderer `render(_:preview:with:)` uses: the tests force each to compare them.
    enum Renderer {
        /// `DefaultTheme` when it renders the page's templates, else swift-mustache.
        case automatic
        case mustache
        /// `DefaultTheme` (with the theme's own partials) whatever the other templates.
        case swift
    }

    func render(_ page: Page, preview: PreviewView?, with renderer: Renderer) -> String {
        switch renderer {
        case .automatic where defaultTheme.renders(page, preview: preview != nil), .swift:
            return defaultTheme.render(page, preview: preview, own: ownPartials(page, preview: preview))
        case .automatic, .mustache:
            return library.render(mustacheContext(page, preview: preview), withTemplate: page.templateName) ?? ""
        }
    }

    /// What every template sees: the page's values, its language's interface strings, the preview.
    private func mustacheContext(_ page: Page, preview: PreviewView?) -> [String: Any] {
        var context = page.mustacheContext
        context["ui"] = ui.strings(for: page.chrome.lang)
        if let preview { context["preview"] = preview.mustacheContext }
        return context
    }

    /// The theme's own `head`, `header` and `footer` of this page, rendered alone from the page's context, as the
    /// layout renders them (`DefaultTheme.ownPartials` says why that is the same).
    private func ownPartials(_ page: Page, preview: PreviewView?) -> DefaultTheme.OwnPartials {
        let own = defaultTheme.ownPartials.intersection(DefaultTheme.templates(for: page, preview: preview != nil))
        guard !own.isEmpty else { return DefaultTheme.OwnPartials() }
        let context = mustacheContext(page, preview: preview)
        func render(_ template: DefaultTheme.Templates, _ name: String) -> String? {
            own.contains(template) ? library.render(context, withTemplate: name) ?? "" : nil
        }
        return DefaultTheme.OwnPartials(head: render(.head, "head"), header: render(.header, "header"),
                                        footer: render(.footer, "footer"))
    }
}
