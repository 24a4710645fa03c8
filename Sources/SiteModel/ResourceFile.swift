/// Files that articles link to but that are no pages: copied to the site as they are.
public enum ResourceFile {
    /// Lower-case extensions of images, media, documents, archives and scripts.
    public static let extensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp", "mp4", "webm", "mp3", "pdf", "zip",
        "txt", "csv", "xlsx", "docx", "pptx", "vsdx", "json", "xml", "ps1", "sh", "css", "js",
    ]

    /// True when the file name ends in one of `extensions`.
    public static func isResource(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }
}
