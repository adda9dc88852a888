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
        switch Article.classify(text) {
        case .binary: throw ArticleError("contains NUL bytes: not a text article")
        case .blank: throw ArticleError("empty article")
        case .text: break
        }
        // Only the front-matter block is split into lines; the body is never scanned here.
        let utf8 = text.utf8
        func lineEnd(from start: String.Index) -> String.Index {
            utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
        }
        func trimmed(_ a: String.Index, _ b: String.Index) -> String {
            Article.trim(text[a..<b], newlines: true)
        }
        let firstEnd = lineEnd(from: text.startIndex)
        guard trimmed(text.startIndex, firstEnd) == "---" else {
            metadata = defaults
            body = text[...]
            bodyOffset = .zero
            return
        }
        var meta = ArticleMetadata()
        var closed = false
        var lineStart = firstEnd
        var lineNumber = 1
        while lineStart < text.endIndex {
            lineStart = utf8.index(after: lineStart)  // past the newline
            let end = lineEnd(from: lineStart)
            lineNumber += 1
            let line = trimmed(lineStart, end)
            lineStart = end
            if line == "---" { closed = true; break }
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ArticleError("front matter line \(lineNumber) is not 'key: value'")
            }
            let key = Article.trim(line[..<colon], newlines: false).lowercased()
            var value = Article.trim(line[line.index(after: colon)...], newlines: false)
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
        let bodyStart = lineStart < text.endIndex ? utf8.index(after: lineStart) : lineStart
        metadata = meta.filled(from: defaults)
        body = text[bodyStart...]
        bodyOffset = TextOffset(scalars: text.unicodeScalars[..<bodyStart].count,
                                bytes: utf8[..<bodyStart].count)
    }

    /// `s` without surrounding white space (`CharacterSet.whitespaces`, or
    /// `.whitespacesAndNewlines` when `newlines`). ASCII ends are trimmed by bytes; when a
    /// non-ASCII character is left at an end (it may be a Unicode space) Foundation decides.
    static func trim(_ s: Substring, newlines: Bool) -> String {
        let u = s.utf8
        func space(_ c: UInt8) -> Bool {
            c == 32 || c == 9 || (newlines && (c == 10 || c == 13 || c == 11 || c == 12))
        }
        var a = u.startIndex, b = u.endIndex
        while a < b, space(u[a]) { a = u.index(after: a) }
        while a < b, space(u[u.index(before: b)]) { b = u.index(before: b) }
        if a < b && (u[a] >= 0x80 || u[u.index(before: b)] >= 0x80) {
            return s.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
        }
        return String(s[a..<b])
    }

    private enum Shape { case text, blank, binary }

    /// One pass over the bytes: a NUL makes it binary; only spaces and line breaks make it blank.
    private static func classify(_ text: String) -> Shape {
        func scan<S: Sequence<UInt8>>(_ bytes: S) -> Shape {
            var blank = true
            for b in bytes {
                if b == 0 { return .binary }
                if blank && b != 32 && b != 10 && b != 13 && b != 9 { blank = false }
            }
            return blank ? .blank : .text
        }
        return text.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(text.utf8)
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
