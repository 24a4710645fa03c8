/// Maps a request's URL path to a path inside the site, refusing anything that could name a file outside it.
///
/// The result never starts with `/` and never holds a `.` or `..` segment, a NUL or a backslash; a path that ends
/// in `/` names that folder's `index.html`.
enum SitePath {
    static func resolve(_ urlPath: String) -> String? {
        guard urlPath.hasPrefix("/"), let decoded = urlPath.removingPercentEncoding else { return nil }
        if decoded.contains("\0") || decoded.contains("\\") { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == "." || $0 == ".." }) { return nil }
        let joined = segments.joined(separator: "/")
        if joined.isEmpty { return "index.html" }
        return decoded.hasSuffix("/") ? joined + "/index.html" : joined
    }

    /// True when the last segment has no file extension (`/ja-jp/a`): such a path may name a folder.
    static func looksLikeFolder(_ path: String) -> Bool {
        !(path.split(separator: "/").last ?? "").contains(".")
    }
}

/// Content types for what a knowledge base serves; text types carry `charset=utf-8`.
enum ContentType {
    static func of(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "").lowercased() : ""
        return table[ext] ?? "application/octet-stream"
    }

    private static let table: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8", "xml": "application/xml; charset=utf-8",
        "txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8", "svg": "image/svg+xml",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "ico": "image/x-icon", "avif": "image/avif", "mp4": "video/mp4", "webm": "video/webm", "pdf": "application/pdf",
        "woff": "font/woff", "woff2": "font/woff2", "zip": "application/zip",
    ]
}
