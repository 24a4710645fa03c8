import CommonMark
import Foundation
import SiteModel
import Templating

/// The translation dashboard (`_kb/status/`): coverage bars and stale translations over time as SVG drawn here, and
/// a table of every article in every locale. Shown through the theme's article template, so any theme frames it; no
/// script is needed to read it (a small one sorts the table), and it works from `file://`.
enum StatusPage {
    static let permalink = Permalink(segments: ["_kb", "status"])

    /// Colours that read on light and dark backgrounds alike; every state is also written in words.
    static let colours: [TranslationStatus.Cell.State: String] = [
        .current: "#2e8540", .stale: "#c77700", .missing: "#8a939d", .untracked: "#6f5bd3", .unknown: "#6f5bd3",
        .orphaned: "#c2413b",
    ]

    /// The article body: three sections with headings (the on-page table of contents lists them).
    static func body(_ status: TranslationStatus, title: ([String], LocaleCode) -> String?, today: String) -> (String, [HeadingLink]) {
        let locales = status.locales.keys.sorted { $0.urlSegment < $1.urlSegment }
        var html = "<h1 id=\"translation-status\">Translation status</h1>\n"
        html += "<p>Source locale <strong>\(escape(status.sourceLocale.urlSegment))</strong>; staleness from "
            + (status.method == .git ? "the git history of the source files" : "<code>ms.lasthandoff</code> and <code>ms.date</code>")
            + ". Made \(escape(today)).</p>\n"
        for note in status.notes { html += "<p role=\"note\">\(escape(note))</p>\n" }
        html += "<h2 id=\"coverage\">Coverage</h2>\n" + coverage(status, locales)
        html += "<h2 id=\"stale-over-time\">Stale translations over time</h2>\n" + staleOverTime(status, locales, today: today)
        html += "<h2 id=\"articles\">Articles</h2>\n" + table(status, locales, title: title)
        let headings = [("coverage", "Coverage"), ("stale-over-time", "Stale translations over time"), ("articles", "Articles")]
            .map { HeadingLink(level: 2, id: $0.0, text: $0.1) }
        return (html, headings)
    }

    /// One stacked bar per locale: current, stale, untracked or unknown, missing; the counts beside it in words.
    static func coverage(_ status: TranslationStatus, _ locales: [LocaleCode]) -> String {
        let rowHeight = 28, width = 600
        var svg = "<svg class=\"kb-status-chart\" role=\"img\" aria-labelledby=\"kb-coverage-title\" viewBox=\"0 0 \(width + 130) \(rowHeight * max(locales.count, 1) + 8)\" width=\"100%\">\n"
        svg += "<title id=\"kb-coverage-title\">Share of source articles translated per locale</title>\n"
        var list = "<ul class=\"kb-status-legend\">\n"
        for (row, locale) in locales.enumerated() {
            let report = status.locales[locale]!
            let undecided = report.untracked.count + report.unknown.count
            let parts: [(TranslationStatus.Cell.State, Int)] = [
                (.current, report.translated - report.stale.count - undecided), (.stale, report.stale.count),
                (.unknown, undecided), (.missing, report.missing.count),
            ]
            let total = max(parts.reduce(0) { $0 + $1.1 }, 1)
            let y = row * rowHeight + 4
            svg += "<text x=\"0\" y=\"\(y + 17)\" fill=\"currentColor\" font-size=\"14\">\(escape(locale.urlSegment))</text>\n"
            var x = 70.0
            for (state, count) in parts where count > 0 {
                let w = Double(width) * Double(count) / Double(total)
                svg += "<rect x=\"\(format(x))\" y=\"\(y)\" width=\"\(format(w))\" height=\"20\" fill=\"\(colours[state]!)\"><title>\(state.rawValue): \(count)</title></rect>\n"
                x += w
            }
            let percent = Int((Double(report.translated - report.stale.count) / Double(total) * 100).rounded())
            svg += "<text x=\"\(width + 80)\" y=\"\(y + 17)\" fill=\"currentColor\" font-size=\"14\">\(percent) %</text>\n"
            list += "<li><strong>\(escape(locale.urlSegment))</strong>: \(report.translated) translated (\(report.stale.count) stale, "
                + "\(report.machineTranslated.count) machine-translated, \(undecided) undecided), \(report.missing.count) missing, "
                + "\(report.orphaned.count) orphaned</li>\n"
        }
        return svg + "</svg>\n" + list + "</ul>\n"
    }

    /// Per locale, how many of today's stale translations were already stale on each day: a step line from the
    /// first source change to today.
    static func staleOverTime(_ status: TranslationStatus, _ locales: [LocaleCode], today: String) -> String {
        let dates = locales.flatMap { status.locales[$0]!.stale.map(\.since) }
        guard let first = dates.min() else { return "<p>No translation is stale.</p>\n" }
        let start = day(first), end = max(day(today), start + 1)
        let peak = max(locales.map { status.locales[$0]!.stale.count }.max() ?? 1, 1)
        let width = 600.0, height = 200.0, left = 40.0
        var svg = "<svg class=\"kb-status-chart\" role=\"img\" aria-labelledby=\"kb-stale-title\" viewBox=\"0 0 \(Int(left + width + 10)) \(Int(height + 40))\" width=\"100%\">\n"
        svg += "<title id=\"kb-stale-title\">Stale translations per locale, \(escape(first)) to \(escape(today))</title>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(height)\" x2=\"\(left + width)\" y2=\"\(height)\" stroke=\"currentColor\"/>\n"
        svg += "<text x=\"\(left)\" y=\"\(height + 18)\" fill=\"currentColor\" font-size=\"12\">\(escape(first))</text>\n"
        svg += "<text x=\"\(left + width)\" y=\"\(height + 18)\" fill=\"currentColor\" font-size=\"12\" text-anchor=\"end\">\(escape(today))</text>\n"
        svg += "<text x=\"\(left - 6)\" y=\"12\" fill=\"currentColor\" font-size=\"12\" text-anchor=\"end\">\(peak)</text>\n"
        let palette = ["#0b6fcc", "#c77700", "#2e8540", "#c2413b", "#6f5bd3", "#00838f"]
        var legend = "<ul class=\"kb-status-legend\">\n"
        for (index, locale) in locales.enumerated() {
            let changes = status.locales[locale]!.stale.map { day($0.since) }.sorted()
            guard !changes.isEmpty else { continue }
            let colour = palette[index % palette.count]
            func point(_ t: Int, _ count: Int) -> String {
                format(left + width * Double(t - start) / Double(end - start)) + "," + format(height - height * Double(count) / Double(peak))
            }
            var points = [point(start, 0)], count = 0
            for t in changes {
                points.append(point(t, count))
                count += 1
                points.append(point(t, count))
            }
            points.append(point(end, count))
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"><title>\(escape(locale.urlSegment)): \(count) stale</title></polyline>\n"
            legend += "<li><svg width=\"14\" height=\"4\" aria-hidden=\"true\"><rect width=\"14\" height=\"4\" fill=\"\(colour)\"/></svg> "
                + "\(escape(locale.urlSegment)): \(count) stale, the oldest since \(escape(status.locales[locale]!.stale.map(\.since).min()!))</li>\n"
        }
        return svg + "</svg>\n" + legend + "</ul>\n"
    }

    /// Every article (its source version) against every locale; each cell names the state and links to the page
    /// readers get in that locale, and a translation's cell to its source as well.
    static func table(_ status: TranslationStatus, _ locales: [LocaleCode],
                      title: ([String], LocaleCode) -> String?) -> String {
        var html = "<table class=\"kb-status-table\" data-kb-sortable>\n<caption>Every article of \(escape(status.sourceLocale.urlSegment)) "
            + "and its translations; the buttons sort the table.</caption>\n<thead><tr><th scope=\"col\" aria-sort=\"ascending\">"
            + "<button type=\"button\">Article</button></th>"
        for locale in locales {
            html += "<th scope=\"col\"><button type=\"button\">\(escape(locale.urlSegment))</button></th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in status.rows {
            let home = row.source == nil ? locales.first { row.cells[$0] != nil } ?? status.sourceLocale : status.sourceLocale
            let name = title(row.key, home) ?? row.key.joined(separator: "/")
            html += "<tr><th scope=\"row\"><a href=\"\(href(row.key, home))\">\(escape(name))</a></th>"
            for locale in locales {
                guard let cell = row.cells[locale] else {
                    html += "<td>–</td>"
                    continue
                }
                var label = cell.state.rawValue
                if cell.isMachineTranslated { label += ", machine-translated" }
                if let since = cell.since { label += " since \(since)" }
                html += "<td data-state=\"\(cell.state.rawValue)\"><a href=\"\(href(row.key, locale))\">\(escape(label))</a>"
                // A translation's cell links to its source too: the two versions side by side are one click apart.
                if cell.state != .missing, cell.state != .orphaned {
                    let source = status.sourceLocale
                    html += " · <a href=\"\(href(row.key, source))\" hreflang=\"\(escape(source.tag))\">\(escape(source.urlSegment))</a>"
                }
                html += "</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n" + sortScript
    }

    /// Sorts the table by the clicked column; without script the table stays in path order.
    static let sortScript = """
        <script>
        document.querySelectorAll("table[data-kb-sortable]").forEach(function (table) {
          var heads = table.querySelectorAll("thead th");
          heads.forEach(function (th, column) {
            th.querySelector("button").addEventListener("click", function () {
              var ascending = th.getAttribute("aria-sort") !== "ascending";
              heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
              th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
              var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = a.cells[column].textContent, y = b.cells[column].textContent;
                return ascending ? x.localeCompare(y) : y.localeCompare(x);
              });
              rows.forEach(function (row) { body.appendChild(row); });
            });
          });
        });
        </script>

        """

    static func href(_ key: [String], _ locale: LocaleCode) -> String {
        permalink.href(to: Permalink(segments: [locale.urlSegment] + key))
    }

    /// Days since 1970 of a `YYYY-MM-DD` date.
    static func day(_ iso: String) -> Int {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return 0 }
        let components = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
                                        year: parts[0], month: parts[1], day: parts[2])
        return Int((components.date?.timeIntervalSince1970 ?? 0) / 86_400)
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}

extension SiteEngine {
    /// The dashboard page, in the default locale's chrome; nil when the content cannot be read.
    func statusPage() -> Page? {
        guard let status = try? TranslationStatus.compute(contentDirectory: options.contentDirectory) else { return nil }
        // Reproducible builds give the day to show (`SOURCE_DATE_EPOCH`); otherwise today.
        let seconds = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init) ?? Date().timeIntervalSince1970
        let today = ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: seconds), timeZone: TimeZone(identifier: "UTC")!,
                                                formatOptions: [.withFullDate])
        let index = index
        let (html, headings) = StatusPage.body(status, title: { key, locale in index.entry(key: key, in: locale)?.title }, today: today)
        var chrome = renderer.chrome(for: StatusPage.permalink, locale: index.defaultLocale, title: "Translation status")
        chrome.robots = "noindex"
        return .article(chrome, ArticleView(bodyHTML: html, headings: headings, sourcePath: ""))
    }
}
