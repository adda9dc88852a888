import AidExtraction

/// The formats `ingest`, `extract` and `text` read (docs/inputs.md).
public enum InputFormat: String, CaseIterable, Sendable {
    /// A UTF-8 text file, with or without front matter (the README's article format).
    case txt
    /// A web page: its main text and its own metadata.
    case html
    /// A feed (RSS 2.0, RSS 1.0 / RDF or Atom; `rss` and `atom` read either, the root decides).
    case rss, atom
    /// JSON Lines, one `{"title", "published", "url", "text"}` object per line.
    case jsonl

    /// The format a file name says (`.txt`, `.html`, `.htm`, `.xhtml`, `.rss`, `.atom`, `.jsonl`,
    /// any case); nil for `.xml` and anything else, which the content decides.
    public static func byExtension(_ path: String) -> InputFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "txt": return .txt
        case "html", "htm", "xhtml": return .html
        case "rss": return .rss
        case "atom": return .atom
        case "jsonl", "ndjson": return .jsonl
        default: return nil
        }
    }

    /// True for a name a folder walk reads: the extensions above and `.xml` (kept only when its
    /// content is a feed: `sniff`).
    public static func isCandidate(_ name: String) -> Bool {
        byExtension(name) != nil || name.lowercased().hasSuffix(".xml")
    }

    /// What the first bytes of a file look like: an XML document whose root is `rss`, `RDF` or
    /// `feed` is a feed; one starting `<!doctype html`, `<html` (or `<?xml` then `<html`) is a
    /// page; anything else nil.
    public static func sniff(_ bytes: some Collection<UInt8>) -> InputFormat? {
        var head = Array(bytes.prefix(8192))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            // UTF-16: the ASCII markup is every other byte
            let odd = head[0] == 0xFE ? 1 : 0
            head = stride(from: 2 + odd, to: head.count, by: 2).map { head[$0] }
        }
        guard let root = rootName(head) else { return nil }
        switch root {
        case "rss", "rdf:rdf", "rdf": return .rss
        case "feed": return .atom
        case "!doctype html", "html": return .html
        case "head", "body", "title", "meta", "article", "main", "div", "section", "header", "nav", "p", "h1":
            return .html  // a page saved without its <html> (or a fragment of one)
        default: return nil
        }
    }

    /// The lower-cased name of the first element (or `!doctype html`), after white space, an XML
    /// declaration, comments, processing instructions and a non-HTML doctype.
    static func rootName(_ s: [UInt8]) -> String? {
        var i = 0
        let n = s.count
        func skipSpace() { while i < n, s[i] == 32 || s[i] == 9 || s[i] == 10 || s[i] == 13 || s[i] == 12 { i += 1 } }
        func starts(_ p: String) -> Bool {
            let u = Array(p.utf8)
            guard i + u.count <= n else { return false }
            for k in 0..<u.count where lower(s[i + k]) != u[k] { return false }
            return true
        }
        func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
        func skip(past end: String) -> Bool {
            let u = Array(end.utf8)
            while i + u.count <= n {
                if Array(s[i..<(i + u.count)]) == u { i += u.count; return true }
                i += 1
            }
            return false
        }
        while true {
            skipSpace()
            guard i < n, s[i] == UInt8(ascii: "<") else { return nil }
            if starts("<?") { guard skip(past: "?>") else { return nil }; continue }
            if starts("<!--") { guard skip(past: "-->") else { return nil }; continue }
            if starts("<!doctype") {
                i += 9
                skipSpace()
                if starts("html") { return "!doctype html" }
                guard skip(past: ">") else { return nil }
                continue
            }
            i += 1
            var name: [UInt8] = []
            while i < n, s[i] != 32, s[i] != 9, s[i] != 10, s[i] != 13, s[i] != UInt8(ascii: ">"), s[i] != UInt8(ascii: "/") {
                name.append(lower(s[i])); i += 1
            }
            return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
        }
    }
}

/// Why an input file cannot be read, in words (the CLI prefixes the file name).
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One article's text taken from an input file: the metadata found there and the extracted
/// body (block texts one per line, ending in a line break; empty when nothing was found).
public struct ExtractedText: Sendable, Hashable {
    public var metadata: ArticleMetadata
    public var body: String
    /// The item's number in its feed (1, 2, …) or its line number in a JSON Lines file; nil
    /// for a page.
    public var item: Int?

    public init(metadata: ArticleMetadata, body: String, item: Int? = nil) {
        self.metadata = metadata; self.body = body; self.item = item
    }

    /// The article text the ledger stores: a front-matter block with the metadata, then the
    /// body. `Article(text:)` parses it back; spans count from its start, the content hash
    /// covers the body alone, so a page and its text saved by hand (`aidledger text`) are one
    /// article.
    public var articleText: String { FrontMatter.render(metadata, body: body) }
}

/// The README's front-matter block, written.
public enum FrontMatter {
    /// `---`, one `key: value` line per known field, `---`, then `body`. No block when there is
    /// no field, unless the body itself starts with a `---` line (which would read as one).
    public static func render(_ meta: ArticleMetadata, body: String) -> String {
        var lines: [String] = []
        for (key, value) in [("title", meta.title), ("published", meta.published), ("source", meta.source), ("url", meta.url)] {
            guard let value else { continue }
            let v = TextFold.fold(value)
            guard !v.isEmpty else { continue }
            if key == "published", !Article.isISODate(v) { continue }
            lines.append("\(key): \(quoted(v))")
        }
        let firstLine = body.prefix(while: { $0 != "\n" }).trimmingCharacters(in: [" ", "\t", "\r"])
        if lines.isEmpty && firstLine != "---" { return body }
        return "---\n" + lines.map { $0 + "\n" }.joined() + "---\n" + body
    }

    /// A value the front-matter parser gives back unchanged: it strips one pair of matching
    /// outer quotes, so a value that has them is wrapped in the other kind.
    static func quoted(_ v: String) -> String {
        guard v.count >= 2, let f = v.first, f == "\"" || f == "'", v.last == f else { return v }
        return f == "\"" ? "'\(v)'" : "\"\(v)\""
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
