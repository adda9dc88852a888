import Foundation

/// One token of the money lexer: a number, a known word, a currency symbol, a punctuation mark,
/// or a run of words the recogniser does not know (kept as one barrier token).
struct MoneyToken {
    enum Kind: UInt8 { case number, word, symbol, punct, other }
    var start: Int32
    var end: Int32
    /// word: index into `MoneyTables.words`; symbol: currency index; punct: scalar value.
    var info: Int32
    /// number: its digits as an integer (the value is mant x 10^exp).
    var mant: UInt64
    var kind: Kind
    /// Whitespace between the previous token and this one.
    var gap: Bool
    /// word: `MoneyCase` class as written.
    var caseMask: UInt8
    /// number: `NumFlag` bits.
    var nflags: UInt8
    var exp: Int8
    /// symbol: 0 the generic "$", 1 a specific currency, 2 a minor unit ("¢").
    var symKind: UInt8
    var intDigits: UInt8

    init(kind: Kind, start: Int, end: Int, gap: Bool, info: Int32 = 0) {
        self.kind = kind; self.start = Int32(truncatingIfNeeded: start); self.end = Int32(truncatingIfNeeded: end)
        self.gap = gap; self.info = info; self.mant = 0; self.caseMask = 0; self.nflags = 0; self.exp = 0
        self.symKind = 0; self.intDigits = 0
    }
}

enum NumFlag {
    static let invalid: UInt8 = 1
    static let grouped: UInt8 = 2
    static let decimal: UInt8 = 4
    static let yearLike: UInt8 = 8
    static let spaced: UInt8 = 16
}

/// Byte classes for the lexer's main loop.
enum MoneyByteClass {
    static let punct: UInt8 = 0, space: UInt8 = 1, letter: UInt8 = 2, digit: UInt8 = 3, dollar: UInt8 = 4, high: UInt8 = 5
    static let table: [UInt8] = {
        var t = [UInt8](repeating: punct, count: 256)
        for b in [9, 10, 11, 12, 13, 32] { t[b] = space }
        for b in 65...90 { t[b] = letter }
        for b in 97...122 { t[b] = letter }
        for b in 48...57 { t[b] = digit }
        t[36] = dollar
        for b in 128...255 { t[b] = high }
        return t
    }()
}

/// Splits UTF-8 bytes into money tokens in one linear pass. Every inner scan consumes the bytes
/// it looks at (or looks at a bounded number of them), so the whole pass is O(n).
struct MoneyLexer {
    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    let t: MoneyTables
    let lk: MoneyLookup
    let cls: UnsafeBufferPointer<UInt8>
    var toks: [MoneyToken] = []
    var gap = true
    /// Comma chains before this byte were already found not to be Indian grouping (keeps it linear).
    var noIndianBefore = 0

    /// Next byte to lex.
    var p = 0

    init(_ b: UnsafeBufferPointer<UInt8>, tables: MoneyTables, lookup: MoneyLookup, classes: UnsafeBufferPointer<UInt8>,
         capacity: Int? = nil) {
        self.b = b; self.n = b.count; self.t = tables; self.lk = lookup; self.cls = classes
        toks.reserveCapacity(capacity ?? max(16, n / 8))  // ordinary text: about one token per 6-10 bytes
    }

    /// Starts lexing afresh at byte `at` (a restart point: the start of the text, or an ASCII letter
    /// right after ASCII whitespace), forgetting earlier tokens. From such a point the tokens are the
    /// ones a lexer run from the start of the text would produce, except that the first token, when it
    /// is an unknown word, may there be merged with unknown words before it (only its `start` differs).
    mutating func restart(at q: Int) {
        p = q
        gap = true
        noIndianBefore = 0
        toks.removeAll(keepingCapacity: true)
    }

    @inline(__always) func isDigit(_ p: Int) -> Bool { p < n && b[p] &- 48 < 10 }
    @inline(__always) func isAsciiLetter(_ p: Int) -> Bool { p < n && cls[Int(b[p])] == MoneyByteClass.letter }

    /// Scalar at `p` and its length in bytes (malformed input reads as U+FFFD, one byte).
    @inline(__always) func decode(_ p: Int) -> (UInt32, Int) { MoneyLexer.decode(b, n, p) }

    @inline(__always) static func decode(_ b: UnsafeBufferPointer<UInt8>, _ n: Int, _ p: Int) -> (UInt32, Int) {
        let b0 = UInt32(b[p])
        if b0 < 0x80 { return (b0, 1) }
        if b0 >= 0xC0 && b0 < 0xE0, p + 1 < n { return (((b0 & 0x1F) << 6) | (UInt32(b[p + 1]) & 0x3F), 2) }
        if b0 >= 0xE0 && b0 < 0xF0, p + 2 < n {
            return (((b0 & 0x0F) << 12) | ((UInt32(b[p + 1]) & 0x3F) << 6) | (UInt32(b[p + 2]) & 0x3F), 3)
        }
        if b0 >= 0xF0, p + 3 < n {
            return (((b0 & 0x07) << 18) | ((UInt32(b[p + 1]) & 0x3F) << 12) | ((UInt32(b[p + 2]) & 0x3F) << 6)
                    | (UInt32(b[p + 3]) & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    static func isSpaceScalar(_ s: UInt32) -> Bool {
        s == 0xA0 || (s >= 0x2000 && s <= 0x200B) || s == 0x202F || s == 0x205F || s == 0x3000 || s == 0xFEFF
    }
    static func isDashScalar(_ s: UInt32) -> Bool { (s >= 0x2010 && s <= 0x2015) || s == 0x2212 }
    /// Non-letter scalars outside ASCII (everything else counts as a letter of a word).
    @inline(__always) func isPunctScalar(_ s: UInt32) -> Bool { MoneyLexer.isPunctScalar(s) }
    static func isPunctScalar(_ s: UInt32) -> Bool {
        s < 0xC0 || s == 0xD7 || s == 0xF7 || (s >= 0x2000 && s <= 0x2BFF) || (s >= 0x3000 && s <= 0x303F)
            || (s >= 0xFE30 && s <= 0xFE4F) || (s >= 0xFF01 && s <= 0xFF0F) || s >= 0x1F000 || s == 0x0E3F
            || s == 0xFFFD
    }

    @inline(__always) mutating func emit(_ tok: MoneyToken) {
        toks.append(tok)
        gap = false
    }

    @inline(__always) mutating func emitOther(_ s: Int, _ e: Int) {
        if let last = toks.last, last.kind == .other {
            toks[toks.count - 1].end = Int32(truncatingIfNeeded: e)
            gap = false
            return
        }
        emit(MoneyToken(kind: .other, start: s, end: e, gap: gap))
    }

    /// Byte length of a thousands-separating space at `p` (space, no-break, thin, narrow no-break), or 0.
    @inline(__always) func groupSpace(_ p: Int) -> Int {
        guard p < n else { return 0 }
        let c = b[p]
        if c == 32 { return 1 }
        if c == 0xC2, p + 1 < n, b[p + 1] == 0xA0 { return 2 }
        if c == 0xE2, p + 2 < n, b[p + 1] == 0x80, b[p + 2] == 0x89 || b[p + 2] == 0xAF || b[p + 2] == 0x88 { return 3 }
        return 0
    }

    /// Lexes the whole text (the reference path; the recogniser lexes windows with `step()`).
    mutating func run() -> [MoneyToken] {
        p = 0
        while p < n { step() }
        return toks
    }

    /// Lexes from `p` up to the next token boundary: one token, or whitespace.
    @inline(__always) mutating func step() {
        let c = b[p]
        switch cls[Int(c)] {
        case MoneyByteClass.space:
            gap = true
            p += 1
        case MoneyByteClass.letter:
            p = lexWord(p)
        case MoneyByteClass.digit:
            p = lexNumber(p, leadingDot: false)
        case MoneyByteClass.dollar:
            // "$US50 million", "$A 2 billion" (the Australian press): letters after "$" name the dollar.
            if p + 1 < n, b[p + 1] &- 65 < 26, let (end, iso) = dollarSuffix(p + 1) {
                var tok = MoneyToken(kind: .symbol, start: p, end: end, gap: gap, info: iso)
                tok.symKind = 1
                emit(tok)
                p = end
                return
            }
            var tok = MoneyToken(kind: .symbol, start: p, end: p + 1, gap: gap, info: t.usd)
            tok.symKind = 0
            emit(tok)
            p += 1
        case MoneyByteClass.high:
            let (s, len) = decode(p)
            if MoneyLexer.isSpaceScalar(s) {
                gap = true
                p += len
            } else if MoneyLexer.isDashScalar(s) {
                emit(MoneyToken(kind: .punct, start: p, end: p + len, gap: gap, info: 45))
                p += len
            } else if (s >= 0x20A0 && s <= 0x20CF) || s == 0xA2 || s == 0xA3 || s == 0xA5 || s == 0x0E3F {
                var end = p + len
                if let (cur, minor) = t.symbols[s] {
                    if s == 0x20AC {  // "€ur", "€uro(s)"
                        var q = end
                        while q < n, q - end < 5, isAsciiLetter(q) { q += 1 }
                        let w = String(decoding: UnsafeBufferPointer(rebasing: b[end..<q]), as: UTF8.self).lowercased()
                        if w == "ur" || w == "uro" || w == "uros" { end = q }
                    }
                    var tok = MoneyToken(kind: .symbol, start: p, end: end, gap: gap, info: cur)
                    tok.symKind = minor ? 2 : 1
                    emit(tok)
                } else {
                    emit(MoneyToken(kind: .punct, start: p, end: end, gap: gap, info: Int32(s)))
                }
                p = end
            } else if isPunctScalar(s) {
                emit(MoneyToken(kind: .punct, start: p, end: p + len, gap: gap, info: Int32(s)))
                p += len
            } else {
                p = lexWord(p)
            }
        default:
            if c == 46, isDigit(p + 1), p == 0 || !isDigit(p - 1) {
                p = lexNumber(p, leadingDot: true)
            } else {
                emit(MoneyToken(kind: .punct, start: p, end: p + 1, gap: gap, info: Int32(c)))
                p += 1
            }
        }
    }

    /// Upper-case letters at `q` right after a "$" that name the dollar ("US" in "$US50 million"),
    /// followed by a number glued or after one space: the end of the letters and the currency.
    func dollarSuffix(_ q: Int) -> (Int, Int32)? {
        var e = q
        while e < n, e - q < 4, b[e] &- 65 < 26 { e += 1 }
        guard e - q <= 3, isDigit(e) || (e + 1 < n && b[e] == 32 && isDigit(e + 1)) else { return nil }
        for s in t.dollarSuffixes where s.letters.count == e - q {
            var same = true
            for (k, x) in s.letters.enumerated() where b[q + k] != x { same = false; break }
            if same { return (e, s.iso) }
        }
        return nil
    }

    /// A word (ASCII letters and letters outside ASCII); known words become word tokens.
    mutating func lexWord(_ start: Int) -> Int {
        var q = start
        while q < n {
            let c = b[q]
            if cls[Int(c)] == MoneyByteClass.letter { q += 1; continue }
            guard c >= 0x80 else { break }
            let (s, l) = decode(q)
            if MoneyLexer.isSpaceScalar(s) || MoneyLexer.isDashScalar(s) || isPunctScalar(s) || (s >= 0x20A0 && s <= 0x20CF) { break }
            q += l
        }
        var len = q - start
        // Dotted abbreviations: "U.S.", "L.E".
        if len == 1, q + 1 < n, b[q] == 46, isAsciiLetter(q + 1), !isAsciiLetter(q + 2) {
            len = 3
            q += 2
            if q < n, b[q] == 46, !isDigit(q + 1) { q += 1 }
        }
        var idx: Int32 = -1
        let f0 = b[start]
        let first = (f0 >= 65 && f0 <= 90) ? f0 | 0x20 : f0
        if len <= 16, (lk.firstLen[Int(first)] >> UInt32(len)) & 1 != 0,
           (lk.pairLen[MoneyTables.pairIndex(f0, len > 1 ? b[start + 1] : 0)] >> UInt32(len)) & 1 != 0 {
            var lo: UInt64 = 0, hi: UInt64 = 0
            for i in 0..<len {
                let x = b[start + i]
                let l = (x >= 65 && x <= 90) ? x | 0x20 : x
                if i < 8 { lo |= UInt64(l) << UInt64(i &* 8) } else { hi |= UInt64(l) << UInt64((i &- 8) &* 8) }
            }
            idx = lk.lookup(lo, hi)
        }
        let prevGluedNumber = !gap && toks.last?.kind == .number
        if idx < 0 {
            if prevGluedNumber { toks[toks.count - 1].nflags |= NumFlag.invalid }
            // Alphanumeric run ("G7", "Kiran1", "F16"): one unknown word.
            while q < n, cls[Int(b[q])] == MoneyByteClass.letter || cls[Int(b[q])] == MoneyByteClass.digit { q += 1 }
            emitOther(start, q)
            return q
        }
        let w = lk.words[Int(idx)]
        var hasUpper = false, hasLower = false, firstUpper = false, laterUpper = false, letters = 0
        for i in start..<(start + len) {
            let x = b[i]
            if x >= 65 && x <= 90 {
                hasUpper = true
                if letters == 0 { firstUpper = true } else { laterUpper = true }
                letters += 1
            } else if x >= 97 && x <= 122 {
                hasLower = true
                letters += 1
            }
        }
        let caseMask: UInt8
        if !hasUpper && !hasLower {
            caseMask = MoneyCase.all
        } else if !hasUpper {
            caseMask = MoneyCase.lower
        } else if !hasLower {
            caseMask = letters == 1 ? (MoneyCase.upper | MoneyCase.capitalized) : MoneyCase.upper
        } else if firstUpper && !laterUpper {
            caseMask = MoneyCase.capitalized
        } else {
            caseMask = MoneyCase.mixed
        }
        // Letters glued before "$" ("US$", "C$"), or one space before it in tokenised text ("c $").
        if w.dollarPrefix >= 0 && (!w.dollarPrefixUpper || caseMask & MoneyCase.upper != 0) {
            var d = -1
            if q < n, b[q] == 36 { d = q } else if w.dollarPrefixSpaced, q + 1 < n, b[q] == 32, b[q + 1] == 36 { d = q + 1 }
            if d >= 0 {
                var tok = MoneyToken(kind: .symbol, start: start, end: d + 1, gap: gap, info: w.dollarPrefix)
                tok.symKind = 1
                emit(tok)
                return d + 1
            }
        }
        let glue = w.scaleMode != .none || w.code >= 0 || w.name >= 0 || w.minor >= 0 || w.slang >= 0
        if prevGluedNumber && !glue { toks[toks.count - 1].nflags |= NumFlag.invalid }
        if isDigit(q) && w.code < 0 {
            while q < n, cls[Int(b[q])] == MoneyByteClass.letter || cls[Int(b[q])] == MoneyByteClass.digit { q += 1 }
            emitOther(start, q)
            return q
        }
        if w.dotAbsorb, q < n, b[q] == 46 { q += 1 }
        var tok = MoneyToken(kind: .word, start: start, end: q, gap: gap, info: idx)
        tok.caseMask = caseMask
        emit(tok)
        return q
    }

    /// A numeral: digits with "," or space-grouped thousands (Indian 2-digit groups too) and a
    /// decimal part. Dotted runs ("15.08.2017") and over-long numerals are kept as invalid numbers.
    mutating func lexNumber(_ p0: Int, leadingDot: Bool) -> Int {
        var q = p0
        var mant: UInt64 = 0, sig = 0, bad = false, intDigits = 0, fracDigits = 0
        var flags: UInt8 = 0
        @inline(__always) func push(_ d: UInt8) {
            if mant == 0 && d == 0 { return }
            if sig >= 19 { bad = true; return }
            mant = mant &* 10 &+ UInt64(d)
            sig += 1
        }
        if leadingDot {
            q += 1
            var d1 = 0
            while isDigit(q) { push(b[q] - 48); q += 1; d1 += 1 }
            fracDigits = d1
            // "$.750.30": the first dot is stray, the second is the decimal point.
            if q + 1 < n, b[q] == 46, isDigit(q + 1) {
                q += 1
                var d2 = 0
                while isDigit(q) { push(b[q] - 48); q += 1; d2 += 1 }
                intDigits = d1
                fracDigits = d2
            }
            flags |= NumFlag.decimal
        } else {
            while isDigit(q) { push(b[q] - 48); q += 1; intDigits += 1 }
            if intDigits <= 3 {
                // Comma groups, including Indian 2-digit groups ("12,34,567").
                while q < n, b[q] == 44 {
                    if isDigit(q + 1), isDigit(q + 2), isDigit(q + 3), !isDigit(q + 4) {
                        push(b[q + 1] - 48); push(b[q + 2] - 48); push(b[q + 3] - 48)
                        q += 4; intDigits += 3; flags |= NumFlag.grouped
                        continue
                    }
                    if q >= noIndianBefore, isDigit(q + 1), isDigit(q + 2), q + 3 < n, b[q + 3] == 44 {
                        var r = q
                        while r + 3 < n, b[r] == 44, isDigit(r + 1), isDigit(r + 2), b[r + 3] == 44 { r += 3 }
                        if r < n, b[r] == 44, isDigit(r + 1), isDigit(r + 2), isDigit(r + 3), !isDigit(r + 4) {
                            while q < r + 4 {
                                if b[q] != 44 { push(b[q] - 48); intDigits += 1 }
                                q += 1
                            }
                            flags |= NumFlag.grouped
                            continue
                        }
                        noIndianBefore = r + 1
                    }
                    break
                }
                if flags & NumFlag.grouped == 0 {
                    // Space groups: "1 250 000", with no-break or thin spaces too.
                    while true {
                        let s = groupSpace(q)
                        guard s > 0, isDigit(q + s), isDigit(q + s + 1), isDigit(q + s + 2), !isDigit(q + s + 3) else { break }
                        push(b[q + s] - 48); push(b[q + s + 1] - 48); push(b[q + s + 2] - 48)
                        q += s + 3; intDigits += 3; flags |= NumFlag.grouped | NumFlag.spaced
                    }
                }
            }
            if q + 1 < n, b[q] == 46, isDigit(q + 1) {
                q += 1
                while isDigit(q) { fracDigits += 1; push(b[q] - 48); q += 1 }
                flags |= NumFlag.decimal
            } else if flags & NumFlag.grouped == 0, intDigits <= 3, q + 1 < n, b[q] == 44, isDigit(q + 1),
                      !(isDigit(q + 2) && isDigit(q + 3)), !isDigit(q + 3), q + 2 >= n || b[q + 2] != 44,
                      q + 3 >= n || b[q + 3] != 44 {
                // a decimal comma, as South African and European English write it ("$2,5-billion"):
                // one or two digits after the comma can be no thousands group
                let last = isDigit(q + 2) ? q + 2 : q + 1
                q += 1
                while q <= last { fracDigits += 1; push(b[q] - 48); q += 1 }
                flags |= NumFlag.decimal
            }
        }
        // Dotted runs (dates, versions): consume, mark invalid.
        while q + 1 < n, b[q] == 46, isDigit(q + 1) {
            bad = true
            q += 1
            while isDigit(q) { q += 1 }
        }
        if fracDigits > 30 { bad = true }
        if flags & NumFlag.grouped == 0 && fracDigits == 0 && intDigits == 4 && mant >= 1800 && mant <= 2199 {
            flags |= NumFlag.yearLike
        }
        if bad { flags |= NumFlag.invalid }
        var tok = MoneyToken(kind: .number, start: p0, end: q, gap: gap)
        tok.mant = mant
        tok.exp = Int8(clamping: -fracDigits)   // over 30 digits the number is invalid anyway (a fuzz finding: 150 trapped)
        tok.nflags = flags
        tok.intDigits = UInt8(min(intDigits, 255))
        // A number glued to the letters before it ("Kiran1") is part of that word; codes are split
        // off by lexWord before we get here.
        if !gap, let last = toks.last, last.kind == .other, last.end == Int32(p0) {
            tok.nflags |= NumFlag.invalid
        }
        emit(tok)
        return q
    }
}
