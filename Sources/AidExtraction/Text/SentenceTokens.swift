/// One token of a sentence that carries money: a word, a punctuation mark, or a whole money
/// expression (stage 1's span, kept as one token so that rules can look around it).
struct Token: Sendable {
    enum Kind: UInt8, Sendable { case word, punct, money }
    var kind: Kind
    /// UTF-8 byte range in the article text.
    var start: Int
    var end: Int
    /// Vocabulary id of the lower-cased word ("u.s.", "'s") or of the mark for punctuation; 0 for
    /// money and for words no rule, lexicon or name uses.
    var id: Int32
    /// First letter is an ASCII capital.
    var cap: Bool
    /// Two or more letters, all capitals ("IMF", "KYIV").
    var allCaps: Bool
    /// Index of the money expression (in the attributor's input) for `.money` tokens, else -1.
    var money: Int

    var isWord: Bool { kind == .word }
    @inline(__always) func isPunct(_ mark: Int32) -> Bool { kind == .punct && id == mark }
    /// Characters of the word (UTF-8 lead bytes).
    func length(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for k in start..<end where b[k] & 0xC0 != 0x80 { n += 1 }
        return n
    }
}

/// Word tokenizer over UTF-8 bytes: ASCII letters and digits and any non-ASCII letter make words;
/// hyphens inside words ("air-defence", "G-7") and dots of initialisms ("U.S.") stay in the word; a
/// possessive ("Ukraine's", "Ukraine’s") becomes its own token "'s"; curly quotes and dashes are
/// punctuation.
enum Tokenizer {
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
    /// True when a non-ASCII sequence starting at `i` is punctuation (U+2000–U+206F, NBSP).
    @inline(__always) static func isUnicodePunct(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = b[i]
        if c == 0xE2 && i + 1 < b.count && b[i + 1] == 0x80 { return true }
        if c == 0xC2 && i + 1 < b.count && (b[i + 1] == 0xA0 || b[i + 1] == 0xAB || b[i + 1] == 0xBB) { return true }
        return false
    }
    @inline(__always) static func seqLen(_ c: UInt8) -> Int {
        c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
    }

    /// The mark a non-ASCII punctuation sequence at `i` stands for: ’ -> "'", ” -> "\"", – -> "-", … -> "...".
    static func unicodeMark(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ to: Int) -> Int32 {
        let c = b[i]
        guard c == 0xE2 && i + 2 < to else { return W.quote }
        switch b[i + 2] {
        case 0x98, 0x99: return W.apostrophe
        case 0x9C, 0x9D: return W.quote
        case 0xA6: return W.ellipsis
        default: return W.dash
        }
    }

    /// Tokens of `bytes[from..<to]`, words and marks named by their ids in `vocabulary`; `money`
    /// lists (index, byteStart, byteEnd) of the money expressions inside the range, in order.
    static func tokens(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int, money: [(Int, Int, Int)],
                       vocabulary v: Vocabulary) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity((to - from) / 5)
        var i = from
        var m = 0
        while i < to {
            if m < money.count && i >= money[m].1 {
                out.append(Token(kind: .money, start: money[m].1, end: money[m].2, id: 0, cap: false, allCaps: false, money: money[m].0))
                i = max(i, money[m].2)
                m += 1
                continue
            }
            let limit = m < money.count ? min(to, money[m].1) : to
            let c = b[i]
            if c == 32 || c == 9 || c == 10 || c == 13 { i += 1; continue }
            if c == 0xC2 && i + 1 < to && b[i + 1] == 0xA0 { i += 2; continue }
            // possessive 's / ’s
            if (c == 39 || (c == 0xE2 && i + 2 < to && b[i + 1] == 0x80 && b[i + 2] == 0x99)),
               let last = out.last, last.kind == .word, last.end == i {
                let q = c == 39 ? i + 1 : i + 3
                if q < limit && (b[q] == 115 || b[q] == 83) && (q + 1 >= limit || !isAlnum(b[q + 1])) {
                    out.append(Token(kind: .word, start: i, end: q + 1, id: W.possessive, cap: false, allCaps: false, money: -1))
                    i = q + 1
                    continue
                }
            }
            if c >= 0x80 && isUnicodePunct(b, i) {
                let len = seqLen(c)
                out.append(Token(kind: .punct, start: i, end: i + len, id: unicodeMark(b, i, to), cap: false, allCaps: false, money: -1))
                i += len
                continue
            }
            if isAlnum(c) || c >= 0x80 {
                let s = i
                var segLen = 0
                var hasDot = false
                while i < limit {
                    let d = b[i]
                    if isAlnum(d) { i += 1; segLen += 1; continue }
                    if d >= 0x80 {
                        if isUnicodePunct(b, i) { break }
                        i += seqLen(d); segLen += 1; continue
                    }
                    if d == 45, i + 1 < limit, isAlnum(b[i + 1]) || b[i + 1] >= 0xC0 { i += 1; segLen = 0; continue }
                    if d == 46, segLen == 1, i + 1 < limit, isLetter(b[i + 1]),
                       i + 2 >= limit || !isLetter(b[i + 2]) {
                        hasDot = true; i += 1; segLen = 0; continue
                    }
                    if d == 39, i + 1 < limit, isLetter(b[i + 1]), !(b[i + 1] == 115 && (i + 2 >= limit || !isAlnum(b[i + 2]))) {
                        i += 1; segLen = 0; continue
                    }
                    break
                }
                if hasDot && i < limit && b[i] == 46 { i += 1 }
                out.append(makeWord(b, s, i, v))
                continue
            }
            out.append(Token(kind: .punct, start: i, end: i + 1, id: v.id(ascii: c), cap: false, allCaps: false, money: -1))
            i += 1
        }
        while m < money.count {
            out.append(Token(kind: .money, start: money[m].1, end: money[m].2, id: 0, cap: false, allCaps: false, money: money[m].0))
            m += 1
        }
        return out
    }

    static func makeWord(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ v: Vocabulary) -> Token {
        // one pass: case counts, and the hash of the lower-cased bytes for the vocabulary
        var ascii = true
        var upper = 0, lowerCount = 0
        var h = Vocabulary.hashSeed
        for k in s..<e {
            var c = b[k]
            if c >= 0x80 { ascii = false } else if c >= 65 && c <= 90 { upper += 1; c += 32 } else if c >= 97 && c <= 122 { lowerCount += 1 }
            h = Vocabulary.hashStep(h, c)
        }
        let first = b[s]
        let cap = first >= 65 && first <= 90
        let id = ascii ? v.id(asciiWord: b, s, e, hash: Vocabulary.hashFinish(h)) : v.id(word: b, s, e, ascii: false)
        return Token(kind: .word, start: s, end: e, id: id, cap: cap, allCaps: upper >= 2 && lowerCount == 0, money: -1)
    }

    /// The lower-cased text of a token: the word folded to lower case ("u.s.", "'s"), the mark
    /// for punctuation, "" for money. For building keys and names, not for the hot path.
    static func lowerText(_ b: UnsafeBufferPointer<UInt8>, _ t: Token) -> String {
        switch t.kind {
        case .money: return ""
        case .punct:
            let c = b[t.start]
            if c < 0x80 { return String(UnicodeScalar(c)) }
            switch unicodeMark(b, t.start, t.end) {
            case W.apostrophe: return "'"
            case W.ellipsis: return "..."
            case W.dash: return "-"
            default: return "\""
            }
        case .word:
            let c = b[t.start]
            if c == 39 || (c == 0xE2 && t.start + 1 < t.end && b[t.start + 1] == 0x80) { return "'s" }
            var ascii = true
            for k in t.start..<t.end where b[k] >= 0x80 { ascii = false; break }
            if ascii {
                return String(unsafeUninitializedCapacity: t.end - t.start) { out in
                    for k in t.start..<t.end { let c = b[k]; out[k - t.start] = c >= 65 && c <= 90 ? c + 32 : c }
                    return t.end - t.start
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: b[t.start..<t.end]), as: UTF8.self).lowercased()
        }
    }

    /// `body` on the tokens of a short string (a name or a phrase, followed by a space as the
    /// keys were built), with their ids in `vocabulary`.
    static func withTokens<R>(_ s: String, vocabulary: Vocabulary = .empty,
                              _ body: (UnsafeBufferPointer<UInt8>, [Token]) -> R) -> R {
        var bytes = Array(s.utf8)
        bytes.append(32)
        return bytes.withUnsafeBufferPointer { buf in
            body(buf, tokens(buf, from: 0, to: buf.count, money: [], vocabulary: vocabulary))
        }
    }

    /// Lower-cased word tokens of a short string (used to key gazetteer and lexicon phrases).
    static func words(_ s: String) -> [String] {
        withTokens(s) { buf, toks in toks.map { lowerText(buf, $0) } }
    }

    /// The last of `words(s)`, or "" when there is none.
    static func lastWord(_ s: String) -> String {
        withTokens(s) { buf, toks in toks.last.map { lowerText(buf, $0) } ?? "" }
    }

    /// Tokens of a short string with original case (for exact acronym matching).
    static func rawWords(_ s: String) -> [String] {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { buf in
            tokens(buf, from: 0, to: buf.count, money: [], vocabulary: Vocabulary.empty).map {
                String(decoding: UnsafeBufferPointer(rebasing: buf[$0.start..<$0.end]), as: UTF8.self)
            }
        }
    }
}
