extension DefaultTheme {
    /// The interface strings (`{{ui.x}}`) the default templates show, HTML-escaped once per language. A key missing
    /// from the merged tables renders nothing, as in swift-mustache.
    struct Labels: Sendable {
        let breadcrumbs: [UInt8]
        let close: [UInt8]
        let home: [UInt8]
        let languages: [UInt8]
        let navigation: [UInt8]
        let noResults: [UInt8]
        let notFoundHome: [UInt8]
        let notFoundSearch: [UInt8]
        let notFoundText: [UInt8]
        let notTranslated: [UInt8]
        let notTranslatedShort: [UInt8]
        let onThisPage: [UInt8]
        let previewProblems: [UInt8]
        let search: [UInt8]
        let searchNeedsScript: [UInt8]
        let skipToContent: [UInt8]
        let updated: [UInt8]

        init(_ strings: [String: String]) {
            func escaped(_ key: String) -> [UInt8] {
                var buffer = HTMLBuffer(capacity: 0)
                buffer.appendEscaped(strings[key] ?? "")
                return buffer.bytes
            }
            breadcrumbs = escaped("breadcrumbs")
            close = escaped("close")
            home = escaped("home")
            languages = escaped("languages")
            navigation = escaped("navigation")
            noResults = escaped("noResults")
            notFoundHome = escaped("notFoundHome")
            notFoundSearch = escaped("notFoundSearch")
            notFoundText = escaped("notFoundText")
            notTranslated = escaped("notTranslated")
            notTranslatedShort = escaped("notTranslatedShort")
            onThisPage = escaped("onThisPage")
            previewProblems = escaped("previewProblems")
            search = escaped("search")
            searchNeedsScript = escaped("searchNeedsScript")
            skipToContent = escaped("skipToContent")
            updated = escaped("updated")
        }
    }
}
