import Foundation
import SiteBuilder

/// The live progress line of a long build on a terminal: `render 1,200/9,058 · 850/s · 9 s left`, redrawn at most
/// ten times a second on standard error and erased when the build ends. Used only when standard error is a
/// terminal and the diagnostics are text (never with `--quiet`-like formats json or github).
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var stage = ""
    private var stageStarted = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private var finished = false

    /// A handler when progress should be shown, else nil.
    static func handler(format: DiagnosticFormat, quiet: Bool) -> (ProgressLine, ProgressHandler)? {
        guard !quiet, format == .text, isatty(STDERR_FILENO) == 1 else { return nil }
        let line = ProgressLine()
        return (line, { line.update($0) })
    }

    func update(_ progress: BuildProgress) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        let now = Date()
        if progress.stage != stage {
            stage = progress.stage
            stageStarted = now
        } else if now.timeIntervalSince(lastDraw) < 0.1 && progress.done < progress.total {
            return
        }
        lastDraw = now
        var text = "\(progress.stage) \(progress.done)/\(progress.total)"
        let elapsed = now.timeIntervalSince(stageStarted)
        if progress.done > 0, elapsed > 0.2 {
            let rate = Double(progress.done) / elapsed
            text += String(format: " · %.0f/s", rate)
            if progress.done < progress.total {
                text += String(format: " · %.0f s left", Double(progress.total - progress.done) / rate)
            }
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        drawn = true
    }

    /// Erases the line before the summary and diagnostics are printed; later updates (a preview's re-parses) are
    /// not shown.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        finished = true
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
