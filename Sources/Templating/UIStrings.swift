import Foundation

/// The theme's interface strings per language, from `templates/i18n/<tag or language>.json` (flat string maps).
///
/// Lookup for `de-AT`: `de-at.json`, then `de.json`, then `en.json`; a key missing there falls back to English too,
/// so a partial translation never shows an empty label.
public struct UIStrings: Sendable {
    private let tables: [String: [String: String]]
    private let cache = PerTag<[String: String]>()

    public init(tables: [String: [String: String]]) {
        self.tables = tables
    }

    static func load(from directory: String) throws -> UIStrings {
        let folder = directory + "/i18n"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return UIStrings(tables: [:]) }
        var tables: [String: [String: String]] = [:]
        for name in names where name.hasSuffix(".json") {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path),
                  let table = try? JSONDecoder().decode([String: String].self, from: data) else {
                throw Theme.LoadError.syntax(file: path, line: 1, column: 1, message: "expected a JSON object of strings")
            }
            tables[String(name.dropLast(5)).lowercased()] = table
        }
        return UIStrings(tables: tables)
    }

    /// The merged strings for a BCP-47 tag.
    public func strings(for tag: String) -> [String: String] {
        cache.value(for: tag) { merge(for: tag) }
    }

    private func merge(for tag: String) -> [String: String] {
        let lower = tag.lowercased()
        let language = String(lower.prefix { $0 != "-" })
        var merged = tables["en"] ?? [:]
        for key in [language, lower] where key != "en" || lower == "en" {
            merged.merge(tables[key] ?? [:]) { _, new in new }
        }
        return merged
    }
}

/// Values computed once per language tag and shared by every page of that language, across threads (merged
/// interface strings; the default theme's escaped labels).
final class PerTag<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    func value(for tag: String, _ make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let known = values[tag] { return known }
        let value = make()
        values[tag] = value
        return value
    }
}
