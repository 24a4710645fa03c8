/// A position in a source file, 1-based; `line == 0` means "the whole file".
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 0, column: Int = 0) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:col`, the form editors and CI annotations understand.
    public var description: String {
        line > 0 ? "\(path):\(line):\(max(column, 1))" : path
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

/// A content problem found by a stage. Problems are values: the build goes on and reports all of them.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public var severity: Severity
    /// A stable, documented identifier such as `yaml-syntax` or `unknown-html-tag`.
    public var code: String
    public var location: SourceLocation
    public var message: String

    /// Messages are kept to one line (line breaks and the indentation after them become one space), so every
    /// diagnostic is one line of a report, whatever a library's error text looks like.
    public init(_ severity: Severity, _ code: String, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = Diagnostic.oneLine(message)
    }

    /// `text` on one line: each line break, with the blanks around it, becomes one space; at most 500 characters.
    public static func oneLine(_ text: String) -> String {
        var result = text
        if text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            result = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                .map { $0.trimming(" \t") }.filter { !$0.isEmpty }.joined(separator: " ")
        }
        if result.count > 500 { result = String(result.prefix(499)) + "…" }
        return result
    }

    public static func error(_ code: String, at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, code, at: location, message)
    }

    public static func warning(_ code: String, at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, code, at: location, message)
    }

    /// `path:line:col: warning: message [code]`, as compilers print it.
    public var description: String {
        "\(location): \(severity.rawValue): \(message) [\(code)]"
    }
}

extension Array where Element == Diagnostic {
    /// Diagnostics in a stable order (file, line, column, code) so reports are deterministic.
    public func sortedForReport() -> [Diagnostic] {
        sorted { ($0.location, $0.code, $0.message) < ($1.location, $1.code, $1.message) }
    }

    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }
}
