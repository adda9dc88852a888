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
    /// Lower-case abbreviations whose period does not end a sentence, packed into integers.
    static let abbreviations: Set<UInt64> = Set(abbreviationWords.map { pack($0.utf8) })

    /// Up to eight bytes as one integer (first byte lowest).
    @inline(__always) static func pack<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var v: UInt64 = 0
        for (k, c) in bytes.enumerated() { v |= UInt64(c) << UInt64(8 * k) }
        return v
    }

    static let abbreviationWords: [String] = [
        "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "sen", "rep", "gov",
        "pres", "prof", "st", "jr", "sr", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "dept",
        "approx", "est", "fig", "vol", "art", "para", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "e.g", "i.e",
        "u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m", "bn", "mn", "ft", "mt",
    ]

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 }

    /// High bit set in the lowest byte of `x` that equals `c` (bits above it may be set too).
    @inline(__always) static func hasByte(_ x: UInt64, _ c: UInt8) -> UInt64 {
        let y = x ^ (0x0101_0101_0101_0101 &* UInt64(c))
        return (y &- 0x0101_0101_0101_0101) & ~y & 0x8080_8080_8080_8080
    }

    /// The longest sentence, in bytes. Real sentences stay far below it (a long one is under a
    /// kilobyte); a "sentence" without an end, such as a pasted table, a list of figures or
    /// garbage, is cut into pieces of at most this size, so no rule ever tokenises megabytes.
    static let maxSentenceBytes = 8192

    /// Sentences of `bytes`, in order, none longer than `maxSentenceBytes`.
    static func segment(_ bytes: UnsafeBufferPointer<UInt8>) -> [SentenceSpan] {
        let spans = sentences(bytes)
        guard spans.contains(where: { $0.byteEnd - $0.byteStart > maxSentenceBytes }) else { return spans }
        var out: [SentenceSpan] = []
        for s in spans {
            var a = s.byteStart, acp = s.cpStart
            while s.byteEnd - a > maxSentenceBytes {
                // cut after the last space of the piece's second half, else at a character boundary
                var cut = a + maxSentenceBytes
                var k = cut
                while k > a + maxSentenceBytes / 2 && bytes[k - 1] != 32 { k -= 1 }
                if k > a + maxSentenceBytes / 2 {
                    cut = k - 1
                } else {
                    while cut > a + 1 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
                }
                var ccp = 0
                for q in a..<cut where bytes[q] & 0xC0 != 0x80 { ccp += 1 }
                out.append(SentenceSpan(byteStart: a, byteEnd: cut, cpStart: acp, cpEnd: acp + ccp, paragraph: s.paragraph))
                a = cut; acp += ccp
                while a < s.byteEnd && bytes[a] == 32 { a += 1; acp += 1 }
            }
            if a < s.byteEnd {
                out.append(SentenceSpan(byteStart: a, byteEnd: s.byteEnd, cpStart: acp, cpEnd: s.cpEnd, paragraph: s.paragraph))
            }
        }
        return out
    }

    /// Sentences of `bytes` by punctuation and line breaks alone.
    static func sentences(_ bytes: UnsafeBufferPointer<UInt8>) -> [SentenceSpan] {
        var out: [SentenceSpan] = []
        let n = bytes.count
        var i = 0
        var cp = 0
        var paragraph = 0
        var start = -1, startCp = 0
        while i < n {
            // Inside a sentence only `.`, `!`, `?` and line breaks matter: skip eight bytes at a
            // time to the next of them, counting code points (bytes that are not 10xxxxxx).
            if start >= 0, let base = bytes.baseAddress {
                while i + 8 <= n {
                    let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    let hit = Segmenter.hasByte(x, 0x2E) | Segmenter.hasByte(x, 0x21) | Segmenter.hasByte(x, 0x3F)
                        | Segmenter.hasByte(x, 0x0A)
                    let continuation = ((x & 0x8080_8080_8080_8080) >> 7) & ~((x & 0x4040_4040_4040_4040) >> 6)
                    if hit == 0 {
                        cp += 8 - continuation.nonzeroBitCount
                        i += 8
                        continue
                    }
                    let k = hit.trailingZeroBitCount / 8  // bytes before the first special one
                    if k > 0 {
                        let mask: UInt64 = (1 << UInt64(8 * k)) - 1
                        cp += k - (continuation & mask).nonzeroBitCount
                        i += k
                    }
                    break
                }
                if i >= n { break }
            }
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
        var word: UInt64 = 0
        for k in s..<dot {
            var c = bytes[k]
            if c >= 65 && c <= 90 { c += 32 }
            word |= UInt64(c) << UInt64(8 * (k - s))
        }
        return abbreviations.contains(word)
    }
}
