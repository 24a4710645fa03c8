/// A front-matter value kept for templates: YAML scalars as the text the writer wrote, lists and maps as such.
public indirect enum MetadataValue: Hashable, Sendable {
    case string(String)
    case list([MetadataValue])
    case map([String: MetadataValue])

    /// A flat, human-readable form (`a, b`) for templates that print a value.
    public var text: String {
        switch self {
        case .string(let s): return s
        case .list(let items): return items.map(\.text).joined(separator: ", ")
        case .map(let entries): return entries.keys.sorted().map { "\($0): \(entries[$0]!.text)" }.joined(separator: ", ")
        }
    }
}
