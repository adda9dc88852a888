/// One sentence of an article: UTF-8 byte range and code-point range (relative to the text the
/// segmenter was given), and the paragraph (line block) it belongs to.
struct SentenceSpan: Sendable, Hashable {
    var byteStart: Int
    var byteEnd: Int
    var cpStart: Int
    var cpEnd: Int
    var paragraph: Int
}

/// Splits text into sentences and paragraphs in one pass over its UTF-8 bytes.
///
/// A sentence ends at `.`, `!` or `?` (plus closing quotes or brackets) followed by white space and
/// a word that does not start in lower case, unless the period closes an abbreviation ("U.S.",
/// "Jan.", "Mr.", "e.g.", "No.") or a single initial; a decimal point never ends one (no space
/// follows it). A line break always ends a sentence and starts a new paragraph, so datelines
/// ("KYIV, Jan 10 (Reuters) -") stay with the first sentence of their paragraph.
enum Segmenter {
    /// Lower-case abbreviations whose period does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "sen", "rep", "gov",
        "pres", "prof", "st", "jr", "sr", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "dept",
        "approx", "est", "fig", "vol", "art", "para", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "e.g", "i.e",
        "u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m", "bn", "mn", "ft", "mt",
    ]

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 }

    /// Sentences of `bytes`, in order.
    static func segment(_ bytes: UnsafeBufferPointer<UInt8>) -> [SentenceSpan] {
        var out: [SentenceSpan] = []
        let n = bytes.count
        var i = 0
        var cp = 0
        var paragraph = 0
        var start = -1, startCp = 0
        while i < n {
            let b = bytes[i]
            if b == 10 {
                if start >= 0 && i > start {
                    out.append(SentenceSpan(byteStart: start, byteEnd: i, cpStart: startCp, cpEnd: cp, paragraph: paragraph))
                }
                start = -1
                paragraph += 1
                i += 1; cp += 1
                continue
            }
            if start < 0 {
                if isSpace(b) || (b == 0xC2 && i + 1 < n && bytes[i + 1] == 0xA0) {
                    if b == 0xC2 { i += 2 } else { i += 1 }
                    cp += 1
                    continue
                }
                start = i; startCp = cp
            }
            if b == 46 || b == 33 || b == 63 {  // . ! ?
                var j = i + 1
                var jcp = cp + 1
                // closing quotes and brackets
                while j < n {
                    let c = bytes[j]
                    if c == 34 || c == 39 || c == 41 || c == 93 { j += 1; jcp += 1; continue }
                    if c == 0xE2 && j + 2 < n && bytes[j + 1] == 0x80 && (bytes[j + 2] == 0x9D || bytes[j + 2] == 0x99) {
                        j += 3; jcp += 1; continue
                    }
                    break
                }
                if j >= n || isSpace(bytes[j]) || bytes[j] == 10 {
                    var boundary = true
                    // next word: a lower-case start continues the sentence
                    var k = j
                    while k < n && isSpace(bytes[k]) { k += 1 }
                    if k < n && bytes[k] >= 97 && bytes[k] <= 122 { boundary = false }
                    if boundary && b == 46 && j == i + 1 && endsWithAbbreviation(bytes, i) { boundary = false }
                    if boundary {
                        out.append(SentenceSpan(byteStart: start, byteEnd: j, cpStart: startCp, cpEnd: jcp, paragraph: paragraph))
                        start = -1
                        cp = jcp; i = j
                        continue
                    }
                }
            }
            i += 1
            if b & 0xC0 != 0x80 { cp += 1 }
        }
        if start >= 0 && n > start {
            out.append(SentenceSpan(byteStart: start, byteEnd: n, cpStart: startCp, cpEnd: cp, paragraph: paragraph))
        }
        return out
    }

    /// True when the word before the period at `dot` is an abbreviation or a single initial.
    static func endsWithAbbreviation(_ bytes: UnsafeBufferPointer<UInt8>, _ dot: Int) -> Bool {
        var s = dot
        while s > 0 {
            let c = bytes[s - 1]
            let isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 46
            if !isLetter { break }
            s -= 1
        }
        let len = dot - s
        if len == 0 || len > 6 { return false }
        if len == 1 { return bytes[s] >= 65 && bytes[s] <= 90 }  // an initial: "John F. Kennedy"
        var word = ""
        for k in s..<dot {
            var c = bytes[k]
            if c >= 65 && c <= 90 { c += 32 }
            word.unicodeScalars.append(Unicode.Scalar(c))
        }
        return abbreviations.contains(word)
    }
}
