import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How an HTML page's bytes become text: the page's byte-order mark, else its declared charset
/// (`<meta charset>`, `<meta http-equiv="Content-Type" content="…; charset=…">`, an XML
/// declaration's `encoding`), else UTF-8 when the bytes are valid UTF-8, else windows-1252.
enum HTMLCharset {
    /// The page decoded, and the name of the charset used.
    static func decode(_ bytes: [UInt8]) throws(InputError) -> (text: String, charset: String) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (String(decoding: bytes[3...], as: UTF8.self), "utf-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let big = bytes[0] == 0xFE
            return (decodeUTF16(bytes[2...], bigEndian: big), big ? "utf-16be" : "utf-16le")
        }
        // UTF-16 without a mark: "<" then NUL (little-endian) or NUL then "<" (big-endian).
        if bytes.count >= 4, bytes[1] == 0, bytes[0] == UInt8(ascii: "<"), bytes[3] == 0 {
            return (decodeUTF16(bytes[...], bigEndian: false), "utf-16le")
        }
        if bytes.count >= 4, bytes[0] == 0, bytes[1] == UInt8(ascii: "<"), bytes[2] == 0 {
            return (decodeUTF16(bytes[...], bigEndian: true), "utf-16be")
        }
        if looksBinary(bytes) {
            throw InputError("binary file, not an HTML page (control bytes in its first 4 KB)")
        }
        let validUTF8 = String(validating: bytes, as: UTF8.self)
        guard let declared = declaredCharset(bytes) else {
            if let validUTF8 { return (validUTF8, "utf-8") }
            return (decodeWindows1252(bytes), "windows-1252")
        }
        let label = cleanLabel(declared)
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8",
             // a <meta> that says UTF-16 was read as ASCII, so the page is not UTF-16: browsers read UTF-8
             "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "iso-10646-ucs-2", "unicodefeff", "unicodefffe":
            // Invalid sequences become U+FFFD, as in a browser.
            return (validUTF8 ?? String(decoding: bytes, as: UTF8.self), "utf-8")
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-ir-100", "latin1", "l1", "cp819", "ibm819",
             "csisolatin1", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "cp1252", "windows-1252",
             "x-cp1252", "iso_8859-1:1987", "csascii":
            // Single-byte Western labels mean windows-1252 (the WHATWG rule), but a page that says
            // so and is valid UTF-8 with non-ASCII characters in it was mislabelled.
            if let validUTF8, bytes.contains(where: { $0 >= 0x80 }) { return (validUTF8, "utf-8") }
            return (decodeWindows1252(bytes), "windows-1252")
        default:
            // A label iconv does not know, or bytes that are not valid in the declared charset:
            // valid UTF-8 is read as UTF-8 (the declaration was wrong); anything else is an error.
            do {
                return (try decodeIconv(bytes, charset: label), label)
            } catch {
                if let validUTF8 { return (validUTF8, "utf-8") }
                throw error
            }
        }
    }

    /// A declared label as iconv knows it: lower case, without quotes, spaces and what follows
    /// a `;` or `,` ("utf-8;", "'windows-1252'", "utf8mb4").
    static func cleanLabel(_ declared: String) -> String {
        var l = declared.lowercased().trimmingCharacters(in: [" ", "\t", "\"", "'"])
        if let cut = l.firstIndex(where: { $0 == ";" || $0 == "," || $0 == " " }) { l = String(l[..<cut]) }
        if l == "utf8mb4" || l == "utf-8mb4" { return "utf-8" }
        return l
    }

    /// More than one byte in ten of the first 4 KB is a control byte (not tab, line breaks, form feed).
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let n = min(bytes.count, 4096)
        guard n > 0 else { return false }
        var control = 0
        for b in bytes[..<n] where (b < 32 && b != 9 && b != 10 && b != 13 && b != 12 && b != 11 && b != 27) || b == 127 {
            control += 1
        }
        return control * 10 > n
    }

    /// The charset the page declares in its first 16 KB: the `<meta>` elements of a parse of
    /// those bytes read as Latin-1 (every byte is a character, and the markup is ASCII), or an
    /// XML declaration's encoding.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(16 * 1024))
        if let xml = xmlDeclarationEncoding(head) { return xml }
        guard head.contains(where: { $0 == UInt8(ascii: "<") }) else { return nil }
        // Latin-1 -> UTF-8, so libxml2 (told UTF-8) sees the markup unchanged.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(head.count + head.count / 8)
        for b in head {
            if b < 0x80 { utf8.append(b) } else { utf8.append(0xC0 | (b >> 6)); utf8.append(0x80 | (b & 0x3F)) }
        }
        guard let root = LibXML.parseHTML(utf8: utf8) else { return nil }
        var found: String?
        for meta in root.all(where: { $0.name == "meta" }) {
            if let c = meta.attr("charset")?.trimmingASCIISpaces(), !c.isEmpty { found = c; break }
            if meta.attr("http-equiv")?.lowercased().trimmingASCIISpaces() == "content-type",
               let content = meta.attr("content"), let c = charsetParameter(content) {
                found = c; break
            }
        }
        return found
    }

    /// `charset=` in a Content-Type value (`text/html; charset="windows-1252"`).
    static func charsetParameter(_ content: String) -> String? {
        let lower = content.lowercased()
        guard let range = lower.range(of: "charset") else { return nil }
        var rest = lower[range.upperBound...].drop(while: { $0 == " " })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " })
        if let q = rest.first, q == "\"" || q == "'" {
            rest = rest.dropFirst()
            let value = rest.prefix(while: { $0 != q })
            return value.isEmpty ? nil : String(value)
        }
        let value = rest.prefix(while: { $0 != ";" && $0 != " " && $0 != "\t" })
        return value.isEmpty ? nil : String(value)
    }

    /// `encoding` of an XML declaration (`<?xml version="1.0" encoding="ISO-8859-15"?>`) at the start.
    static func xmlDeclarationEncoding(_ bytes: [UInt8]) -> String? {
        var i = 0
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
        guard bytes[i...].starts(with: Array("<?xml".utf8)) else { return nil }
        guard let end = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let decl = String(decoding: bytes[i..<end], as: UTF8.self)
        guard let r = decl.range(of: "encoding") else { return nil }
        var rest = decl[r.upperBound...].drop(while: { $0 == " " })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " })
        guard let q = rest.first, q == "\"" || q == "'" else { return nil }
        let value = rest.dropFirst().prefix(while: { $0 != q })
        return value.isEmpty ? nil : String(value)
    }

    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? (a << 8 | b) : (b << 8 | a))
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// windows-1252 as WHATWG defines it: bytes 0x80-0x9F are the typographic characters (0x80
    /// is "€"), the five undefined ones the C1 controls; every other byte is its Latin-1 code point.
    static func decodeWindows1252(_ bytes: [UInt8]) -> String {
        let high: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178,
        ]
        var out = String.UnicodeScalarView()
        for b in bytes {
            let v: UInt32 = (b >= 0x80 && b < 0xA0) ? high[Int(b) - 0x80] : UInt32(b)
            out.append(Unicode.Scalar(v)!)
        }
        return String(out)
    }

    /// Any other charset, through iconv. An unknown name or bytes that are not valid in it are
    /// an error naming the charset.
    static func decodeIconv(_ bytes: [UInt8], charset: String) throws(InputError) -> String {
        let cd = iconv_open("UTF-8", charset)
        if cd == iconv_t(bitPattern: -1) {
            throw InputError("the page declares charset '\(shown(charset))', which aidledger cannot decode")
        }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var input = bytes
        var failedAt: Int? = nil
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 { failedAt = inBuf.count - inLeft }
                return outBuf.count - outLeft
            }
        }
        if let at = failedAt {
            throw InputError("not valid \(shown(charset)) (the charset the page declares) at byte offset \(at)")
        }
        return String(decoding: output[..<produced], as: UTF8.self)
    }

    static func shown(_ s: String) -> String {
        String(s.unicodeScalars.prefix(40).map { $0.value < 32 || $0.value == 127 ? " " : Character($0) })
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
