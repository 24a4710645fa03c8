import ContentDiscovery
import Foundation
import SiteModel

/// Reads a source file as UTF-8. Invalid bytes are an error at their `line:col` and read as U+FFFD, so the page is
/// still built; an unreadable file, one that is no regular file (a FIFO would block the build) or one larger than
/// `limit` bytes is an error and no page.
enum SourceReader {
    static func read(_ file: SourceFile, limit: Int = SiteConfig.defaultMaxFileBytes) -> (String?, [Diagnostic]) {
        let bytes: [UInt8]
        switch readBytes(file.filePath, limit: limit) {
        case .bytes(let read): bytes = read
        case .unreadable(let why):
            return (nil, [.error("unreadable-file", at: SourceLocation(path: file.displayPath), "cannot read this file: \(why)")])
        case .tooLarge(let size):
            let mib = { (bytes: Int) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
            return (nil, [.error("file-too-large", at: SourceLocation(path: file.displayPath),
                                 "file is \(mib(size)), over the \(mib(limit)) limit (--max-file-size); it is skipped")])
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, []) }
        let (line, column) = firstInvalidByte(bytes)
        let diagnostic = Diagnostic.error(
            "invalid-utf8", at: SourceLocation(path: file.displayPath, line: line, column: column),
            "file is not valid UTF-8; invalid bytes are shown as �")
        return (String(decoding: bytes, as: UTF8.self), [diagnostic])
    }

    enum Outcome {
        case bytes([UInt8])
        case unreadable(String)
        case tooLarge(Int)
    }

    /// The whole file with POSIX `open`/`read`: one copy, no `Data` in between. Opened non-blocking so a FIFO
    /// cannot stall the build; reading stops past `limit` even if the file grows meanwhile.
    static func readBytes(_ path: String, limit: Int = SiteConfig.defaultMaxFileBytes) -> Outcome {
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return .unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unreadable(String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .unreadable("not a regular file") }
        if Int(info.st_size) > limit { return .tooLarge(Int(info.st_size)) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while true {
            if offset == bytes.count {
                if offset > limit { return .tooLarge(offset) }
                bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096))
            }
            let n = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue } else { return .unreadable(String(cString: strerror(errno))) } }
            if n == 0 { break }
            offset += n
        }
        bytes.removeSubrange(offset...)
        return .bytes(bytes)
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
