import Foundation

// `Permalink.slug` and `Permalink.encode` exactly as they were before the byte-level rewrite (commit 341079b), frozen
// here as the reference the differential tests compare the production code with. Do not change this copy.

/// The pre-rewrite slug and percent-encoding: Foundation NFC and `addingPercentEncoding` for every segment.
enum ReferencePermalink {
    static func slug(_ segment: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in segment.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:
                continue
            default:
                break
            }
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append("-"); pendingSpace = false }
            if "?#%\\\"<>|*:".unicodeScalars.contains(scalar) || scalar.value < 0x20 {
                out.append("-")
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        // `.` and `..` would name the folder itself or its parent: never a page of its own.
        if !out.isEmpty && out.allSatisfy({ $0 == "." }) { return String(repeating: "-", count: out.count) }
        return out.lowercased()
    }

    static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~!$'()*+,;=@")
        return set
    }()

    static func encode(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
