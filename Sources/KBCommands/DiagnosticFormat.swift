import ArgumentParser
import Foundation
import SiteModel

/// How diagnostics are printed: for people, for tools, or as GitHub Actions annotations.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github

    /// The whole report for standard error (text, github) or standard output (json).
    func render(_ diagnostics: [Diagnostic]) -> String {
        switch self {
        case .text:
            return diagnostics.map(\.description).joined(separator: "\n")
        case .github:
            return diagnostics.map { Self.annotation($0) }.joined(separator: "\n")
        case .json:
            struct Entry: Encodable {
                let severity, code, path, message: String
                let line, column: Int
            }
            struct Report: Encodable {
                let diagnostics: [Entry]
                let errors, warnings: Int
            }
            let report = Report(
                diagnostics: diagnostics.map {
                    Entry(severity: $0.severity.rawValue, code: $0.code, path: $0.location.path, message: $0.message,
                          line: $0.location.line, column: $0.location.column)
                },
                errors: diagnostics.errorCount, warnings: diagnostics.warningCount)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            return String(decoding: (try? encoder.encode(report)) ?? Data("{}".utf8), as: UTF8.self)
        }
    }

    /// `::error file=…,line=…,col=…,title=code::message`, escaped as the Actions runner expects. The runner matches
    /// files by their path in the repository, so a path under the working directory is given relative to it.
    static func annotation(_ d: Diagnostic, workingDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        var properties = ["file=\(escapeProperty(relative(d.location.path, to: workingDirectory)))"]
        if d.location.line > 0 {
            properties.append("line=\(d.location.line)")
            properties.append("col=\(max(d.location.column, 1))")
        }
        properties.append("title=\(escapeProperty(d.code))")
        return "::\(d.severity.rawValue) \(properties.joined(separator: ","))::\(escapeData(d.message))"
    }

    /// `path` relative to `directory` when it is an absolute path below it (symlinks in either resolved).
    static func relative(_ path: String, to directory: String) -> String {
        guard path.hasPrefix("/") else { return path }
        for base in Set([directory, realPath(directory) ?? directory]) {
            let prefix = base.hasSuffix("/") ? base : base + "/"
            if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
            // The path itself may run through a symlink (`/tmp` → `/private/tmp`).
            if let real = realPath(path), real.hasPrefix(prefix) { return String(real.dropFirst(prefix.count)) }
        }
        return path
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// Options shared by `kb build` and `kb check`.
struct ReportingOptions: ParsableArguments {
    @Flag(help: "Treat warnings as errors (exit code 1).") var strict = false
    @Option(help: "Diagnostics as text, json (on standard output) or github (Actions annotations).")
    var format: DiagnosticFormat = .text
    @Flag(help: "Print the time of each build stage to standard error.") var timings = false
    @Flag(name: .shortAndLong, help: "No live progress line on the terminal.") var quiet = false
}
