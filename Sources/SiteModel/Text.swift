/// Small text operations every stage needs, done on Unicode scalars so `"\r\n"` (one Character) is never a trap.
extension StringProtocol {
    /// The text without leading and trailing characters from `set` (for example `" \t"`).
    public func trimming(_ set: String) -> Substring {
        let scalars = set.unicodeScalars
        var view = Substring(self).unicodeScalars[...]
        while let first = view.first, scalars.contains(first) { view = view.dropFirst() }
        while let last = view.last, scalars.contains(last) { view = view.dropLast() }
        return Substring(view)
    }
}

/// Levenshtein distance for did-you-mean suggestions, giving up once it exceeds `limit`.
public enum EditDistance {
    /// The candidate nearest to `name` (case-insensitively) within `budget` edits; ties go to the first in sorted
    /// order, so suggestions are deterministic.
    public static func closest(to name: String, among candidates: some Sequence<String>, budget: Int) -> String? {
        let lower = name.lowercased()
        var best: (String, Int)?
        for candidate in candidates.sorted() where abs(candidate.count - lower.count) <= budget {
            let distance = between(lower, candidate.lowercased(), limit: budget)
            if distance <= budget, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    public static func between(_ a: String, _ b: String, limit: Int) -> Int {
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
