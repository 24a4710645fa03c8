/// Makes a fragment parse as one paragraph of inlines: a backslash goes before a first character that would open a
/// block (`#`, `>`, a list marker, a thematic break, a list number's delimiter, a fence), which is exactly the character GFM shows
/// literally in a table cell. Emphasis such as `*a*` is left alone because it cannot open a block.
enum InlineProtection {
    static func protect(_ text: String) -> String {
        guard let first = text.first else { return text }
        let second = text.dropFirst().first
        let opensBlock: Bool
        switch first {
        case "#", ">": opensBlock = true
        case "-", "+", "*", "_":
            let listMarker = first != "_" && (second == nil || second == " " || second == "\t")
            let rule = text.allSatisfy { $0 == first || $0 == " " || $0 == "\t" } && text.filter { $0 == first }.count >= 3
            opensBlock = listMarker || rule
        case "`", "~": opensBlock = text.hasPrefix(String(repeating: first, count: 3))
        case "0"..."9":
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            let after = text.dropFirst(digits.count).first
            if after == "." || after == ")" {
                let rest = text.dropFirst(digits.count + 1).first
                if rest == nil || rest == " " || rest == "\t" {
                    let index = text.index(text.startIndex, offsetBy: digits.count)
                    return String(text[..<index]) + "\\" + String(text[index...])
                }
            }
            opensBlock = false
        default: opensBlock = false
        }
        return opensBlock ? "\\" + text : text
    }
}
