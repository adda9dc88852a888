import Foundation
import AidExtraction

/// A page's own metadata: title, publication date (a UTC calendar date), canonical URL and site
/// name, from `<meta>`, `<link>`, `<title>`, `<time>` and JSON-LD.
struct PageMetadata {
    var title: String?
    var published: String?
    var url: String?
    var siteName: String?
    /// JSON-LD `articleBody`, the fallback when the page's markup holds no main text.
    var jsonLDBody: String?

    /// Schema.org types that describe the article itself (not the site, a person, a breadcrumb).
    static let articleTypes: Set<String> = [
        "newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle",
        "liveblogposting", "scholarlyarticle", "techarticle", "report", "socialmediaposting",
        "posting", "webpage", "pressrelease",
    ]

    init(root: Element) {
        var metaByKey: [String: String] = [:]
        var itemprop: [String: String] = [:]
        var canonical: String?
        var base: String?
        var titleElement: String?
        var ld: [[String: Any]] = []
        root.descendants { e in
            switch e.name {
            case "meta":
                guard let content = e.attr("content")?.trimmingASCIISpaces(), !content.isEmpty else { return }
                for key in [e.attr("property"), e.attr("name"), e.attr("http-equiv")].compactMap({ $0?.lowercased().trimmingASCIISpaces() }) {
                    if metaByKey[key] == nil { metaByKey[key] = content }
                }
                if let ip = e.attr("itemprop")?.lowercased(), itemprop[ip] == nil { itemprop[ip] = content }
            case "link":
                let rel = (e.attr("rel") ?? "").lowercased().split(separator: " ")
                if rel.contains("canonical"), canonical == nil, let href = e.attr("href")?.trimmingASCIISpaces(), !href.isEmpty {
                    canonical = href
                }
            case "base":
                if base == nil { base = e.attr("href")?.trimmingASCIISpaces() }
            case "title":
                // the document's <title>, not an SVG's
                if titleElement == nil, e.parent?.name == "head" || e.parent?.name == "html" {
                    let t = e.text
                    if !t.isEmpty { titleElement = t }
                }
            case "script":
                if let type = e.attr("type")?.lowercased(), type.contains("ld+json") {
                    ld += PageMetadata.jsonLD(e.rawText)
                }
            case "time":
                if let ip = e.attr("itemprop")?.lowercased(), let dt = e.attr("datetime"), itemprop[ip] == nil {
                    itemprop[ip] = dt
                }
            default:
                break
            }
        }
        let article = PageMetadata.pickArticle(ld)

        // Title: og:title, then JSON-LD headline, then <title> (its site part dropped when the
        // page's <h1> is the rest of it), then the first <h1>.
        let h1 = root.first(where: { $0.name == "h1" })?.text
        var title = metaByKey["og:title"] ?? metaByKey["twitter:title"] ?? (article?["headline"] as? String)
            ?? PageMetadata.trimTitle(titleElement, h1: h1) ?? h1
        if let t = title { title = TextFold.fold(PageMetadata.decodeEntities(t)); if title!.isEmpty { title = nil } }
        self.title = title

        // Date: article:published_time, JSON-LD datePublished, the other meta names, itemprop,
        // <time pubdate>, then the first <time datetime> in the article.
        let candidates: [String?] = [
            metaByKey["article:published_time"], metaByKey["og:published_time"],
            article?["datePublished"] as? String,
            metaByKey["date"], metaByKey["pubdate"], metaByKey["publishdate"], metaByKey["publish-date"],
            metaByKey["publish_date"], metaByKey["published_time"], metaByKey["article.published"],
            metaByKey["datepublished"], metaByKey["dc.date.issued"], metaByKey["dc.date"], metaByKey["dcterms.date"],
            metaByKey["dcterms.created"], metaByKey["dcterms.issued"], metaByKey["sailthru.date"],
            metaByKey["parsely-pub-date"], metaByKey["citation_publication_date"], metaByKey["originalpublicationdate"],
            itemprop["datepublished"],
            PageMetadata.timeElement(root),
            article?["dateCreated"] as? String,
            metaByKey["article:modified_time"], article?["dateModified"] as? String, itemprop["datemodified"],
        ]
        published = candidates.lazy.compactMap { $0 }.compactMap { UTCDate.normalize($0) }.first

        // Canonical URL: <link rel=canonical>, og:url, JSON-LD url / mainEntityOfPage; relative
        // ones resolved against <base href> or og:url.
        var mainEntity: String?
        if let m = article?["mainEntityOfPage"] as? String { mainEntity = m }
        else if let m = article?["mainEntityOfPage"] as? [String: Any] { mainEntity = (m["@id"] as? String) ?? (m["url"] as? String) }
        let og = metaByKey["og:url"]
        let baseURL = [base, og].compactMap { $0 }.first { PageMetadata.isAbsolute($0) }
        url = [canonical, og, article?["url"] as? String, mainEntity].lazy.compactMap { $0 }
            .compactMap { PageMetadata.absolute($0, base: baseURL) }.first

        var site = metaByKey["og:site_name"] ?? metaByKey["application-name"]
        if site == nil, let publisher = article?["publisher"] as? [String: Any] { site = publisher["name"] as? String }
        if let s = site { site = TextFold.fold(PageMetadata.decodeEntities(s)); if site!.isEmpty { site = nil } }
        siteName = site

        if let body = article?["articleBody"] as? String, !body.isEmpty { jsonLDBody = body }
    }

    /// The JSON-LD objects in a `<script type="application/ld+json">` (arrays and `@graph`
    /// flattened); a script that is not JSON gives none.
    static func jsonLD(_ text: String) -> [[String: Any]] {
        var t = text.trimmingASCIISpaces()
        // CDATA wrappers and HTML comments some pages put around it
        for (open, close) in [("<![CDATA[", "]]>"), ("<!--", "-->"), ("//<![CDATA[", "//]]>")] where t.hasPrefix(open) && t.hasSuffix(close) {
            t = String(t.dropFirst(open.count).dropLast(close.count)).trimmingASCIISpaces()
        }
        guard let data = t.data(using: .utf8),
              let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return [] }
        var out: [[String: Any]] = []
        func add(_ v: Any, depth: Int) {
            guard depth < 6 else { return }
            if let a = v as? [Any] { for x in a { add(x, depth: depth + 1) } }
            else if let d = v as? [String: Any] {
                out.append(d)
                if let g = d["@graph"] { add(g, depth: depth + 1) }
            }
        }
        add(json, depth: 0)
        return out
    }

    /// The JSON-LD object describing the article: a news or blog type first, a WebPage last.
    static func pickArticle(_ objects: [[String: Any]]) -> [String: Any]? {
        func types(_ d: [String: Any]) -> [String] {
            if let t = d["@type"] as? String { return [t.lowercased()] }
            if let t = d["@type"] as? [Any] { return t.compactMap { ($0 as? String)?.lowercased() } }
            return []
        }
        let typed = objects.filter { !Set(types($0)).isDisjoint(with: articleTypes) }
        return typed.first { !types($0).contains("webpage") } ?? typed.first
    }

    /// `<time pubdate>`, `<time class="…publish…">`, else the first `<time datetime>` inside an
    /// `<article>` (or the page, outside its nav, aside and footer).
    static func timeElement(_ root: Element) -> String? {
        let times = root.all { $0.name == "time" && $0.attr("datetime") != nil }
        if let t = times.first(where: { $0.attr("pubdate") != nil || $0.classText.contains("publish") }) { return t.attr("datetime") }
        func inside(_ e: Element, _ names: Set<String>) -> Bool {
            var p = e.parent
            while let x = p { if names.contains(x.name) { return true }; p = x.parent }
            return false
        }
        if let t = times.first(where: { inside($0, ["article"]) }) { return t.attr("datetime") }
        return times.first(where: { !inside($0, ["nav", "aside", "footer"]) })?.attr("datetime")
    }

    /// `<title>` without a site name around a separator, when the page's `<h1>` is the rest.
    static func trimTitle(_ title: String?, h1: String?) -> String? {
        guard let title else { return nil }
        guard let h1 = h1.map({ TextFold.fold($0) }), !h1.isEmpty else { return title }
        if title == h1 { return title }
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            let parts = title.components(separatedBy: sep)
            if parts.count > 1, parts.contains(where: { $0.trimmingASCIISpaces() == h1 }) { return h1 }
        }
        return title
    }

    static func isAbsolute(_ s: String) -> Bool {
        let l = s.lowercased()
        return l.hasPrefix("http://") || l.hasPrefix("https://")
    }

    static func absolute(_ s: String, base: String?) -> String? {
        let v = s.trimmingASCIISpaces()
        guard !v.isEmpty, !v.contains(" ") || isAbsolute(v) else { return nil }
        if isAbsolute(v) { return v }
        guard let base, let b = URL(string: base), let u = URL(string: v, relativeTo: b)?.absoluteURL, isAbsolute(u.absoluteString) else {
            return nil
        }
        return u.absoluteString
    }

    /// Character references left in a value (`&amp;`, `&#8217;`, a doubly escaped title).
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&"), s.contains(";") else { return s }
        let page = "<html><body><p>" + s.replacingOccurrences(of: "<", with: "&lt;") + "</p></body></html>"
        guard let root = LibXML.parseHTML(utf8: Array(page.utf8)), let p = root.first(where: { $0.name == "p" }) else { return s }
        return p.rawText
    }
}
