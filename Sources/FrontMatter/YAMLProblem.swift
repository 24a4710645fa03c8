import SiteModel
import Yams

/// A Yams error as a writer needs it: the parser's problem in one line and where it is, never the document that
/// Yams quotes as context (one duplicate key in a 50,000-line front matter would print all of it).
public struct YAMLProblem: Sendable, CustomStringConvertible {
    public let message: String
    /// 1-based position in the YAML text; 0 when the parser gave none.
    public let line: Int
    public let column: Int

    public init(_ error: Error, yaml: String) {
        guard let error = error as? YamlError else {
            (message, line, column) = (Diagnostic.oneLine("\(error)"), 0, 0)
            return
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            message = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            (line, column) = (mark.line, mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            (line, column) = YAMLDuplicateKey.location(of: key, firstLine: context.mark.line, column: context.mark.column, in: yaml)
            message = "duplicate key `\(key)`"
                + (duplicates.count > 1 ? " (also " + duplicates.dropFirst().map { "`\($0)`" }.joined(separator: ", ") + ")" : "")
        default:
            (message, line, column) = (Diagnostic.oneLine("\(error)"), 0, 0)
        }
    }

    /// `problem (line l, column c)`.
    public var description: String {
        line > 0 ? "\(message) (line \(line), column \(column))" : message
    }
}
