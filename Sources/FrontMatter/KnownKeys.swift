import SiteModel

/// Front-matter keys of the Microsoft Docs family, and the check that names the key a typo probably meant.
enum KnownKeys {
    static let all: [String] = [
        "title", "description", "ms.date", "ms.topic", "ms.custom", "uid", "ms.contentlocale", "ms.locfileid",
        "ROBOTS", "author", "ms.author", "manager", "ms.reviewer", "ms.service", "ms.subservice", "ms.collection",
        "ms.assetid", "ms.audience", "ms.prod", "ms.technology", "ms.devlang", "ms.localizationpriority",
        "localization_priority", "ms.openlocfilehash", "ms.sourcegitcommit", "ms.translationtype", "ms.lasthandoff",
        "appliesto", "search.appverid", "f1.keywords", "keywords", "titleSuffix", "ms.search.keywords",
        "ms.workload", "ms.tgt_pltfrm", "ms.component", "redirect_url", "zone_pivot_groups", "monikerRange",
        "feedback_system", "ms.subject", "ms.mktglfcycl", "ms.sitesec", "ms.pagetype", "search.product",
        "hideEdit", "layout", "searchScope", "audience", "ms.update-cycle", "ms.region", "ms.suite",
        "ms.search.form", "ms.search.scope", "ms.search.region", "ms.search.industry", "ms.search.validFrom",
    ]

    private static let exact = Set(all)
    private static let byNormalized: [String: String] = Dictionary(
        all.map { (normalized($0), $0) }, uniquingKeysWith: { first, _ in first })

    /// Lower case, letters and digits only: `ms,.custom`, `ms-custom` and `MS.Custom` all read `mscustom`.
    static func normalized(_ key: String) -> String {
        String(key.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// The known key that `key` most likely misspells, or nil when `key` is known or not close to any.
    static func likelyMeant(_ key: String) -> String? {
        guard !exact.contains(key) else { return nil }
        if let match = byNormalized[normalized(key)] { return match }
        guard key.count >= 5 else { return nil }
        return EditDistance.closest(to: key, among: all, budget: key.count >= 8 ? 2 : 1)
    }
}
