/// A BCP-47 language tag as used for a content folder (`ja-JP`, `de-de`, `en-us`), in canonical case.
///
/// The folder may spell the tag in any case; `LocaleCode` keeps the canonical form (`ja-JP`, `zh-Hans-CN`)
/// for `lang` attributes and the lower-case form for URLs.
public struct LocaleCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Canonical BCP-47 case: language lower, script title, region upper (`sr-Latn-RS`).
    public let tag: String

    /// Parses a folder name; returns nil when it is not shaped like a BCP-47 tag.
    public init?(_ raw: String) {
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy(\.isASCIILetter)
        else { return nil }
        var canonical = [language.lowercased()]
        for part in parts.dropFirst() {
            guard (1...8).contains(part.count), part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            else { return nil }
            if part.count == 4, part.allSatisfy(\.isASCIILetter) {
                canonical.append(part.prefix(1).uppercased() + part.dropFirst().lowercased())
            } else if part.count == 2, part.allSatisfy(\.isASCIILetter) {
                canonical.append(part.uppercased())
            } else {
                canonical.append(part.lowercased())
            }
        }
        tag = canonical.joined(separator: "-")
    }

    /// The lower-case form used in URLs and as the key in `kb.yml` (`ja-jp`).
    public var urlSegment: String { tag.lowercased() }

    /// The primary language subtag (`ja`).
    public var language: String { String(tag.prefix { $0 != "-" }) }

    /// Scripts written right to left, by primary language (Arabic, Hebrew, Persian, Urdu, Pashto, Yiddish, Dhivehi,
    /// Sorani Kurdish, Uyghur, Syriac), unless the tag names a Latin or Cyrillic script.
    public var isRightToLeft: Bool {
        if tag.contains("-Latn") || tag.contains("-Cyrl") { return false }
        return ["ar", "he", "iw", "fa", "ur", "ps", "yi", "dv", "ckb", "ug", "syr", "sd"].contains(language)
    }

    public var direction: String { isRightToLeft ? "rtl" : "ltr" }

    public var description: String { tag }

    public static func < (a: LocaleCode, b: LocaleCode) -> Bool { a.tag < b.tag }
}

extension Character {
    var isASCIILetter: Bool { isASCII && isLetter }
}
