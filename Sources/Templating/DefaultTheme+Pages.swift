/// The `{{$main}}` blocks of `locale-home`, `topic`, `home`, `search` and `404`, and `redirect.mustache` (which has
/// no layout).
extension DefaultTheme.Writer {
    /// `locale-home.mustache` and `topic.mustache` (the same text). An entry without a description looks the name up
    /// further down the context stack, so it shows the page's description when the page has one (even empty).
    mutating func articleListMain(_ articles: [ArticleLink]) {
        out.append("<main id=\"kb-main\" class=\"kb-home\">\n<h1>", escaping: chrome.title, "</h1>\n")
        articleList(articles)
        out.append("</main>\n")
    }

    /// `locale-home.mustache` with groups: an index of the groups, then each group's heading and articles.
    mutating func groupedHomeMain(_ groups: [ArticleGroup]) {
        out.append("<main id=\"kb-main\" class=\"kb-home\">\n<h1>", escaping: chrome.title, "</h1>\n")
        out.append("<ul class=\"kb-group-index\">\n")
        for group in groups {
            out.append("  <li><a href=\"#", escaping: group.id, "\">")
            out.append(escaping: group.name, "</a> (")
            out.append(group.articles.count)
            out.append(")</li>\n")
        }
        out.append("</ul>\n")
        for group in groups {
            out.append("<h2 id=\"", escaping: group.id, "\">")
            out.append(escaping: group.name, " (")
            out.append(group.articles.count)
            out.append(")</h2>\n")
            articleList(group.articles)
        }
        out.append("</main>\n")
    }

    private mutating func articleList(_ articles: [ArticleLink]) {
        out.append("<ul class=\"kb-article-list\">\n")
        for article in articles {
            out.append("  <li><a href=\"", escaping: article.href, "\">")
            out.append(escaping: article.title, "</a>")
            // `ArticleLink.mustacheContext` leaves an empty description out.
            let own = article.description.flatMap { $0.isEmpty ? nil : $0 }
            if let description = own ?? chrome.description {
                out.append("<p>", escaping: description, "</p>")
            }
            out.append("</li>\n")
        }
        out.append("</ul>\n")
    }

    /// `home.mustache`: the language chooser at the site root.
    mutating func homeMain(_ locales: [LocaleLink]) {
        out.append("<main id=\"kb-main\" class=\"kb-home\">\n<h1>", escaping: chrome.siteTitle, "</h1>\n")
        out.append("<ul class=\"kb-locale-list\">\n")
        for locale in locales {
            out.append("  <li lang=\"", escaping: locale.lang, "\" dir=\"")
            out.append(escaping: locale.dir, "\"><a href=\"")
            out.append(escaping: locale.href, "\" hreflang=\"")
            out.append(escaping: locale.lang, "\">")
            out.append(escaping: locale.name, "</a></li>\n")
        }
        out.append("</ul>\n</main>\n")
    }

    /// `search.mustache`.
    mutating func searchMain() {
        out.append("<main id=\"kb-main\" class=\"kb-search-page\">\n<h1>", escaping: chrome.title, """
            </h1>
            <form id="kb-search-form" role="search" action="index.html" method="get" autocomplete="off" data-root="
            """)
        out.append(escaping: chrome.root, "\"\n      data-index=\"./\" data-no-results=\"")
        out.append(ui.noResults, "\" data-fallback=\"")
        out.append(ui.notTranslatedShort, "\">\n  <label for=\"kb-search-input\">")
        out.append(ui.search, """
            </label>
              <input id="kb-search-input" name="q" type="search" spellcheck="false" autofocus>
              <button type="submit">
            """)
        out.append(ui.search, """
            </button>
            </form>
            <p id="kb-search-status" role="status" aria-live="polite"></p>
            <ol id="search-results"></ol>
            <noscript><p>
            """)
        out.append(ui.searchNeedsScript, "</p></noscript>\n</main>\n<script src=\"")
        out.append(escaping: chrome.root, "assets/kb-search.js\"></script>\n<script src=\"")
        out.append(escaping: chrome.root, "assets/kb-search-page.js\"></script>\n")
    }

    /// `404.mustache`. Its two link lines are not standalone (text follows the tags), so each leaves its line break
    /// even when the link is absent.
    mutating func notFoundMain() {
        out.append("<main id=\"kb-main\" class=\"kb-not-found\">\n<h1>", escaping: chrome.title, "</h1>\n<p>")
        out.append(ui.notFoundText, "</p>\n<ul>\n")
        if let homeHref = chrome.homeHref {
            out.append("<li><a href=\"", escaping: homeHref, "\">")
            out.append(ui.notFoundHome, "</a></li>")
        }
        out.append("\n")
        if let searchHref = chrome.searchHref {
            out.append("<li><a href=\"", escaping: searchHref, "\">")
            out.append(ui.notFoundSearch, "</a></li>")
        }
        out.append("\n</ul>\n</main>\n")
    }

    /// `redirect.mustache`: a whole page of its own (no layout), so a preview adds nothing to it.
    mutating func redirect(to target: String) {
        out.append("<!DOCTYPE html>\n<html lang=\"", escaping: chrome.lang, "\" dir=\"")
        out.append(escaping: chrome.dir, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        documentTitle()
        out.append("</title>\n<meta http-equiv=\"refresh\" content=\"0; url=", escaping: target, "\">\n")
        out.append("<link rel=\"canonical\" href=\"", escaping: chrome.canonicalURL ?? target, """
            ">
            <meta name="robots" content="noindex">
            <link rel="icon" href="
            """)
        out.append(escaping: chrome.root, """
            assets/favicon.svg" type="image/svg+xml">
            </head>
            <body>
            <p><a id="kb-redirect" href="
            """)
        out.append(escaping: target, "\">")
        out.append(escaping: chrome.title, """
            </a></p>
            <script>(function(){var t=document.getElementById("kb-redirect").getAttribute("href");\
            location.replace(location.hash?t.split("#")[0]+location.hash:t)})()</script>
            </body>
            </html>

            """)
    }
}
