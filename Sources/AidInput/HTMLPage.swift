import Foundation
import AidExtraction

/// A web page read for its article: the main text and the page's own metadata.
public struct HTMLPage: Sendable {
    public var metadata: ArticleMetadata
    /// The main text, one block per line, each ending in "\n"; "" when the page has none.
    public var text: String
    /// The charset the bytes were decoded from ("utf-8", "windows-1252", …).
    public var charset: String

    /// Reads a page's bytes: decodes its charset (docs/inputs.md), parses it with libxml2's
    /// HTML parser and extracts its main text and metadata.
    public static func read(_ bytes: [UInt8]) throws(InputError) -> HTMLPage {
        let (decoded, charset) = try HTMLCharset.decode(bytes)
        var page = extract(html: decoded)
        page.charset = charset
        return page
    }

    /// A page already decoded to text.
    public static func extract(html: String) -> HTMLPage {
        let clean = html.utf8.contains(0) ? html.replacingOccurrences(of: "\0", with: "") : html
        guard let root = LibXML.parseHTML(utf8: Array(clean.utf8)) else {
            return HTMLPage(metadata: ArticleMetadata(), text: "", charset: "utf-8")
        }
        let meta = PageMetadata(root: root)
        var text = MainText(root: root, title: meta.title, fragment: false).extract()
        if let body = meta.jsonLDBody, text.count < body.count / 2 {
            // The markup held much less than the page's JSON-LD `articleBody` (an app shell, a
            // page that loads its text by script): the article's lines from there.
            let fromLD: String
            if looksLikeHTML(body) {
                fromLD = fragmentText(body)
            } else {
                fromLD = body.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
                    .map { TextFold.fold(String($0)) }.filter { !$0.isEmpty }.map { $0 + "\n" }.joined()
            }
            if fromLD.count > text.count { text = fromLD }
        }
        return HTMLPage(metadata: ArticleMetadata(title: meta.title, published: meta.published,
                                                  source: meta.siteName, url: meta.url),
                        text: text, charset: "utf-8")
    }

    /// The text of an HTML fragment (a feed item's description, a JSON Lines `text`): every
    /// block but scripts, styles, forms and the like, one per line. A whole page given as a
    /// fragment is read as a page.
    public static func fragmentText(_ html: String) -> String {
        let clean = html.utf8.contains(0) ? html.replacingOccurrences(of: "\0", with: "") : html
        if InputFormat.sniff(Array(clean.utf8.prefix(2048))) == .html,
           clean.range(of: "<body", options: .caseInsensitive) != nil || clean.range(of: "<html", options: .caseInsensitive) != nil {
            return extract(html: clean).text
        }
        guard let root = LibXML.parseHTML(utf8: Array(("<html><body>" + clean + "</body></html>").utf8)) else { return "" }
        return MainText(root: root, title: nil, fragment: true).extract()
    }

    /// True when `text` reads as HTML: it starts with a tag (after white space), or holds a
    /// `<p>`, `<br>` or `<div>`.
    public static func looksLikeHTML(_ text: String) -> Bool {
        let t = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        if t.hasPrefix("<"), let next = t.dropFirst().first, next.isLetter || next == "!" || next == "/" { return true }
        let lower = t.prefix(4096).lowercased()
        return lower.contains("<p>") || lower.contains("<p ") || lower.contains("<br") || lower.contains("<div")
            || lower.contains("</p>") || lower.contains("</a>")
    }
}
