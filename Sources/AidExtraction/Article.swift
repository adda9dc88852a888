import Foundation

/// Article metadata, from a front-matter block or from the command line.
public struct ArticleMetadata: Sendable, Hashable {
    public var title: String?
    /// ISO date, YYYY-MM-DD.
    public var published: String?
    public var source: String?
    public var url: String?
    public init(title: String? = nil, published: String? = nil, source: String? = nil, url: String? = nil) {
        self.title = title; self.published = published; self.source = source; self.url = url
    }

    /// Fills every field this one lacks from `defaults`.
    public func filled(from defaults: ArticleMetadata) -> ArticleMetadata {
        ArticleMetadata(title: title ?? defaults.title, published: published ?? defaults.published,
                        source: source ?? defaults.source, url: url ?? defaults.url)
    }
}

/// Why an article's text cannot be read.
public struct ArticleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// An article file: its full text, the metadata from its front matter, and its body.
///
/// A front-matter block is a first line `---`, then `key: value` lines (`title`, `published`
/// as YYYY-MM-DD, `source`, `url`), then `---`. It is stripped before extraction, but spans
/// still count from the start of the file (`bodyOffset`).
public struct Article: Sendable {
    public let fullText: String
    public let metadata: ArticleMetadata
    public let body: Substring
    public let bodyOffset: TextOffset

    /// Parses `text`; throws `ArticleError` for a malformed front matter block or a text that is
    /// not an article (empty, or binary). Fields the front matter lacks come from `defaults`.
    public init(text: String, defaults: ArticleMetadata = ArticleMetadata()) throws {
        fullText = text
        if text.utf8.contains(0) { throw ArticleError("contains NUL bytes: not a text article") }
        if text.utf8.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
            throw ArticleError("empty article")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" || first == "---\r" else {
            metadata = defaults
            body = text[...]
            bodyOffset = .zero
            return
        }
        lines = lines.dropFirst()
        var meta = ArticleMetadata()
        var closed = false
        var consumedEnd = first.endIndex
        var lineNumber = 1
        for line in lines {
            lineNumber += 1
            consumedEnd = line.endIndex
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed == "---" { closed = true; break }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw ArticleError("front matter line \(lineNumber) is not 'key: value'")
            }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            var value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            let v: String? = value.isEmpty ? nil : value
            switch key {
            case "title": meta.title = v
            case "published", "date":
                if let v, !Article.isISODate(v) {
                    throw ArticleError("front matter 'published' must be YYYY-MM-DD, got '\(v)'")
                }
                meta.published = v
            case "source": meta.source = v
            case "url": meta.url = v
            default: break  // unknown keys are kept in the text but ignored
            }
        }
        guard closed else { throw ArticleError("front matter opened with '---' is never closed") }
        var bodyStart = consumedEnd
        if bodyStart < text.endIndex { bodyStart = text.index(after: bodyStart) }  // the newline
        metadata = meta.filled(from: defaults)
        body = text[bodyStart...]
        bodyOffset = TextOffset(scalars: text.unicodeScalars[..<bodyStart].count,
                                bytes: text.utf8[..<bodyStart].count)
    }

    /// True for a real calendar date written YYYY-MM-DD.
    public static func isISODate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45 else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(48...57).contains(b[i]) { return false }
        let year = Int(s.prefix(4)) ?? 0, month = Int(s.dropFirst(5).prefix(2)) ?? 0, day = Int(s.suffix(2)) ?? 0
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}
