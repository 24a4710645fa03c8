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
            let realRoot = realPath(root) ?? root
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") && !name.lowercased().hasPrefix(".openpublishing.redirection") {
                    if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                        enumerator.skipDescendants()
                    }
                    continue
                }
                let type = enumerator.fileAttributes?[.type] as? FileAttributeType
                if type == .typeDirectory { continue }
                // A symlink is followed only when it stays inside the content folder: nothing outside it can be
                // published, included or linked.
                if type == .typeSymbolicLink {
                    let target = realPath(folderPath + "/" + relative)
                    guard let target, target.hasPrefix(realRoot + "/") else {
                        diagnostics.append(.error(
                            "outside-content", at: SourceLocation(path: displayRoot + "/" + folder + "/" + relative),
                            "symbolic link to \(target ?? "a missing file") leaves the content folder; it is skipped"))
                        continue
                    }
                    var isFolder: ObjCBool = false
                    if fm.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue { continue }
                }
                found.append(relative)
            }
            for relative in found.sorted() {
                files.append(SourceFile(
                    locale: locale, path: ArticlePath(relative), filePath: folderPath + "/" + relative,
                    displayPath: displayRoot + "/" + folder + "/" + relative, kind: classify(relative)))
            }
        }
        return ContentInventory(locales: locales, files: files, diagnostics: diagnostics)
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
