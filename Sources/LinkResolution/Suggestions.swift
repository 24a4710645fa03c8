import SiteModel

/// Did-you-mean: the closest known name within a small edit distance.
enum Suggestions {
    static func closest(to name: String, in candidates: Set<String>) -> String? {
        let lower = name.lowercased()
        let budget = max(2, lower.count / 4)
        var best: (String, Int)?
        for candidate in candidates.sorted() {
            guard abs(candidate.count - lower.count) <= budget else { continue }
            let distance = EditDistance.between(lower, candidate.lowercased(), limit: budget)
            if distance <= budget, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The closest article key, shown as a path (`folder/page`).
    static func closestKey(to key: [String], in index: SiteIndex) -> String? {
        let folder = Array(key.dropLast())
        let siblings = index.pageNames(inFolder: folder)
        guard let name = key.last, let match = closest(to: name, in: siblings) else { return nil }
        return (Array(folder) + [match]).joined(separator: "/")
    }
}
