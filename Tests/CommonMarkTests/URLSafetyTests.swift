import SiteModel
import Testing
@testable import CommonMark

/// `URLSafety` reads a URL's start over bytes; it must flag exactly the URLs that the scalar-by-scalar reading with
/// a full Unicode lower-casing flagged.
@Suite struct URLSafetyTests {
    /// The former reading: scalars, tabs and newlines removed, leading controls and spaces dropped, 32 kept, then
    /// `lowercased()`.
    private func reference(_ url: String) -> (runsScript: Bool, dangerous: Bool) {
        var cleaned = String.UnicodeScalarView()
        for scalar in url.unicodeScalars {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
            if cleaned.isEmpty && scalar.value <= 0x20 { continue }
            cleaned.append(scalar)
            if cleaned.count >= 32 { break }
        }
        let lower = String(cleaned).lowercased()
        var script = lower.hasPrefix("javascript:") || lower.hasPrefix("vbscript:")
        if !script, lower.hasPrefix("data:") {
            script = !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lower.hasPrefix($0) }
        }
        return (script, script || lower.hasPrefix("file:"))
    }

    @Test func flagsWhatTheScalarReadingFlagged() {
        let pieces = ["javascript:", "JaVaScRiPt:", "java", "script:", "vbscript:", "VBScript:", "data:", "DATA:image/png",
                      "data:image/svg+xml", "data:text/html,", "file:", "FILE:///", "\t", "\n", "\r", " ", "\u{0}", "\u{1F}",
                      "\u{7F}", "İ", "\u{212A}", "é", "日本", "https://example.com/", "a", "#x", "?q=1", ":", "/", "%20"]
        var generator = SeededGenerator(seed: 0x0055_AFE7)
        var flagged = 0
        for _ in 0..<20_000 {
            let url = (0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let expected = reference(url)
            #expect(URLSafety.runsScript(url) == expected.runsScript, "\(url.debugDescription)")
            #expect(URLSafety.isDangerous(url) == expected.dangerous, "\(url.debugDescription)")
            if expected.dangerous { flagged += 1 }
        }
        #expect(flagged > 1000)
        #expect(URLSafety.runsScript(" \u{1}\tjava\nscript:alert(1)"))
        #expect(URLSafety.runsScript("java\tscript:alert(1)") && URLSafety.isDangerous("fi\r\nle:///etc/passwd"))
        #expect(!URLSafety.runsScript("data:image/png;base64,AAAA"))
        #expect(URLSafety.runsScript(String(repeating: " ", count: 40) + "javascript:x"))
        #expect(!URLSafety.runsScript(String(repeating: "é", count: 25) + "javascript:x"))
    }
}
