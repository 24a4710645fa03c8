import ContentDiscovery
import Foundation
import SiteModel

/// Reads a source file as UTF-8. Invalid bytes are an error at their `line:col` and read as U+FFFD, so the page is
/// still built; an unreadable file is an error and no page.
enum SourceReader {
    static func read(_ file: SourceFile) -> (String?, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: file.filePath) else {
            return (nil, [.error("unreadable-file", at: SourceLocation(path: file.displayPath), "cannot read this file")])
        }
        let bytes = [UInt8](data)
        if let text = String(validating: bytes, as: UTF8.self) { return (text, []) }
        let (line, column) = firstInvalidByte(bytes)
        let diagnostic = Diagnostic.error(
            "invalid-utf8", at: SourceLocation(path: file.displayPath, line: line, column: column),
            "file is not valid UTF-8; invalid bytes are shown as �")
        return (String(decoding: bytes, as: UTF8.self), [diagnostic])
    }

    /// 1-based line and byte column of the first byte that does not decode as UTF-8.
    static func firstInvalidByte(_ bytes: [UInt8]) -> (Int, Int) {
        var line = 1, lineStart = 0, offset = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == 0x0A { line += 1; lineStart = offset + 1 }
                offset += encoded.count
            case .error:
                return (line, offset - lineStart + 1)
            case .emptyInput:
                return (line, offset - lineStart + 1)
            }
        }
    }
}
