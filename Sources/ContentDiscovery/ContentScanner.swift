import Foundation
import SiteModel

/// Finds the locale folders of a content root and classifies their files.
public enum ContentScanner {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Scans `root`, and the locale folders configured elsewhere (`locales.<x>.path` in kb.yml: a localization
    /// repository checked out beside the source one). Throws only when `root` cannot be read; content problems,
    /// skipped folders and a content folder without a single article are diagnostics.
    public static func scan(root: String, localeFolders configured: [LocaleCode: String] = [:]) throws -> ContentInventory {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "content folder not found: \(root)")
        }
        let displayRoot = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        var (layout, diagnostics) = layout(root: displayRoot, configured: configured)
        var files: [SourceFile] = []
        // Locale folders in parallel: each is tens of thousands of entries on a large site.
        let scanned = UnsafeMutableBufferPointer<([SourceFile], [Diagnostic])>.allocate(capacity: layout.folders.count)
        scanned.initialize(repeating: ([], []))
        defer { scanned.deinitialize(); scanned.deallocate() }
        let folders = layout.folders, sharedLayout = layout
        nonisolated(unsafe) let slots = scanned
        DispatchQueue.concurrentPerform(iterations: folders.count) { slots[$0] = scanFolder(folders[$0], layout: sharedLayout) }
        for (found, problems) in scanned {
            files += found
            diagnostics += problems
        }
        if !files.contains(where: { $0.kind == .article }) {
            let searched = layout.folders.isEmpty
                ? "no locale folder (a language tag such as `en-us`, `ja-JP`) in \(displayRoot)"
                : "no Markdown article in " + layout.folders.map(\.displayPath).joined(separator: ", ")
            diagnostics.append(.warning("no-articles", at: SourceLocation(path: displayRoot),
                                        "nothing to publish: \(searched)"))
        }
        layout.folders.sort { $0.locale.urlSegment < $1.locale.urlSegment }
        return ContentInventory(locales: layout.folders.map(\.locale), files: files, diagnostics: diagnostics, layout: layout)
    }

    /// The locale folders: those named in kb.yml, then the folders (or symlinks to folders) at the top of `root`
    /// named by a language tag.
    static func layout(root: String, configured: [LocaleCode: String]) -> (ContentLayout, [Diagnostic]) {
        let fm = FileManager.default
        let realRoot = realPath(root) ?? root
        var folders: [LocaleFolder] = []
        var diagnostics: [Diagnostic] = []
        var folderForLocale: [LocaleCode: String] = [:]
        let configLocation = SourceLocation(path: root + "/kb.yml")
        for (locale, path) in configured.sorted(by: { $0.key.urlSegment < $1.key.urlSegment }) {
            let display = lexicallyNormalized(path)
            guard let real = realPath(path), isFolder(real) else {
                diagnostics.append(.error("locale-folder-missing", at: configLocation,
                                          "locale \(locale) reads from \(display) (`locales.\(locale.urlSegment).path`), which is no folder; the locale is skipped"))
                folderForLocale[locale] = display
                continue
            }
            folderForLocale[locale] = display
            folders.append(LocaleFolder(locale: locale, path: path, displayPath: display, realPath: real))
        }
        let top = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted()
        for name in top where !name.hasPrefix(".") {
            let path = root + "/" + name
            let display = root + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let isLink = (info.st_mode & S_IFMT) == S_IFLNK
            let real = realPath(path)
            let locale = LocaleCode(name)
            guard let real, isFolder(real) else {
                if isLink, locale != nil {
                    diagnostics.append(.error("locale-folder-missing", at: SourceLocation(path: display),
                                              "symbolic link to \(real ?? "a missing folder") is no folder; locale \(name) is skipped"))
                }
                continue
            }
            guard let locale else {
                if containsMarkdown(real) {
                    diagnostics.append(.warning("not-a-locale", at: SourceLocation(path: display),
                                                "folder `\(name)` holds Markdown but is not named by a language tag (`en-us`, `ja-JP`); it is skipped"))
                }
                continue
            }
            if let other = folderForLocale[locale] {
                if folders.contains(where: { $0.locale == locale && $0.realPath == real }) { continue }
                diagnostics.append(.error("duplicate-locale", at: SourceLocation(path: display),
                                          "\(other) and \(display) are the same locale \(locale); this one is skipped"))
                continue
            }
            folderForLocale[locale] = display
            folders.append(LocaleFolder(locale: locale, path: path, displayPath: display, realPath: real))
        }
        return (ContentLayout(root: root, realRoot: realRoot, folders: folders), diagnostics)
    }

    /// The files of one locale folder, sorted by path. Symbolic links inside it must stay inside it or the content
    /// folder.
    private static func scanFolder(_ folder: LocaleFolder, layout: ContentLayout) -> ([SourceFile], [Diagnostic]) {
        var found: [String] = []
        var diagnostics: [Diagnostic] = []
        let listed = DirectoryWalk.walk(folder.realPath) { relative, type in
            let name = relative.utf8.lastIndex(of: UInt8(ascii: "/")).map { relative[relative.utf8.index(after: $0)...] }
                ?? Substring(relative)
            if isHidden(name) { return false }
            switch type {
            case .directory: return true
            case .symlink:
                if let problem = symlinkProblem(folder.realPath + "/" + relative, layout: layout, folder: folder,
                                                displayPath: folder.displayPath + "/" + relative) {
                    diagnostics.append(problem)
                    return false
                }
                if isFolder(folder.realPath + "/" + relative) { return false }
            case .file, .other: break
            }
            found.append(relative)
            return false
        }
        guard listed else {
            return ([], [.error("unreadable-file", at: SourceLocation(path: folder.displayPath), "cannot list this folder")])
        }
        return (found.sorted().map { sourceFile(folder, relative: $0) }, diagnostics)
    }

    /// The file at `filePath` as a scan would see it, for a file that appeared later (`kb serve`): nil for paths
    /// outside every locale folder and for hidden files; a symlink leaving the content is an `outside-content`
    /// diagnostic instead. A new folder at the top of the content folder named by a language tag is a new locale.
    /// The file need not exist any more.
    public static func file(at filePath: String, in layout: ContentLayout) -> (SourceFile?, Diagnostic?) {
        var match: (LocaleFolder, Substring)?
        for folder in layout.folders {
            for base in [folder.path, folder.realPath] where filePath.hasPrefix(base + "/") {
                match = (folder, filePath.dropFirst(base.count + 1))
            }
        }
        if match == nil, filePath.hasPrefix(layout.root + "/") {
            let relative = filePath.dropFirst(layout.root.count + 1)
            guard let slash = relative.firstIndex(of: "/"), let locale = LocaleCode(String(relative[..<slash])) else {
                return (nil, nil)
            }
            let name = String(relative[..<slash])
            let path = layout.root + "/" + name
            match = (LocaleFolder(locale: locale, path: path, displayPath: path, realPath: realPath(path) ?? path),
                     relative[relative.index(after: slash)...])
        }
        guard let (folder, inner) = match else { return (nil, nil) }
        guard !inner.split(separator: "/").contains(where: { isHidden($0) }) else { return (nil, nil) }
        let file = sourceFile(folder, relative: String(inner))
        if let problem = symlinkProblem(filePath, layout: layout, folder: folder, displayPath: file.displayPath) {
            return (nil, problem)
        }
        return (file, nil)
    }

    /// Dot files and folders are skipped, except DocFX's `.openpublishing.redirection*.json`.
    static func isHidden(_ name: some StringProtocol) -> Bool {
        name.utf8.first == UInt8(ascii: ".") && !name.lowercased().hasPrefix(".openpublishing.redirection")
    }

    private static func sourceFile(_ folder: LocaleFolder, relative: String) -> SourceFile {
        SourceFile(locale: folder.locale, path: ArticlePath(relative), filePath: folder.path + "/" + relative,
                   displayPath: folder.displayPath + "/" + relative, kind: classify(relative))
    }

    /// A symlink is followed only when it stays inside its locale folder or the content folder: nothing else can be
    /// published, included or linked. Nil for anything that is no symlink.
    private static func symlinkProblem(_ path: String, layout: ContentLayout, folder: LocaleFolder, displayPath: String) -> Diagnostic? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
        let target = realPath(path)
        if let target, target.hasPrefix(layout.realRoot + "/") || target.hasPrefix(folder.realPath + "/") { return nil }
        return .error("outside-content", at: SourceLocation(path: displayPath),
                      "symbolic link to \(target ?? "a missing file") leaves the content folder; it is skipped")
    }

    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when a Markdown file lies anywhere below `path` (stops at the first).
    private static func containsMarkdown(_ path: String) -> Bool {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return false }
        while let relative = enumerator.nextObject() as? String {
            if MarkdownFile.hasExtension(relative) { return true }
        }
        return false
    }

    /// `a/b/../c/./d` → `a/c/d`, without touching the filesystem (a `..` that would climb out stays).
    static func lexicallyNormalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isIncludes(_ segment: Substring.UTF8View) -> Bool {
        segment.count == 8 && zip(segment, "includes".utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    /// What a file is, from its path below the locale folder.
    public static func classify(_ relative: String) -> SourceFile.Kind {
        let utf8 = relative.utf8
        let nameStart = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        if MarkdownFile.hasExtension(relative[nameStart...]) {
            // An `includes` folder anywhere above, in any case: compared on bytes, one test per file of a large site.
            var segmentStart = utf8.startIndex
            var index = utf8.startIndex
            while index < nameStart {
                if utf8[index] == UInt8(ascii: "/") {
                    if isIncludes(utf8[segmentStart..<index]) { return .include }
                    segmentStart = utf8.index(after: index)
                }
                index = utf8.index(after: index)
            }
            return .article
        }
        let name = relative[nameStart...].lowercased()
        if name == "toc.yml" || name == "toc.yaml" { return .toc }
        if name.hasPrefix(".openpublishing.redirection") && name.hasSuffix(".json") { return .redirection }
        if name == "docfx.json" || name.hasPrefix(".") { return .other }
        if ResourceFile.isResource(name) { return .resource }
        return .other
    }
}
