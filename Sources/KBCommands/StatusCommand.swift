import ArgumentParser
import Foundation
import SiteBuilder
import SiteModel

/// `kb status`: where each locale's translations stand against the source locale.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Report translations per locale: translated, missing, stale, machine-translated, orphaned.",
        discussion: """
            Staleness comes from git when the content folder is in a work tree (the source changed after the \
            translation's ms.sourcegitcommit, or after the translation's last commit), else from ms.lasthandoff \
            against the source's ms.date. Exit status: 0, or 1 when --fail-on matches; 2 usage or configuration errors.
            """)

    enum Condition: String, ExpressibleByArgument, CaseIterable { case missing, stale, mt }

    @Option(help: "Content folder holding one folder per locale.") var content = "content"
    @Option(help: "Output format: text, json (standard output) or github (annotations).") var format: DiagnosticFormat = .text
    @Option(name: .customLong("fail-on"), parsing: .upToNextOption,
            help: "Exit with 1 when any locale has missing, stale or mt (machine-translated) articles.")
    var failOn: [Condition] = []

    func run() async throws {
        let status: TranslationStatus
        do {
            status = try TranslationStatus.compute(contentDirectory: content)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(KBExit.usage)
        }
        switch format {
        case .text: print(Self.text(status))
        case .json: print(Self.json(status))
        case .github:
            print(Self.annotations(status))
            Self.appendStepSummary(status)
        }
        throw ExitCode(Self.matches(status, failOn) ? KBExit.contentErrors : KBExit.clean)
    }

    static func matches(_ status: TranslationStatus, _ conditions: [Condition]) -> Bool {
        status.locales.values.contains { report in
            conditions.contains { condition in
                switch condition {
                case .missing: !report.missing.isEmpty
                case .stale: !report.stale.isEmpty
                case .mt: !report.machineTranslated.isEmpty
                }
            }
        }
    }

    static func summaryLine(_ locale: LocaleCode, _ report: TranslationStatus.Report) -> String {
        "\(locale.urlSegment): \(report.translated) translated, \(report.missing.count) missing, \(report.stale.count) stale, "
            + "\(report.machineTranslated.count) machine-translated, \(report.orphaned.count) orphaned, "
            + "\(report.untracked.count) untracked, \(report.unknown.count) unknown"
    }

    static func text(_ status: TranslationStatus) -> String {
        var lines = ["source locale \(status.sourceLocale.urlSegment), staleness from "
            + (status.method == .git ? "git history" : "ms.lasthandoff and ms.date")]
        let locales = status.locales.keys.sorted { $0.urlSegment < $1.urlSegment }
        for locale in locales { lines.append(summaryLine(locale, status.locales[locale]!)) }
        for locale in locales {
            let report = status.locales[locale]!
            for stale in report.stale { lines.append("  stale   \(stale.path): \(stale.source) changed on \(stale.since)") }
            for path in report.missing { lines.append("  missing \(locale.urlSegment): \(path)") }
            for path in report.orphaned { lines.append("  orphan  \(path): its source is gone") }
            // Unknown ones come by the thousand when a localization repository pins another repository's commits:
            // the note says why; JSON lists them.
        }
        lines += status.notes.map { "note: " + $0 }
        return lines.joined(separator: "\n")
    }

    /// `{"locales": {"ja-jp": {"translated": N, "missing": [...], "stale": [{"path", "source", "since"}], …}}}`,
    /// sorted keys.
    static func json(_ status: TranslationStatus) -> String {
        var locales: [String: Any] = [:]
        for (locale, report) in status.locales {
            locales[locale.urlSegment] = [
                "translated": report.translated, "missing": report.missing,
                "stale": report.stale.map { ["path": $0.path, "source": $0.source, "since": $0.since] },
                "machineTranslated": report.machineTranslated, "orphaned": report.orphaned,
                "untracked": report.untracked, "unknown": report.unknown,
            ] as [String: Any]
        }
        let object: [String: Any] = ["sourceLocale": status.sourceLocale.urlSegment, "method": status.method.rawValue,
                                     "notes": status.notes, "locales": locales]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
        return String(decoding: data ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Stale and orphaned translations as warnings on their files, missing ones as notices on the source.
    static func annotations(_ status: TranslationStatus) -> String {
        var diagnostics: [Diagnostic] = []
        for (locale, report) in status.locales {
            for stale in report.stale {
                diagnostics.append(.warning("stale-translation", at: SourceLocation(path: stale.path),
                                            "\(stale.source) changed on \(stale.since), after this translation was made"))
            }
            for path in report.orphaned {
                diagnostics.append(.warning("orphaned-translation", at: SourceLocation(path: path),
                                            "no \(status.sourceLocale.urlSegment) source has this path any more"))
            }
            for path in report.missing {
                diagnostics.append(.warning("missing-translation", at: SourceLocation(path: path),
                                            "no \(locale.urlSegment) translation; readers get a fallback page"))
            }
        }
        return diagnostics.sortedForReport().map { line in
            let annotation = DiagnosticFormat.annotation(line)
            return line.code == "missing-translation" ? "::notice" + annotation.drop(while: { $0 != " " }) : annotation
        }.joined(separator: "\n")
    }

    /// A table per locale in the job summary, when run in GitHub Actions.
    static func appendStepSummary(_ status: TranslationStatus) {
        guard let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], let handle = FileHandle(forWritingAtPath: path)
        else { return }
        defer { try? handle.close() }
        var lines = ["### Translation status (source: \(status.sourceLocale.urlSegment))", "",
                     "| Locale | Translated | Missing | Stale | Machine-translated | Orphaned | Untracked | Unknown |",
                     "|---|---|---|---|---|---|---|---|"]
        for locale in status.locales.keys.sorted(by: { $0.urlSegment < $1.urlSegment }) {
            let r = status.locales[locale]!
            lines.append("| \(locale.urlSegment) | \(r.translated) | \(r.missing.count) | \(r.stale.count) | "
                + "\(r.machineTranslated.count) | \(r.orphaned.count) | \(r.untracked.count) | \(r.unknown.count) |")
        }
        handle.seekToEndOfFile()
        handle.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
