/// The main text of a page, the way readability and trafilatura find it: boilerplate elements
/// dropped (navigation, header and footer, asides, scripts, styles, forms, figures, cookie
/// banners, share bars, comments, related links), the block that holds the article chosen
/// (`<article>`, `itemprop=articleBody`, `<main>`, else the best scored block of paragraphs),
/// then its paragraphs, headings, list items that are not link lists, quotes and table rows,
/// one per line. docs/inputs.md states the rules.
struct MainText {
    /// Elements never part of the main text.
    static let droppedTags: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "svg", "canvas",
        "math", "form", "button", "input", "select", "option", "textarea", "label", "fieldset", "nav",
        "aside", "footer", "dialog", "menu", "figure", "figcaption", "picture", "video", "audio", "map",
        "head", "title", "meta", "link", "base", "img", "source", "track", "area", "frameset", "frame",
    ]
    /// ARIA roles of boilerplate regions.
    static let droppedRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
        "menu", "menubar", "toolbar", "tablist", "alert", "status", "marquee", "timer",
    ]
    /// Words of `class`/`id` that mark boilerplate whatever else the element says.
    static let strongWords: Set<String> = [
        "cookie", "cookies", "consent", "gdpr", "cmp", "onetrust", "didomi", "newsletter", "newsletters",
        "subscribe", "subscription", "signup", "share", "shares", "sharing", "sharebar", "social",
        "socials", "comment", "comments", "disqus", "respond", "replies", "related", "recommended",
        "recommendations", "recirculation", "outbrain", "taboola", "breadcrumb", "breadcrumbs", "navbar",
        "nav", "navigation", "menu", "topbar", "skip", "skiplink", "promo", "promotion", "advert",
        "advertisement", "advertising", "ad", "ads", "adslot", "adunit", "dfp", "sponsored", "sponsor",
        "popup", "modal", "overlay", "toolbar", "pagination", "pager", "trending", "mostread", "popular",
        "footer", "masthead", "sronly", "offscreen", "tags", "tagcloud",
        "taglist", "keywords", "login", "signin", "banner", "alert", "ticker",
    ]
    /// Substrings of `class`/`id` that mark boilerplate ("cookiebanner", "socialLinks").
    static let strongParts = ["cookie", "consent", "gdpr", "newsletter", "breadcrumb", "sidebar", "disqus",
                              "outbrain", "taboola", "advert", "sharing", "share-", "social", "comment-",
                              "comments", "commentlist", "comment_", "related", "subscribe", "popup", "navbar"]
    /// Words that mark boilerplate unless the element holds much of the page's text.
    static let weakWords: Set<String> = [
        "sidebar", "side", "rail", "widget", "widgets", "header", "meta", "byline", "author", "authors",
        "contributor", "dateline", "timestamp", "date", "time", "published", "updated", "extra", "links",
        "more", "teaser", "teasers", "card", "cards", "caption", "credit", "credits", "bio", "profile",
        "aside", "secondary", "supplemental", "utility", "tools", "actions", "follow", "feedback", "print", "cta",
    ]
    /// Words that say "this is the article".
    static let positiveWords: Set<String> = [
        "article", "articlebody", "body", "content", "entry", "hentry", "main", "page", "post", "text",
        "blog", "story", "storybody", "prose", "richtext", "copy",
    ]

    struct Block {
        var text: String
        var linkLength: Int
        var kind: Kind
        weak var element: Element?
        var list: ObjectIdentifier?
        enum Kind: Equatable { case paragraph, heading(Int), item, cell, quote, pre, other }
    }

    let root: Element
    let title: String?
    /// A fragment (a feed item's HTML): every block is kept but the boilerplate elements, and
    /// no block is chosen.
    let fragment: Bool
    /// Characters inside `<p>` on the whole page, before pruning.
    private let pageParagraphChars: Int

    init(root: Element, title: String?, fragment: Bool) {
        self.root = root; self.title = title; self.fragment = fragment
        // Before pruning: the paragraph text every element holds, and whether an article lies below.
        Self.measure(root)
        Self.markArticles(root)
        pageParagraphChars = root.paragraphLength
    }

    /// The main text, one block per line, each line ending in "\n"; "" for none.
    func extract() -> String {
        let strict = extract(relaxed: false)
        guard !fragment, strict.count < 200 else { return strict }
        // Little or nothing: a wrapper around the whole page may carry a boilerplate class
        // ("site social-enabled"). Once more without the class rules; the longer text wins
        // when it is at least twice as long.
        Self.reset(root)
        Self.measure(root)  // the lengths before pruning again
        let relaxed = extract(relaxed: true)
        return relaxed.count >= 2 * max(strict.count, 1) ? relaxed : strict
    }

    static func reset(_ e: Element) {
        e.dropped = false; e.scored = false; e.score = 0
        for case let .element(c) in e.children { reset(c) }
    }

    private func extract(relaxed: Bool) -> String {
        prune(root, inArticle: false, relaxed: relaxed)
        Self.measure(root)
        let body = root.first(where: { $0.name == "body" }) ?? root
        var containers: [Element]
        if fragment {
            containers = [body]
        } else {
            containers = chooseContainers(body)
        }
        var blocks: [Block] = []
        for c in containers { collectBlocks(c, into: &blocks) }
        var kept = filter(blocks)
        if !fragment, containers.count == 1, containers[0] !== body {
            // A chosen block that gives little while the page's other blocks give much more was
            // the wrong choice: every block of the page, filtered, is better than nothing.
            let length = kept.reduce(0) { $0 + $1.count }
            if length < 500 {
                var all: [Block] = []
                collectBlocks(body, into: &all)
                let wide = filter(all)
                if Double(length) < 0.3 * Double(wide.reduce(0) { $0 + $1.count }) { kept = wide }
            }
        }
        return kept.isEmpty ? "" : kept.map { $0 + "\n" }.joined()
    }

    // MARK: - pruning

    func isProtected(_ e: Element) -> Bool {
        e.name == "html" || e.name == "body" || e.name == "main" || e.attr("itemprop")?.lowercased() == "articlebody"
    }

    /// Marks boilerplate subtrees `dropped`.
    func prune(_ e: Element, inArticle: Bool, relaxed: Bool = false) {
        if shouldDrop(e, inArticle: inArticle, relaxed: relaxed) {
            e.dropped = true
            return
        }
        let inner = inArticle || e.name == "article" || e.name == "main" || isProtected(e) && e.name != "html" && e.name != "body"
            || e.attr("role")?.lowercased() == "main"
        for case let .element(c) in e.children { prune(c, inArticle: inner, relaxed: relaxed) }
    }

    /// Dropped tags that may wrap a whole page (ASP.NET puts everything in one `<form>`; a page
    /// saved from a browser can carry `aria-hidden` set while a dialog was open): these are kept
    /// when they hold the article or much of the page's text.
    static let wrapperTags: Set<String> = ["form", "header", "figure", "dialog", "menu", "fieldset", "label"]

    func shouldDrop(_ e: Element, inArticle: Bool, relaxed: Bool = false) -> Bool {
        if e.name == "html" || e.name == "body" { return false }
        let wrapsPage = e.holdsArticle || holdsMuchText(e, minimum: 1)
        if Self.droppedTags.contains(e.name) { return !(Self.wrapperTags.contains(e.name) && wrapsPage) }
        if e.name == "header" && !inArticle && !wrapsPage { return true }
        if !wrapsPage {
            if e.attr("hidden") != nil { return true }
            if e.attr("aria-hidden")?.lowercased() == "true" { return true }
            if e.attr("aria-modal")?.lowercased() == "true" { return true }
            if let style = e.attr("style")?.lowercased().replacingOccurrences(of: " ", with: ""),
               style.contains("display:none") || style.contains("visibility:hidden") { return true }
            if let role = e.attr("role")?.lowercased(), Self.droppedRoles.contains(role) { return true }
        }
        let words = e.classWords
        guard !words.isEmpty, !relaxed else { return false }
        if isProtected(e) || e.holdsArticle { return false }
        if let cls = e.attr("class")?.lowercased().split(separator: " "),
           cls.contains(where: { ["hidden", "is-hidden", "u-hidden", "visually-hidden", "sr-only", "screen-reader-text", "screen-reader-only", "visuallyhidden", "element-invisible"].contains($0) }) {
            return true
        }
        let strong = words.contains(where: Self.strongWords.contains)
            || Self.strongParts.contains(where: { e.classText.contains($0) })
        if strong {
            // "no-comments", "has-sidebar" on the article's own wrapper: positive words and the
            // bulk of the paragraphs win
            if words.contains(where: Self.positiveWords.contains) && holdsMuchText(e) { return false }
            return true
        }
        if words.contains(where: Self.weakWords.contains) {
            if words.contains(where: Self.positiveWords.contains) { return false }
            if holdsMuchText(e) { return false }
            return true
        }
        return false
    }

    /// Sets `holdsArticle` on every element with an `<article>`, `<main>` or
    /// `itemprop=articleBody` below it.
    @discardableResult
    static func markArticles(_ e: Element) -> Bool {
        var below = false
        for case let .element(c) in e.children {
            let isArticle = c.name == "article" || c.name == "main" || c.attr("itemprop")?.lowercased() == "articlebody"
            if markArticles(c) || isArticle { below = true }
        }
        e.holdsArticle = below
        return below
    }

    /// `e` holds at least 40% of the page's paragraph text (and some of it), counted before pruning.
    func holdsMuchText(_ e: Element, minimum: Int = 200) -> Bool {
        let mine = e.paragraphLength
        return mine >= minimum && Double(mine) >= 0.4 * Double(pageParagraphChars)
    }

    // MARK: - measuring

    /// Text, link text and paragraph text below every element (dropped subtrees excluded).
    @discardableResult
    static func measure(_ e: Element) -> (Int, Int, Int) {
        var text = 0, link = 0, para = 0
        for c in e.children {
            switch c {
            case let .text(t):
                text += TextFold.foldedLength(t)
            case let .element(x):
                guard !x.dropped else { continue }
                let (t, l, p) = measure(x)
                text += t
                link += x.name == "a" ? t : l
                para += x.name == "p" ? t : p
            }
        }
        e.textLength = text; e.linkLength = link; e.paragraphLength = para
        return (text, link, para)
    }

    static func linkDensity(_ e: Element) -> Double {
        e.textLength == 0 ? 0 : Double(e.linkLength) / Double(e.textLength)
    }

    // MARK: - choosing the article's block

    static let blockTags: Set<String> = [
        "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
        "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "hr",
        "address", "center", "details", "summary", "body", "html", "caption", "hgroup",
    ]

    /// readability's scoring: every paragraph-like block of 25 characters or more scores
    /// 1 + its commas + one per 100 characters (at most 3), given to its parent, half to its
    /// grandparent and a third of that further up; the ancestor with the best score times
    /// (1 − link density) holds the article. Semantic containers then win: the nearest
    /// `itemprop=articleBody` or `<article>` around it, or the page's only `<article>` with
    /// paragraphs.
    func chooseContainers(_ body: Element) -> [Element] {
        var candidates: [Element] = []
        Self.live(body) { e in
            guard ["p", "pre", "td", "blockquote", "div", "section"].contains(e.name) else { return }
            if e.name == "div" || e.name == "section" {
                // a div that acts as a paragraph: text of its own, no block children
                if e.elements.contains(where: { !$0.dropped && Self.blockTags.contains($0.name) }) { return }
            }
            let length = e.textLength
            guard length >= 25 else { return }
            var score = 1.0
            score += Double(e.liveText.filter { $0 == "," || $0 == "，" }.count)
            score += min(Double(length) / 100, 3)
            var ancestor = e.parent
            var level = 0
            while let a = ancestor, level < 5 {
                if !a.scored { a.scored = true; a.score = initialScore(a); candidates.append(a) }
                let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level * 3)
                a.score += score / divider
                if a === body { break }
                ancestor = a.parent
                level += 1
            }
        }
        var articles: [Element] = [], bodies: [Element] = []
        Self.live(body) { e in
            if e.name == "article" && e.paragraphLength >= 100 { articles.append(e) }
            if e.attr("itemprop")?.lowercased() == "articlebody" && e.textLength >= 100 { bodies.append(e) }
        }
        guard let top = candidates.max(by: { finalScore($0) < finalScore($1) }) else {
            if let b = bodies.first { return [b] }
            if let a = articles.max(by: { $0.paragraphLength < $1.paragraphLength }) { return [a] }
            return [body]
        }
        // The nearest semantic container around the winner, when it is not a page-wide wrapper.
        var p: Element? = top
        while let x = p, x !== body {
            if x.attr("itemprop")?.lowercased() == "articlebody" || x.name == "article" { return [x] }
            p = x.parent
        }
        // Inside the winner: the one articleBody, or the one article that holds most of its paragraphs.
        if bodies.count == 1, let b = bodies.first, b.isInside(top) || b === top, Double(b.paragraphLength) >= 0.5 * Double(top.paragraphLength) {
            return [b]
        }
        let inside = articles.filter { $0.isInside(top) }
        if let best = inside.max(by: { $0.paragraphLength < $1.paragraphLength }),
           Double(best.paragraphLength) >= 0.6 * Double(top.paragraphLength) {
            return [best]
        }
        // readability's siblings: blocks next to the winner that score well or read like paragraphs.
        guard let parent = top.parent, top !== body else { return [top] }
        let threshold = max(10, finalScore(top) * 0.2)
        var chosen: [Element] = []
        for s in parent.elements where !s.dropped {
            if s === top { chosen.append(s); continue }
            if s.scored && finalScore(s) >= threshold { chosen.append(s); continue }
            if s.name == "p" {
                let ld = Self.linkDensity(s)
                let t = s.liveText
                if s.textLength > 80 && ld < 0.25 { chosen.append(s) }
                else if s.textLength > 0 && s.textLength <= 80 && ld == 0 && (t.hasSuffix(".") || t.hasSuffix("”") || t.hasSuffix("\"")) { chosen.append(s) }
            }
        }
        return chosen
    }

    /// Every element below `e` that is not dropped nor inside a dropped one, in document order.
    static func live(_ e: Element, _ visit: (Element) -> Void) {
        for case let .element(c) in e.children where !c.dropped {
            visit(c)
            live(c, visit)
        }
    }

    func initialScore(_ e: Element) -> Double {
        var s: Double
        switch e.name {
        case "div", "article", "section", "main": s = 5
        case "pre", "td", "blockquote": s = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": s = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": s = -5
        default: s = 0
        }
        let words = e.classWords
        if words.contains(where: Self.positiveWords.contains) { s += 25 }
        if words.contains(where: { Self.strongWords.contains($0) || Self.weakWords.contains($0) }) { s -= 25 }
        if e.attr("itemprop")?.lowercased() == "articlebody" { s += 50 }
        if e.name == "article" || e.name == "main" || e.attr("role")?.lowercased() == "main" { s += 15 }
        return s
    }

    func finalScore(_ e: Element) -> Double { e.score * (1 - Self.linkDensity(e)) }

    // MARK: - blocks

    /// The blocks below `e` in document order: a block element's own inline text is one block
    /// (a `<br>` ends a line), a table row is one block with its cells joined by " | ".
    func collectBlocks(_ container: Element, into blocks: inout [Block]) {
        var text = ""
        var linkChars = 0
        var kind: Block.Kind = .other
        var owner: Element? = container
        var list: ObjectIdentifier? = nil

        func flush() {
            let t = TextFold.fold(text)
            if !t.isEmpty {
                blocks.append(Block(text: t, linkLength: min(linkChars, t.count), kind: kind, element: owner, list: list))
            }
            text = ""; linkChars = 0
        }

        func walk(_ e: Element, inLink: Bool, inPre: Bool) {
            for c in e.children {
                switch c {
                case let .text(t):
                    if inPre {
                        // keep the line breaks of preformatted text
                        let lines = t.split(separator: "\n", omittingEmptySubsequences: false)
                        for (i, line) in lines.enumerated() {
                            if i > 0 { flush() }
                            text += line
                            if inLink { linkChars += TextFold.foldedLength(String(line)) }
                        }
                    } else {
                        text += t
                        if inLink { linkChars += TextFold.foldedLength(t) }
                    }
                case let .element(x):
                    guard !x.dropped else { continue }
                    if x.name == "br" { flush(); continue }
                    if x.name == "td" || x.name == "th" {
                        if !TextFold.fold(text).isEmpty { text += " | " }
                        walk(x, inLink: inLink, inPre: inPre)
                        continue
                    }
                    if Self.blockTags.contains(x.name) {
                        flush()
                        let saved = (kind, owner, list)
                        switch x.name {
                        case "p": kind = .paragraph
                        case "h1", "h2", "h3", "h4", "h5", "h6": kind = .heading(Int(String(x.name.last!)) ?? 6)
                        case "li", "dt", "dd": kind = .item
                        case "blockquote": kind = .quote
                        case "pre": kind = .pre
                        case "tr": kind = .cell
                        case "ul", "ol", "dl": list = ObjectIdentifier(x)
                        default: if kind != .item && kind != .quote && kind != .cell { kind = .other }
                        }
                        owner = x
                        walk(x, inLink: inLink, inPre: inPre || x.name == "pre")
                        flush()
                        (kind, owner, list) = saved
                        continue
                    }
                    walk(x, inLink: inLink || x.name == "a", inPre: inPre)
                }
            }
        }
        walk(container, inLink: false, inPre: false)
        flush()
    }

    // MARK: - filtering

    static let boilerplateLines: Set<String> = [
        "advertisement", "advert", "ad", "ads", "sponsored", "share", "share this", "share this article",
        "share this story", "share on facebook", "share on twitter", "share on x", "share on linkedin",
        "tweet", "email", "e-mail", "print", "copy link", "read more", "read more »", "continue reading",
        "related", "related articles", "related stories", "related content", "related news", "more stories",
        "more news", "most read", "most popular", "trending", "sign up", "subscribe", "log in", "login",
        "sign in", "skip to content", "skip to main content", "skip to navigation", "menu", "search", "close",
        "comments", "leave a comment", "leave a reply", "back to top", "top", "loading...", "loading…",
        "photo", "video", "listen", "listen to this article", "view comments", "show comments", "next",
        "previous", "next article", "previous article", "accept", "accept all", "reject all", "ok",
        "got it", "follow us", "tags", "topics", "see also", "you may also like", "recommended", "watch",
    ]

    static func isBoilerplateLine(_ text: String) -> Bool {
        let l = text.lowercased().trimmingCharacters(in: [" ", ":", "|", "•", "·", "›", "»", "-", "–"])
        if l.isEmpty { return true }
        if boilerplateLines.contains(l) { return true }
        for prefix in ["sign up for", "subscribe to", "follow us on", "share this", "read more:", "related:",
                       "see also:", "photo:", "image:", "picture:", "credit:", "©", "(c) ", "copyright ",
                       "read next", "more from", "also read", "listen to this", "this article was",
                       "print this", "back to", "already a subscriber", "already have an account",
                       "create an account", "create a free account", "register to", "to continue reading",
                       "log in to", "sign in to", "photo by", "photograph:", "image source", "click to",
                       "click here to", "download our app", "get the latest", "want to read more"]
            where l.hasPrefix(prefix) {
            return l.count < 200
        }
        if l.contains("all rights reserved") && l.count < 200 { return true }
        if l.hasPrefix("the post ") && l.contains(" appeared first on ") { return true }
        // cookie banners that carry no telling class
        if l.contains("cookie") && l.count < 600
            && (l.contains("accept") || l.contains("consent") || l.contains("we use") || l.contains("privacy") || l.contains("this site uses")) {
            return true
        }
        // bylines ("By Jane Doe and John Roe, Reuters", "By Jane Doe | 3 April 2025")
        let words = l.split(separator: " ")
        if l.hasPrefix("by "), words.count <= 12, !l.hasSuffix(".") {
            let separated = l.contains("|") || l.contains("·") || l.contains("•")
            if separated || !l.contains(where: \.isNumber) { return true }
        }
        // date lines ("Published 3 April 2025", "Updated: 2 hours ago")
        for prefix in ["page last updated", "last updated", "last modified", "first published", "published",
                       "updated", "posted", "modified", "date"] where l.hasPrefix(prefix) {
            var rest = Substring(l.dropFirst(prefix.count))
            rest = rest.drop(while: { $0 == " " || $0 == ":" })
            for word in ["on ", "at "] where rest.hasPrefix(word) { rest = rest.dropFirst(word.count) }
            let r = String(rest)
            if r.count < 60, r.isEmpty || UTCDate.normalize(r) != nil || r.hasSuffix(" ago") || r.first?.isNumber == true {
                return true
            }
            break
        }
        // a time alone ("15:10", "9:05 am", "10:30 GMT"): a live blog's stamps
        if l.count <= 12, let first = l.first, first.isNumber, l.contains(":"),
           l.allSatisfy({ $0.isNumber || $0 == ":" || $0 == " " || $0 == "." || $0.isLetter }),
           l.filter(\.isLetter).count <= 4 {
            return true
        }
        // a date alone ("1 April 2025", "Tue, 01 Apr 2025 10:30 GMT")
        if l.count <= 40, UTCDate.normalize(l) != nil { return true }
        if words.count <= 6 && (l.hasSuffix("min read") || l.hasSuffix("minute read") || l.hasSuffix("minutes read")) { return true }
        return false
    }

    static func isCommentsHeading(_ text: String) -> Bool {
        let l = text.lowercased().trimmingCharacters(in: [" ", ":", "(", ")"])
        let words = l.split(separator: " ")
        if words.count > 6 { return false }
        if l == "comments" || l == "comment" || l == "reader comments" || l == "readers' comments" || l == "discussion" { return true }
        if words.count == 2, Int(words[0]) != nil, words[1].hasPrefix("comment") { return true }
        if words.count == 2, words[0] == "comments", words[1].hasPrefix("(") { return true }
        for p in ["leave a reply", "leave a comment", "join the conversation", "join the discussion", "add a comment",
                  "post a comment", "have your say", "what do you think", "responses to", "replies to", "comments on"]
            where l.hasPrefix(p) {
            return true
        }
        if words.last.map({ $0.hasPrefix("comment") || $0.hasPrefix("response") }) == true && words.first.map({ Int($0) != nil }) == true { return true }
        return false
    }

    /// Drops link lists, link-dense blocks, boilerplate lines, the comments after a comments
    /// heading, a heading that repeats the title and headings with no text under them.
    func filter(_ blocks: [Block]) -> [String] {
        // lists whose text is mostly links
        var listText: [ObjectIdentifier: (Int, Int, Int)] = [:]
        for b in blocks where b.kind == .item {
            if let l = b.list {
                let v = listText[l] ?? (0, 0, 0)
                listText[l] = (v.0 + b.text.count, v.1 + b.linkLength, v.2 + 1)
            }
        }
        let normalizedTitle = title.map { TextFold.fold($0).lowercased() }
        var kept: [Block] = []
        var commentLevel: Int? = nil
        for b in blocks {
            if case let .heading(level) = b.kind {
                if let c = commentLevel, level <= c { commentLevel = nil }
                if !fragment && Self.isCommentsHeading(b.text) { commentLevel = level; continue }
            }
            if commentLevel != nil { continue }
            if b.kind == .item, let l = b.list, let (t, links, _) = listText[l], t > 0, Double(links) / Double(t) > 0.5 { continue }
            // a link-dense block is navigation; a long paragraph may link many words and stay
            if !fragment, !b.text.isEmpty {
                let density = Double(b.linkLength) / Double(b.text.count)
                if density > (b.kind == .paragraph && b.text.count >= 150 ? 0.75 : 0.5) { continue }
            }
            if Self.isBoilerplateLine(b.text) { continue }
            if case .heading = b.kind, let t = normalizedTitle, b.text.lowercased() == t { continue }
            if let last = kept.last, last.text == b.text { continue }
            kept.append(b)
        }
        // headings with nothing after them before the next heading of the same or a higher level
        var out: [String] = []
        for (i, b) in kept.enumerated() {
            if case let .heading(level) = b.kind {
                var hasText = false
                for n in kept[(i + 1)...] {
                    if case let .heading(l2) = n.kind { if l2 <= level { break } else { continue } }
                    hasText = true; break
                }
                if !hasText { continue }
            }
            out.append(b.text)
        }
        return out
    }
}
