import Foundation
import SiteModel

/// Finds the locale folders of a content root and classifies their files.
public enum ContentScanner {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Scans `root`. Throws only when the folder cannot be read; content problems are diagnostics.
    public static func scan(root: String) throws -> ContentInventory {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "content folder not found: \(root)")
        }
        let top = try fm.contentsOfDirectory(atPath: root).sorted()
        var locales: [LocaleCode] = []
        var files: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        var folderForLocale: [LocaleCode: String] = [:]
        let displayRoot = root.hasSuffix("/") ? String(root.dropLast()) : root
        for folder in top where !folder.hasPrefix(".") {
            let folderPath = root + "/" + folder
            guard fm.fileExists(atPath: folderPath, isDirectory: &isDirectory), isDirectory.boolValue,
                  let locale = LocaleCode(folder) else { continue }
            if let other = folderForLocale[locale] {
                diagnostics.append(.error("duplicate-locale", at: SourceLocation(path: displayRoot + "/" + folder),
                                          "folders `\(other)` and `\(folder)` are the same locale \(locale); this one is skipped"))
                continue
            }
            folderForLocale[locale] = folder
            locales.append(locale)
            guard let enumerator = fm.enumerator(atPath: folderPath) else { continue }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if isHidden(name) {
                    if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                        enumerator.skipDescendants()
                    }
                    continue
                }
                let type = enumerator.fileAttributes?[.type] as? FileAttributeType
                if type == .typeDirectory { continue }
                if type == .typeSymbolicLink {
                    if let problem = symlinkProblem(folderPath + "/" + relative, root: root,
                                                    displayPath: displayRoot + "/" + folder + "/" + relative) {
                        diagnostics.append(problem)
                        continue
                    }
                    var isFolder: ObjCBool = false
                    if fm.fileExists(atPath: folderPath + "/" + relative, isDirectory: &isFolder), isFolder.boolValue { continue }
                }
                found.append(relative)
            }
            for relative in found.sorted() {
                files.append(sourceFile(root: displayRoot, folder: folder, locale: locale, relative: relative))
            }
        }
        return ContentInventory(locales: locales, files: files, diagnostics: diagnostics)
    }

    /// The file at `filePath` as a scan of the content folder `root` would see it, for a file that appeared later
    /// (`kb serve`): nil for paths outside a locale folder and for hidden files; a symlink leaving the content folder
    /// is an `outside-content` diagnostic instead. The file need not exist any more.
    public static func file(at filePath: String, root: String) -> (SourceFile?, Diagnostic?) {
        let root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        guard filePath.hasPrefix(root + "/") else { return (nil, nil) }
        let relative = filePath.dropFirst(root.count + 1)
        guard let slash = relative.firstIndex(of: "/"), let locale = LocaleCode(String(relative[..<slash])) else {
            return (nil, nil)
        }
        let folder = String(relative[..<slash])
        let inner = String(relative[relative.index(after: slash)...])
        guard !inner.split(separator: "/").contains(where: { isHidden(String($0)) }) else { return (nil, nil) }
        let file = sourceFile(root: root, folder: folder, locale: locale, relative: inner)
        if let problem = symlinkProblem(filePath, root: root, displayPath: file.displayPath) { return (nil, problem) }
        return (file, nil)
    }

    /// Dot files and folders are skipped, except DocFX's `.openpublishing.redirection*.json`.
    static func isHidden(_ name: String) -> Bool {
        name.hasPrefix(".") && !name.lowercased().hasPrefix(".openpublishing.redirection")
    }

    private static func sourceFile(root: String, folder: String, locale: LocaleCode, relative: String) -> SourceFile {
        SourceFile(locale: locale, path: ArticlePath(relative), filePath: root + "/" + folder + "/" + relative,
                   displayPath: root + "/" + folder + "/" + relative, kind: classify(relative))
    }

    /// A symlink is followed only when it stays inside the content folder: nothing outside it can be published,
    /// included or linked. Nil for anything that is no symlink.
    private static func symlinkProblem(_ path: String, root: String, displayPath: String) -> Diagnostic? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
        let target = realPath(path)
        if let target, let realRoot = realPath(root), target.hasPrefix(realRoot + "/") { return nil }
        return .error("outside-content", at: SourceLocation(path: displayPath),
                      "symbolic link to \(target ?? "a missing file") leaves the content folder; it is skipped")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What a file is, from its path below the locale folder.
    public static func classify(_ relative: String) -> SourceFile.Kind {
        let parts = relative.split(separator: "/")
        let name = parts.last.map { $0.lowercased() } ?? ""
        if name.hasSuffix(".md") || name.hasSuffix(".markdown") {
            return parts.dropLast().contains { $0.lowercased() == "includes" } ? .include : .article
        }
        if name == "toc.yml" || name == "toc.yaml" { return .toc }
        if name.hasPrefix(".openpublishing.redirection") && name.hasSuffix(".json") { return .redirection }
        if name == "docfx.json" || name.hasPrefix(".") { return .other }
        if ResourceFile.isResource(name) { return .resource }
        return .other
    }
}
