/// `article.mustache`'s `{{$main}}` block, with its partials `breadcrumbs` and `nav-item`.
extension DefaultTheme.Writer {
    /// The block: the sidebar, then `{{#article}}` (always set on article pages).
    ///
    /// Inside `{{#article}}` swift-mustache looks names up in the article's dictionary first, then in the page's:
    /// `contentLang` is the fallback's language or the page's; `{{#date}}` is an empty string when the article has
    /// no date, and an empty string is a value, so the "Updated:" line is always there.
    mutating func articleMain(_ article: ArticleView) {
        if !chrome.navigation.isEmpty {
            out.append("<nav class=\"kb-nav\" aria-label=\"", ui.navigation, "\">\n  <ul>\n")
            for item in chrome.navigation {
                // `  {{> nav-item}}` is a standalone partial tag: its indentation is written, then the partial is
                // rendered with that indentation.
                out.append("  ")
                navItem(item)
            }
            out.append("  </ul>\n</nav>\n")
        }
        let contentLang = article.fallback?.lang ?? chrome.lang
        let contentDir = article.fallback?.dir ?? chrome.dir
        if !article.headings.isEmpty {
            out.append("<nav class=\"kb-toc\" aria-label=\"", ui.onThisPage, "\">\n  <h2 class=\"kb-toc-title\">")
            out.append(ui.onThisPage, "</h2>\n  <ol lang=\"")
            out.append(escaping: contentLang, "\" dir=\"")
            out.append(escaping: contentDir, "\">\n")
            for heading in article.headings {
                out.append("    <li class=\"kb-toc-level-")
                out.append(heading.level)
                out.append("\"><a href=\"#", escaping: heading.id, "\">")
                out.append(escaping: heading.text, "</a></li>\n")
            }
            out.append("  </ol>\n</nav>\n")
        }
        out.append("<main id=\"kb-main\" class=\"kb-article\">\n")
        breadcrumbs()
        if let fallback = article.fallback {
            out.append("<p class=\"kb-fallback\" role=\"note\">", ui.notTranslated, " <a href=\"")
            out.append(escaping: fallback.originalHref, "\" hreflang=\"")
            out.append(escaping: fallback.lang, "\" lang=\"")
            out.append(escaping: fallback.lang, "\">")
            out.append(escaping: fallback.languageName, "</a></p>\n")
        }
        out.append("<article lang=\"", escaping: contentLang, "\" dir=\"")
        out.append(escaping: contentDir, "\">\n")
        out.appendRaw(article.bodyHTML)
        out.append("\n</article>\n")
        if let date = article.date, !date.isEmpty {
            out.append("<p class=\"kb-meta\">", ui.updated, ": ")
            out.append(escaping: date, "</p>")
        }
        out.append("\n</main>\n")
    }

    /// `breadcrumbs.mustache`, rendered inside `{{#article}}`: `homeHref` and `title` are the page's (an absent
    /// `homeHref` renders nothing).
    mutating func breadcrumbs() {
        out.append("<nav class=\"kb-breadcrumbs\" aria-label=\"", ui.breadcrumbs, "\">\n  <ol>\n    <li><a href=\"")
        out.append(escaping: chrome.homeHref ?? "", "\">")
        out.append(escaping: chrome.siteTitle, "</a></li>\n")
        for crumb in chrome.breadcrumbs {
            out.append("    <li>")
            if let href = crumb.href {
                out.append("<a href=\"", escaping: href, "\">")
                out.append(escaping: crumb.name, "</a>")
            } else {
                out.appendEscaped(crumb.name)
            }
            out.append("</li>\n")
        }
        out.append("    <li aria-current=\"page\">", escaping: chrome.title, "</li>\n  </ol>\n</nav>\n")
    }

    /// `nav-item.mustache` for one entry and its children, as swift-mustache renders it from its standalone call
    /// `  {{> nav-item}}`: with indentation "  ", inherited by the recursive calls. Indentation goes before a token
    /// whose own template's output so far ends with a line break, which in this one-line template happens only
    /// before `</ul>` (the last child ended with `</li>\n`) and after an `href` or `name` that ends with "\n".
    mutating func navItem(_ item: NavItem) {
        out.append("<li>")
        if item.isGap {
            out.append("<span class=\"kb-nav-gap\">…</span>")
        } else if let href = item.href {
            let section = out.count
            out.append("<a href=\"")
            out.appendEscaped(href)
            out.indent("  ", ifLineStartSince: section)
            out.append(item.isCurrent ? "\" aria-current=\"page\">" : "\">")
            out.appendEscaped(item.name)
            out.indent("  ", ifLineStartSince: section)
            out.append("</a>")
        } else {
            let section = out.count
            out.append("<span class=\"kb-nav-group\">")
            out.appendEscaped(item.name)
            out.indent("  ", ifLineStartSince: section)
            out.append("</span>")
        }
        if !item.children.isEmpty {
            out.append("<ul>")
            for child in item.children { navItem(child) }
            out.append("  </ul>")
        }
        out.append("</li>\n")
    }
}
