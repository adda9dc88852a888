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
        case .binary: throw ArticleError("binary file, not text (it contains NUL characters)")
        case .blank: throw ArticleError(text.isEmpty ? "empty file" : "empty file (only white space)")
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
                    throw ArticleError("front matter 'published' must be YYYY-MM-DD, got '\(Article.shown(v))'")
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

    /// A value as an error message shows it: on one line (control characters as spaces) and
    /// at most 60 characters (then "…"), whatever the file holds.
    static func shown(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for (i, c) in value.unicodeScalars.enumerated() {
            if i == 60 { out.append("…"); break }
            out.append(c.value < 32 || c.value == 127 || c == "\u{2028}" || c == "\u{2029}" || c == "\u{85}" ? " " : c)
        }
        return String(out)
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

// MARK: - Decoding a file's bytes

extension Article {
    /// The text of an article file's bytes, or an `ArticleError` saying in one line why they are
    /// not a text article (docs/errors.md lists the messages).
    ///
    /// UTF-8 is the format: a UTF-8 byte-order mark is stripped; UTF-16 with a byte-order mark
    /// (little- or big-endian) is decoded. Refused: an empty file, a binary file (a NUL byte, or
    /// mostly control bytes), UTF-16 without a byte-order mark (NUL bytes at every other
    /// position), UTF-32, and invalid UTF-8 (with the byte offset and line of the first bad
    /// byte). The common case costs one `memchr` for NUL and one UTF-8 validation.
    public static func decodeText(_ data: Data) throws -> String {
        try data.withUnsafeBytes { raw in try decodeText(bytes: raw.bindMemory(to: UInt8.self)) }
    }

    /// `decodeText(_:)` over a byte buffer.
    public static func decodeText(bytes all: UnsafeBufferPointer<UInt8>) throws -> String {
        let n = all.count
        guard n > 0 else { throw ArticleError("empty file") }
        func starts(_ prefix: [UInt8]) -> Bool { n >= prefix.count && zip(all, prefix).allSatisfy { $0 == $1 } }
        if starts([0xFF, 0xFE, 0, 0]) || starts([0, 0, 0xFE, 0xFF]) {
            throw ArticleError("UTF-32 text (it starts with a UTF-32 byte-order mark); convert it to UTF-8")
        }
        if starts([0xFF, 0xFE]) { return try decodeUTF16(UnsafeBufferPointer(rebasing: all[2...]), bigEndian: false) }
        if starts([0xFE, 0xFF]) { return try decodeUTF16(UnsafeBufferPointer(rebasing: all[2...]), bigEndian: true) }
        let bomLength = starts([0xEF, 0xBB, 0xBF]) ? 3 : 0
        let bytes = UnsafeBufferPointer(rebasing: all[bomLength...])
        guard let base = bytes.baseAddress, !bytes.isEmpty else { throw ArticleError("empty file (only a byte-order mark)") }
        if let nul = memchr(base, 0, bytes.count) {
            if looksLikeUTF16(bytes) {
                throw ArticleError("looks like UTF-16 without a byte-order mark; convert it to UTF-8")
            }
            let offset = base.distance(to: nul.assumingMemoryBound(to: UInt8.self)) + bomLength
            throw ArticleError("binary file, not text (NUL byte at byte offset \(offset))")
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let bad = firstInvalidUTF8(bytes)
        if looksBinary(bytes) {
            throw ArticleError("binary file, not text (control bytes, and not valid UTF-8 at byte offset \(bad + bomLength))")
        }
        var line = 1
        for b in bytes[..<bad] where b == 10 { line += 1 }
        let hex = String(bytes[bad], radix: 16, uppercase: true)
        throw ArticleError("invalid UTF-8 at byte offset \(bad + bomLength) (line \(line), byte 0x\(hex)); convert the file to UTF-8")
    }

    /// UTF-16 code units after a byte-order mark, decoded; a lone surrogate or an odd byte count
    /// is an error naming the byte offset (counted from the start of the file, mark included).
    private static func decodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) throws -> String {
        let order = bigEndian ? "big-endian" : "little-endian"
        guard !bytes.isEmpty else { throw ArticleError("empty file (only a byte-order mark)") }
        guard bytes.count % 2 == 0 else {
            throw ArticleError("invalid UTF-16 (\(order), from its byte-order mark): an odd number of bytes (\(bytes.count + 2))")
        }
        let units = [UInt16](unsafeUninitializedCapacity: bytes.count / 2) { buffer, count in
            for i in 0..<(bytes.count / 2) {
                let a = UInt16(bytes[2 * i]), b = UInt16(bytes[2 * i + 1])
                buffer[i] = bigEndian ? (a << 8 | b) : (b << 8 | a)
            }
            count = bytes.count / 2
        }
        if let text = String(validating: units, as: UTF16.self) { return text }
        var iterator = units.makeIterator()
        var parser = Unicode.UTF16.ForwardParser()
        var offset = 0
        while case let .valid(s) = parser.parseScalar(from: &iterator) { offset += s.count }
        throw ArticleError("invalid UTF-16 (\(order), from its byte-order mark) at byte offset \(2 + 2 * offset): a lone surrogate")
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(s): offset += s.count
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    /// NUL bytes in the first 64 KB mostly at odd positions (UTF-16LE: ASCII then 00) or mostly
    /// at even ones (UTF-16BE), on at least one pair in eight (and four pairs). Binary data has
    /// NULs at both.
    static func looksLikeUTF16(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = min(bytes.count, 1 << 16) & ~1
        guard n >= 2 else { return false }
        var even = 0, odd = 0
        var i = 0
        while i < n {
            if bytes[i] == 0 { even += 1 }
            if bytes[i + 1] == 0 { odd += 1 }
            i += 2
        }
        let pairs = n / 2
        let most = max(even, odd), least = min(even, odd)
        return most >= max(4, pairs / 8) && least * 20 <= most
    }

    /// More than one byte in ten of the first 4 KB is a control byte other than tab, line
    /// breaks, form feed and escape.
    static func looksBinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = min(bytes.count, 4096)
        var control = 0
        for b in bytes[..<n] where (b < 32 && b != 9 && b != 10 && b != 13 && b != 12 && b != 11 && b != 27) || b == 127 {
            control += 1
        }
        return control * 10 > n
    }
}
