import SiteModel

/// The typed Microsoft Docs fields of an article's front matter, with every other key kept in `metadata`.
public struct FrontMatter: Hashable, Sendable {
    public var title: String?
    public var description: String?
    /// `ms.date`, as written (`04/21/2020`).
    public var date: String?
    /// `ms.topic` (`article`, `troubleshooting`).
    public var topicType: String?
    /// `ms.custom`, always strings, whether YAML gave a list, an int, a string or nothing.
    public var topicIDs: [TopicID]
    public var uid: String?
    /// `ms.contentlocale` (`ja-JP`).
    public var contentLocale: String?
    /// `ms.locfileid`.
    public var locFileID: String?
    /// `ROBOTS` (`NOINDEX, NOFOLLOW`).
    public var robots: String?
    public var author: String?
    public var msAuthor: String?
    /// Every key that is not one of the typed fields above, for templates.
    public var metadata: [String: MetadataValue]

    public init(
        title: String? = nil, description: String? = nil, date: String? = nil, topicType: String? = nil,
        topicIDs: [TopicID] = [], uid: String? = nil, contentLocale: String? = nil, locFileID: String? = nil,
        robots: String? = nil, author: String? = nil, msAuthor: String? = nil, metadata: [String: MetadataValue] = [:]
    ) {
        self.title = title
        self.description = description
        self.date = date
        self.topicType = topicType
        self.topicIDs = topicIDs
        self.uid = uid
        self.contentLocale = contentLocale
        self.locFileID = locFileID
        self.robots = robots
        self.author = author
        self.msAuthor = msAuthor
        self.metadata = metadata
    }

    /// The value of any key as text: a typed field, or a flattened `metadata` value; nil when unset.
    public func text(of key: String) -> String? {
        switch key {
        case "title": title
        case "description": description
        case "ms.date": date
        case "ms.topic": topicType
        case "ms.custom": topicIDs.isEmpty ? nil : topicIDs.map(\.value).joined(separator: ", ")
        case "uid": uid
        case "ms.contentlocale": contentLocale
        case "ms.locfileid": locFileID
        case "ROBOTS", "robots": robots
        case "author": author
        case "ms.author": msAuthor
        default: metadata[key]?.text
        }
    }

    /// True when `ROBOTS` asks search engines (and kb's search index) to leave the page out.
    public var isNoIndex: Bool {
        robots?.uppercased().contains("NOINDEX") ?? false
    }
}
