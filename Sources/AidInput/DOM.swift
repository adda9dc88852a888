import CLibXML2

/// A parsed document as a small Swift tree: elements (lower-cased local names, attributes) and
/// text. libxml2 parses; everything after that (metadata, main text, feed items) walks this tree,
/// so no libxml2 pointer outlives the parse.
final class Element {
    /// Local name, lower-cased ("p", "encoded" for `content:encoded`).
    let name: String
    /// Namespace prefix as written ("content" for `content:encoded`), nil when none.
    let prefix: String?
    /// Attributes by lower-cased local name (the first one wins).
    let attributes: [String: String]
    var children: [Node] = []
    weak var parent: Element?

    // Set by the main-text pass.
    var dropped = false
    var textLength = 0       // characters of text below (dropped parts excluded)
    var linkLength = 0       // of which inside <a>
    var paragraphLength = 0  // of which inside <p>
    var holdsArticle = false  // an <article>, <main> or itemprop=articleBody lies below
    var score = 0.0
    var scored = false

    init(name: String, prefix: String?, attributes: [String: String]) {
        self.name = name; self.prefix = prefix; self.attributes = attributes
    }

    func attr(_ name: String) -> String? { attributes[name] }

    var elements: [Element] {
        children.compactMap { if case let .element(e) = $0 { return e } else { return nil } }
    }

    /// Every element below this one, depth first, in document order.
    func descendants(_ visit: (Element) -> Void) {
        for case let .element(e) in children {
            visit(e)
            e.descendants(visit)
        }
    }

    func first(where predicate: (Element) -> Bool) -> Element? {
        for case let .element(e) in children {
            if predicate(e) { return e }
            if let found = e.first(where: predicate) { return found }
        }
        return nil
    }

    func all(where predicate: (Element) -> Bool) -> [Element] {
        var out: [Element] = []
        descendants { if predicate($0) { out.append($0) } }
        return out
    }

    func child(_ name: String) -> Element? { elements.first { $0.name == name } }

    func isInside(_ other: Element) -> Bool {
        var p = parent
        while let e = p { if e === other { return true }; p = e.parent }
        return false
    }

    /// All text below, as written (no white-space folding).
    var rawText: String {
        var out = ""
        func walk(_ e: Element) {
            for c in e.children {
                switch c {
                case let .text(t): out += t
                case let .element(x): walk(x)
                }
            }
        }
        walk(self)
        return out
    }

    /// All text below with runs of white space folded to one space and the ends trimmed.
    var text: String { TextFold.fold(rawText) }

    /// `text` without the subtrees marked `dropped`.
    var liveText: String {
        var out = ""
        func walk(_ e: Element) {
            for c in e.children {
                switch c {
                case let .text(t): out += t
                case let .element(x): if !x.dropped { walk(x) }
                }
            }
        }
        walk(self)
        return TextFold.fold(out)
    }

    /// The lower-cased words of `class` and `id`, split at punctuation and camelCase humps
    /// ("relatedStories site-footer" -> related, stories, site, footer).
    lazy var classWords: [String] = {
        var words: [String] = []
        for value in [attributes["class"], attributes["id"]] {
            guard let value else { continue }
            var word = ""
            var previousLower = false
            for ch in value.unicodeScalars {
                let isAlnum = (ch.value < 128) && (("a"..."z").contains(ch) || ("A"..."Z").contains(ch) || ("0"..."9").contains(ch))
                if !isAlnum {
                    if !word.isEmpty { words.append(word.lowercased()); word = "" }
                    previousLower = false
                    continue
                }
                let isUpper = ("A"..."Z").contains(ch)
                if isUpper && previousLower && !word.isEmpty { words.append(word.lowercased()); word = "" }
                word.unicodeScalars.append(ch)
                previousLower = !isUpper
            }
            if !word.isEmpty { words.append(word.lowercased()) }
        }
        return words
    }()

    /// `class` and `id` lower-cased, for substring tests ("cookiebanner").
    lazy var classText: String = ((attributes["class"] ?? "") + " " + (attributes["id"] ?? "")).lowercased()
}

enum Node {
    case element(Element)
    case text(String)
}

/// White-space folding shared by every extractor.
enum TextFold {
    /// Runs of ASCII white space, line breaks and control characters become one space; soft
    /// hyphens and zero-width characters go; the ends are trimmed. No-break spaces are kept
    /// (numbers use them). One pass over the UTF-8 bytes.
    static func fold(_ s: String) -> String {
        var s = s
        s.makeContiguousUTF8()
        return s.utf8.withContiguousStorageIfAvailable { b -> String in
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var pendingSpace = false
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x20 || c == 0x20 || c == 0x7F {
                    pendingSpace = !out.isEmpty
                    i += 1
                    continue
                }
                // U+00AD soft hyphen; U+200B-U+200D, U+2060 zero-width; U+FEFF
                if c == 0xC2, i + 1 < n, b[i + 1] == 0xAD { i += 2; continue }
                if c == 0xE2, i + 2 < n, b[i + 1] == 0x80, (0x8B...0x8D).contains(b[i + 2]) { i += 3; continue }
                if c == 0xE2, i + 2 < n, b[i + 1] == 0x81, b[i + 2] == 0xA0 { i += 3; continue }
                if c == 0xEF, i + 2 < n, b[i + 1] == 0xBB, b[i + 2] == 0xBF { i += 3; continue }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(c)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        } ?? s
    }

    /// The number of characters (Unicode scalars) `fold(s)` would have, without building it.
    static func foldedLength(_ s: String) -> Int {
        var count = 0
        var pendingSpace = false
        for c in s.utf8 {
            if c <= 0x20 || c == 0x7F {
                pendingSpace = count > 0
                continue
            }
            if c & 0xC0 == 0x80 { continue }  // a continuation byte
            if pendingSpace { count += 1; pendingSpace = false }
            count += 1
        }
        return count
    }
}

/// libxml2, set up once per process: the parser initialised (thread safety) and an external
/// entity loader that loads nothing.
enum LibXML {
    private static let ready: Bool = {
        aidledger_libxml2_init()
        return true
    }()

    static func setUp() { _ = ready }

    /// Parses HTML given as UTF-8 (the caller decoded the page's charset): recovering from
    /// every error, silent, no network, the document's own charset hints ignored.
    static func parseHTML(utf8 bytes: [UInt8]) -> Element? {
        setUp()
        let options = Int32(bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
            | HTML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_HUGE.rawValue)  // HUGE: no 256-level depth limit that ends the parse
        guard !bytes.isEmpty else { return nil }
        let doc: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(clamping: buffer.count), nil, "UTF-8", options)
            }
        }
        guard let doc else { return nil }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { return nil }
        return convert(root, html: true, depth: 0)
    }

    /// An XML parse failure: libxml2's message and the line it names.
    struct XMLFailure: Error {
        var message: String
        var line: Int
    }

    /// Parses XML (a feed) strictly: a malformed document is an `XMLFailure`. No network, no
    /// entity substitution, no DTD loading (XXE safe: external entities stay unresolved and
    /// the entity loader loads nothing anyway).
    static func parseXML(_ bytes: [UInt8]) throws(XMLFailure) -> Element {
        setUp()
        guard !bytes.isEmpty else { throw XMLFailure(message: "empty document", line: 0) }
        guard let ctxt = xmlNewParserCtxt() else { throw XMLFailure(message: "out of memory", line: 0) }
        defer { xmlFreeParserCtxt(ctxt) }
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        let doc: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlCtxtReadMemory(ctxt, $0, Int32(clamping: buffer.count), nil, nil, options)
            }
        }
        guard let doc, ctxt.pointee.wellFormed != 0 else {
            if let doc { xmlFreeDoc(doc) }
            var message = "not well-formed XML"
            var line = 0
            if let error = xmlCtxtGetLastError(ctxt) {
                if let m = error.pointee.message {
                    message = TextFold.fold(String(cString: m))
                }
                line = Int(error.pointee.line)
            }
            throw XMLFailure(message: message, line: line)
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { throw XMLFailure(message: "no root element", line: 0) }
        return convert(root, html: false, depth: 0)
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    /// Elements nested deeper than this keep only their text (walked without recursion), so
    /// every later walk of the tree is shallow whatever the page does.
    static let maximumDepth = 400

    /// The text below `node`, walked with an explicit stack.
    private static func flatText(_ node: xmlNodePtr) -> String {
        var out = ""
        var stack: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child { stack.append(c); child = c.pointee.next }
        stack.reverse()
        while let n = stack.popLast() {
            switch n.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let t = string(n.pointee.content) { out += t }
            case XML_ELEMENT_NODE:
                var kids: [xmlNodePtr] = []
                var k = n.pointee.children
                while let x = k { kids.append(x); k = x.pointee.next }
                stack.append(contentsOf: kids.reversed())
                out += " "
            default:
                break
            }
        }
        return out
    }

    /// libxml2's node tree as `Element`s. Comments and processing instructions are left out;
    /// an entity reference contributes the text of an internal entity only.
    private static func convert(_ node: xmlNodePtr, html: Bool, depth: Int) -> Element {
        let rawName = string(node.pointee.name) ?? ""
        var prefix: String? = nil
        if !html, let ns = node.pointee.ns, let p = ns.pointee.prefix { prefix = String(cString: p) }
        var attributes: [String: String] = [:]
        var attr = node.pointee.properties
        while let a = attr {
            if let n = string(a.pointee.name) {
                var value = ""
                var c = a.pointee.children
                while let t = c {
                    if let content = string(t.pointee.content) { value += content }
                    c = t.pointee.next
                }
                let key = n.lowercased()
                if attributes[key] == nil { attributes[key] = value }
            }
            attr = a.pointee.next
        }
        let element = Element(name: rawName.lowercased(), prefix: prefix, attributes: attributes)
        if depth >= maximumDepth {
            element.children = [.text(flatText(node))]
            return element
        }
        var child = node.pointee.children
        var children: [Node] = []
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                let e = convert(c, html: html, depth: depth + 1)
                e.parent = element
                children.append(.element(e))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let t = string(c.pointee.content) { children.append(.text(t)) }
            case XML_ENTITY_REF_NODE:
                // Internal entities only, never loaded from anywhere.
                if let entity = xmlGetDocEntity(c.pointee.doc, c.pointee.name),
                   entity.pointee.etype == XML_INTERNAL_GENERAL_ENTITY,
                   let content = string(entity.pointee.content), content.utf8.count < 4096 {
                    children.append(.text(content))
                }
            default:
                break
            }
            child = c.pointee.next
        }
        element.children = children
        return element
    }
}

extension String {
    /// Substring search on the UTF-8 bytes. Foundation's `contains` goes through NSString and
    /// was a tenth of a page's extraction time; this one is a byte scan.
    func contains(_ other: String) -> Bool {
        if other.isEmpty { return true }
        var haystack = self, needle = other
        haystack.makeContiguousUTF8(); needle.makeContiguousUTF8()
        return haystack.utf8.withContiguousStorageIfAvailable { h in
            needle.utf8.withContiguousStorageIfAvailable { n in
                let hn = h.count, nn = n.count
                guard nn <= hn else { return false }
                let first = n[0]
                var i = 0
                while i <= hn - nn {
                    if h[i] == first {
                        var k = 1
                        while k < nn && h[i + k] == n[k] { k += 1 }
                        if k == nn { return true }
                    }
                    i += 1
                }
                return false
            } ?? false
        } ?? false
    }
}
