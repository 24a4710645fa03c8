import SiteModel

/// Did-you-mean: the closest known name within a small edit distance.
enum Suggestions {
    static func closest(to name: String, in candidates: Set<String>) -> String? {
        EditDistance.closest(to: name, among: candidates, budget: max(2, name.count / 4))
    }

    /// The closest article key, shown as a path (`folder/page`).
    static func closestKey(to key: [String], in index: SiteIndex) -> String? {
        let folder = Array(key.dropLast())
        let siblings = index.pageNames(inFolder: folder)
        guard let name = key.last, let match = closest(to: name, in: siblings) else { return nil }
        return (Array(folder) + [match]).joined(separator: "/")
    }
}

extension SiteIndex {
    /// The page key nearest to `key` in its folder, as a path (`folder/page`), for did-you-mean messages.
    public func closestKey(to key: [String]) -> String? {
        Suggestions.closestKey(to: key, in: self)
    }
}
