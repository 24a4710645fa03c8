import ContentDiscovery
import Foundation
import SiteModel

/// Reads a source file as UTF-8. Invalid bytes are an error at their `line:col` and read as U+FFFD, so the page is
/// still built; an unreadable file is an error and no page.
enum SourceReader {
    static func read(_ file: SourceFile) -> (String?, [Diagnostic]) {
        guard let bytes = readBytes(file.filePath) else {
            return (nil, [.error("unreadable-file", at: SourceLocation(path: file.displayPath), "cannot read this file")])
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, []) }
        let (line, column) = firstInvalidByte(bytes)
        let diagnostic = Diagnostic.error(
            "invalid-utf8", at: SourceLocation(path: file.displayPath, line: line, column: column),
            "file is not valid UTF-8; invalid bytes are shown as �")
        return (String(decoding: bytes, as: UTF8.self), [diagnostic])
    }

    /// The whole file with POSIX `open`/`read`: one copy, no `Data` in between.
    static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while true {
            if offset == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }
            let n = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue } else { return nil } }
            if n == 0 { break }
            offset += n
        }
        bytes.removeSubrange(offset...)
        return bytes
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
