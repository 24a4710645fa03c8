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

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of two neighbours each
/// count one edit (`passwrod` → `password` is 1, not Levenshtein's 2), the typo readers make most. Counted over
/// Unicode scalars, as `kb-search.js` counts code points; both are checked against `Tests/Fixtures/edit-distance-vectors.json`.
public enum EditDistance {
    /// The candidate nearest to `name` (case-insensitively) within `budget` edits; ties go to the first in sorted
    /// order, so suggestions are deterministic.
    public static func closest(to name: String, among candidates: some Sequence<String>, budget: Int) -> String? {
        let lower = name.lowercased()
        var best: (String, Int)?
        for candidate in candidates.sorted() where abs(candidate.unicodeScalars.count - lower.unicodeScalars.count) <= budget {
            let distance = between(lower, candidate.lowercased(), limit: budget)
            if distance <= budget, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The distance between `a` and `b`, or `limit + 1` as soon as it is certain to exceed `limit`.
    public static func between(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return min(b.count, limit + 1) }
        if b.isEmpty { return min(a.count, limit + 1) }
        if abs(a.count - b.count) > limit { return limit + 1 }
        // Three rows: the one before the previous is what a transposition reaches back to.
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, twoBack[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return min(previous[b.count], limit + 1)
    }
}

/// Where a YAML mapping repeats a key: parsers report the first occurrence (and the whole document as context);
/// writers need the line of the repetition.
public enum YAMLDuplicateKey {
    /// Line and column (1-based) of the second `key:` at the first occurrence's column, after `firstLine`; the first
    /// occurrence itself when no repetition is found.
    public static func location(of key: String, firstLine: Int, column: Int, in yaml: String) -> (line: Int, column: Int) {
        var line = 0
        for text in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            guard line > firstLine else { continue }
            let body = text.utf8.dropFirst(max(column - 1, 0))
            let indent = text.utf8.prefix(max(column - 1, 0))
            guard indent.allSatisfy({ $0 == UInt8(ascii: " ") }) else { continue }
            let rest = Substring(body)
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(spelling) {
                let after = rest.dropFirst(spelling.count).drop { $0 == " " }
                if after.hasPrefix(":") { return (line, column) }
            }
        }
        return (firstLine, column)
    }
}
