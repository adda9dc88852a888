import Foundation
import AidExtraction

/// RSS 2.0, RSS 1.0 (RDF) and Atom feeds: every item (entry) an article with its title, link,
/// date (a UTC calendar date) and text; the feed's title is the articles' source.
public enum Feed {
    /// The items of a feed's bytes. libxml2's XML parser reads them strictly (a malformed
    /// feed is an error naming the line), without network, entity substitution or DTD loading,
    /// so an external entity (XXE) is never read.
    public static func read(_ bytes: [UInt8]) throws(InputError) -> [ExtractedText] {
        let root: Element
        do {
            root = try LibXML.parseXML(bytes)
        } catch {
            let at = error.line > 0 ? " at line \(error.line)" : ""
            throw InputError("malformed feed\(at): \(error.message)")
        }
        switch root.name {
        case "rss":
            guard let channel = root.child("channel") else { throw InputError("malformed feed: <rss> without a <channel>") }
            let source = channel.child("title").map { plain($0.text) }
            return channel.elements.filter { $0.name == "item" }.enumerated().compactMap { n, item in
                rssItem(item, number: n + 1, source: source)
            }
        case "rdf":
            let source = root.child("channel")?.child("title").map { plain($0.text) }
            return root.elements.filter { $0.name == "item" }.enumerated().compactMap { n, item in
                rssItem(item, number: n + 1, source: source)
            }
        case "feed":
            let source = root.child("title").map { atomText($0) }
            return root.elements.filter { $0.name == "entry" }.enumerated().compactMap { n, entry in
                atomEntry(entry, number: n + 1, source: source)
            }
        default:
            throw InputError("not an RSS or Atom feed (its root element is <\(root.prefix.map { $0 + ":" } ?? "")\(root.name)>)")
        }
    }

    /// A feed item's text: its full content (`content:encoded`, Atom `content`) else its
    /// description or summary, HTML read for its text; an item with no text at all reads its
    /// title, and an item with neither is left out.
    static func itemText(_ value: String?, html: Bool?) -> String {
        guard let value, !value.allSatisfy(\.isWhitespace) else { return "" }
        if html ?? HTMLPage.looksLikeHTML(value) { return HTMLPage.fragmentText(value) }
        // plain text: its lines, folded
        let lines = value.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { TextFold.fold(String($0)) }.filter { !$0.isEmpty }
        return lines.map { $0 + "\n" }.joined()
    }

    static func plain(_ s: String) -> String {
        let folded = TextFold.fold(s)
        if folded.contains("<") || (folded.contains("&") && folded.contains(";")) {
            return TextFold.fold(HTMLPage.fragmentText(folded).replacingOccurrences(of: "\n", with: " "))
        }
        return folded
    }

    static func finish(title: String?, link: String?, date: String?, source: String?, text: String, number: Int) -> ExtractedText? {
        let t = title.flatMap { $0.isEmpty ? nil : $0 }
        var body = text
        if body.isEmpty, let t { body = t + "\n" }
        guard !body.isEmpty else { return nil }
        let meta = ArticleMetadata(title: t, published: date.flatMap { UTCDate.normalize($0) },
                                   source: source.flatMap { $0.isEmpty ? nil : $0 },
                                   url: link.flatMap { PageMetadata.isAbsolute($0) ? $0 : nil })
        return ExtractedText(metadata: meta, body: body, item: number)
    }

    static func rssItem(_ item: Element, number: Int, source: String?) -> ExtractedText? {
        func value(_ name: String, prefix: String? = nil) -> String? {
            item.elements.first { $0.name == name && (prefix == nil || $0.prefix == prefix) }?.rawText
        }
        let title = value("title").map { plain($0) }
        var link = value("link")?.trimmingASCIISpaces()
        if link == nil || link!.isEmpty, let guid = item.child("guid"), guid.attr("ispermalink")?.lowercased() != "false" {
            link = guid.text
        }
        let date = value("pubdate") ?? value("date") ?? value("issued") ?? value("published") ?? value("updated")
        let full = item.elements.first { $0.name == "encoded" }?.rawText
        var text = itemText(full, html: true)
        if text.isEmpty { text = itemText(value("description"), html: nil) }
        return finish(title: title, link: link, date: date, source: source, text: text, number: number)
    }

    /// An Atom text construct: `type="html"` escaped HTML, `type="xhtml"` markup, else text.
    static func atomText(_ e: Element) -> String {
        switch e.attr("type")?.lowercased() {
        case "html", "text/html": return plain(HTMLPage.fragmentText(e.rawText).replacingOccurrences(of: "\n", with: " "))
        default: return TextFold.fold(e.rawText)
        }
    }

    static func atomEntry(_ entry: Element, number: Int, source: String?) -> ExtractedText? {
        let title = entry.child("title").map { atomText($0) }
        let links = entry.elements.filter { $0.name == "link" }
        let link = (links.first { ($0.attr("rel") ?? "alternate").lowercased() == "alternate" } ?? links.first)?.attr("href")?.trimmingASCIISpaces()
        let date = entry.child("published")?.text ?? entry.child("updated")?.text ?? entry.child("issued")?.text
            ?? entry.elements.first { $0.name == "date" }?.text
        func content(_ e: Element?) -> String {
            guard let e else { return "" }
            switch e.attr("type")?.lowercased() {
            case "xhtml":
                // XHTML markup, already parsed: its blocks, read like a fragment
                return MainText(root: e, title: nil, fragment: true).extract()
            case "html", "text/html":
                return itemText(e.rawText, html: true)
            case nil, "text", "text/plain":
                return itemText(e.rawText, html: nil)
            default:
                return e.attr("src") == nil ? itemText(e.rawText, html: nil) : ""
            }
        }
        var text = content(entry.child("content"))
        if text.isEmpty { text = content(entry.child("summary")) }
        return finish(title: title, link: link, date: date, source: source, text: text, number: number)
    }
}

/// JSON Lines feeds: one object per line, `{"title", "published", "url", "text"}` (and
/// `source`), `text` plain or HTML. Blank lines are skipped; a bad line is an error naming it.
public enum JSONLinesFeed {
    public static func read(_ text: String) throws(InputError) -> [ExtractedText] {
        var out: [ExtractedText] = []
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [])
            } catch {
                throw InputError("line \(number): not valid JSON")
            }
            guard let dict = object as? [String: Any] else {
                throw InputError("line \(number): not a JSON object (expected {\"title\", \"published\", \"url\", \"text\"})")
            }
            func field(_ key: String) throws(InputError) -> String? {
                guard let v = dict[key], !(v is NSNull) else { return nil }
                guard let s = v as? String else { throw InputError("line \(number): '\(key)' must be a string") }
                return s
            }
            guard let body = try field("text") else { throw InputError("line \(number): no 'text'") }
            if body.allSatisfy(\.isWhitespace) { throw InputError("line \(number): 'text' is empty") }
            var published: String? = nil
            var written = try field("published")
            if written == nil { written = try field("date") }
            if let p = written, !p.allSatisfy(\.isWhitespace) {
                guard let d = UTCDate.normalize(p) else {
                    throw InputError("line \(number): 'published' is not a date: '\(HTMLCharset.shown(p))'")
                }
                published = d
            }
            let extracted: String
            if HTMLPage.looksLikeHTML(body) {
                extracted = HTMLPage.fragmentText(body)
            } else {
                extracted = body.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
                    .map { TextFold.fold(String($0)) }.filter { !$0.isEmpty }.map { $0 + "\n" }.joined()
            }
            let title = try field("title").map { TextFold.fold($0) }
            let meta = ArticleMetadata(title: title.flatMap { $0.isEmpty ? nil : $0 }, published: published,
                                       source: try field("source").map { TextFold.fold($0) }.flatMap { $0.isEmpty ? nil : $0 },
                                       url: try field("url").map { $0.trimmingASCIISpaces() }.flatMap { $0.isEmpty ? nil : $0 })
            out.append(ExtractedText(metadata: meta, body: extracted, item: number))
        }
        return out
    }
}
