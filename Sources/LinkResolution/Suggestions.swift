import SiteModel

/// Did-you-mean: the closest known name within a small edit distance.
enum Suggestions {
    static func closest(to name: String, in candidates: Set<String>) -> String? {
        let lower = name.lowercased()
        let budget = max(2, lower.count / 4)
        var best: (String, Int)?
        for candidate in candidates.sorted() {
            guard abs(candidate.count - lower.count) <= budget else { continue }
            let distance = editDistance(lower, candidate.lowercased(), limit: budget)
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

    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            var rowMinimum = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            previous = current
        }
        return previous[b.count]
    }
}
