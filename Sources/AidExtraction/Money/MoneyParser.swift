import Foundation

@inline(__always) func moneyDecimal(_ mant: UInt64, _ exp: Int) -> Decimal {
    Decimal(sign: .plus, exponent: exp, significand: Decimal(mant))
}

@inline(__always) func moneyPow10(_ e: Int) -> Decimal {
    Decimal(sign: .plus, exponent: e, significand: 1)
}

/// The grammar of money expressions over `MoneyToken`s. Every rule looks at a bounded number of
/// tokens from where it starts, so parsing stays linear in the number of tokens.
struct MoneyParser {
    let toks: UnsafeBufferPointer<MoneyToken>
    let n: Int
    let t: MoneyTables
    let words: UnsafeBufferPointer<MoneyWordInfo>

    /// A quantity without its currency: "2.5bn", "three billion", "half a million".
    struct Qty {
        var value: Decimal
        var end: Int
        var scaled = false
        /// Multiplier of the first scale word (for sharing across a range).
        var scaleMult = Decimal(1)
        var integral = true
        var year = false
        /// Bare "a"/"an" standing for one ("a dollar").
        var article = false
        var words = false
        /// "half", "a quarter" with no scale: an amount only with a currency name right after.
        var bareFraction = false
    }

    enum CurKind { case dollar, symbol, code, name, minor, slang }

    struct Cur {
        var iso: Int32
        var kind: CurKind
        var end: Int
        var minorExp = 2
        var inherit = false
        var mega = false
        var slangExp = 0
        var weight = false
        var singularPound = false
        var suffixOnly = false
        /// `MoneyContext` of this currency token (the bare "$" or "dollars", a crown, ...).
        var context: UInt8 = MoneyContext.none
        /// A code taken before the number only with a scale, decimal or grouping ("UA").
        var strict = false
    }

    /// One amount with its currency (or none yet, inside a range).
    struct Atom {
        var start: Int
        var end: Int
        var value: Decimal
        var cur: Int32
        var scaled: Bool
        var scaleMult: Decimal
        var year: Bool
        var context: UInt8 = MoneyContext.none
    }

    /// A whole expression, in token indices.
    struct Expr {
        var start: Int
        var end: Int
        var amount: Decimal
        var amountMax: Decimal?
        var cur: Int32
        var context: UInt8 = MoneyContext.none
    }

    // MARK: token helpers

    @inline(__always) func word(_ j: Int) -> MoneyWordInfo? {
        guard j < n, toks[j].kind == .word else { return nil }
        return words[Int(toks[j].info)]
    }

    @inline(__always) func role(_ j: Int) -> MoneyWordInfo.NumRole {
        guard j < n, toks[j].kind == .word else { return .none }
        return words[Int(toks[j].info)].numRole
    }

    @inline(__always) func isPunct(_ j: Int, _ c: UInt32) -> Bool {
        j < n && toks[j].kind == .punct && toks[j].info == Int32(c)
    }

    /// A scale word usable at `j` given how it is written.
    func scaleAt(_ j: Int) -> Int? {
        guard let w = word(j) else { return nil }
        switch w.scaleMode {
        case .none: return nil
        case .word, .spaced: return w.scaleExp
        case .glued: return toks[j].gap ? nil : w.scaleExp
        case .gluedUpper: return (!toks[j].gap && toks[j].caseMask & MoneyCase.upper != 0) ? w.scaleExp : nil
        }
    }

    // MARK: quantities

    func qty(_ j: Int) -> Qty? {
        guard j < n else { return nil }
        switch toks[j].kind {
        case .number: return numeral(j)
        case .word: return wordNumber(j)
        default: return nil
        }
    }

    func numeral(_ j: Int) -> Qty? {
        let tk = toks[j]
        guard tk.kind == .number, tk.nflags & NumFlag.invalid == 0 else { return nil }
        if j > 0, !tk.gap, toks[j - 1].kind == .punct {
            let pc = toks[j - 1].info
            // ±0.01, ×10, 4^3, 1/4: not amounts. "F-16", "COVID-19": part of a name.
            if pc == 0xB1 || pc == 0xD7 || pc == 94 || pc == 47 { return nil }
            if pc == 45, j > 1, !toks[j - 1].gap, toks[j - 2].kind == .other || toks[j - 2].kind == .word,
               toks[j - 2].end == toks[j - 1].start, toks[j - 2].kind == .other || word(j - 2)?.numRole == MoneyWordInfo.NumRole.none {
                return nil
            }
        }
        if j + 1 < n, !toks[j + 1].gap, toks[j + 1].kind == .punct, toks[j + 1].info == 47 || toks[j + 1].info == 0xD7,
           j + 2 < n, toks[j + 2].kind == .number {
            return nil
        }
        var q = Qty(value: moneyDecimal(tk.mant, Int(tk.exp)), end: j + 1)
        q.integral = tk.nflags & NumFlag.decimal == 0
        q.year = tk.nflags & NumFlag.yearLike != 0
        var k = j + 1
        // "2 and a half billion", "2-and-a-half million": only before a scale word.
        if q.integral, let (f, m) = andAFraction(k), scaleAt(m) != nil {
            q.value += f
            q.integral = false
            scales(&q, from: m)
            return q
        }
        // "C$500-million": a hyphen between the number and a written-out scale word.
        if isPunct(k, 45), !toks[k].gap, k + 1 < n, !toks[k + 1].gap, word(k + 1)?.scaleMode == .word { k += 1 }
        // "1 point 5 billion"
        if q.integral, role(k) == .point, k + 1 < n, toks[k + 1].kind == .number,
           toks[k + 1].nflags & (NumFlag.decimal | NumFlag.grouped | NumFlag.invalid) == 0 {
            let f = toks[k + 1]
            q.value += moneyDecimal(f.mant, -Int(f.intDigits))
            q.integral = false
            k += 2
        } else if let e = scaleAt(k), scaleAt(k + 1) == nil, !(k + 2 < n && toks[k + 1].kind == .number) {
            // The common case "2.5 billion": one scale, built in one step without Decimal arithmetic.
            q.value = moneyDecimal(tk.mant, Int(tk.exp) + e)
            q.scaleMult = moneyPow10(e)
            q.scaled = true
            q.integral = false
            q.year = false
            q.end = k + 1
            return q
        }
        scales(&q, from: k)
        return q
    }

    /// Scale words after a quantity: "bn", "million", compound "thousand million", mixed "2 billion 300 million".
    func scales(_ q: inout Qty, from start: Int) {
        var k = start
        var lastExp = 0
        var count = 0
        while k < n, count < 4, let e = scaleAt(k) {
            if count == 0 {
                q.scaleMult = moneyPow10(e)
                q.value *= q.scaleMult
            } else if e > lastExp {
                q.value *= moneyPow10(e)
                q.scaleMult *= moneyPow10(e)
            } else {
                break
            }
            lastExp = e
            count += 1
            k += 1
        }
        if count > 0 {
            q.scaled = true
            q.integral = false
            q.year = false
            var steps = 0
            while steps < 6, k + 1 < n, toks[k].kind == .number, toks[k].gap,
                  toks[k].nflags & (NumFlag.invalid | NumFlag.decimal) == 0,
                  let e2 = scaleAt(k + 1), e2 < lastExp, word(k + 1)?.scaleMode == .word {
                let part = moneyDecimal(toks[k].mant, 0)
                guard part * moneyPow10(e2) < moneyPow10(lastExp) else { break }
                q.value += part * moneyPow10(e2)
                lastExp = e2
                k += 2
                steps += 1
            }
        }
        q.end = k
    }

    /// "half a billion", "a quarter of a billion", "three quarters billion", "half a dollar".
    func fractionForm(_ j: Int) -> Qty? {
        var k = j
        var num = 1
        if let w = word(k), w.numRole == .article || (w.numRole == .unit && w.numValue >= 1) {
            num = w.numRole == .unit ? w.numValue : 1
            k += 1
            if isPunct(k, 45), !toks[k].gap { k += 1 }
        }
        guard let f = word(k), f.numRole == .fraction else { return nil }
        if f.fractionSingular && num != 1 { return nil }
        k += 1
        let frac = Decimal(num) * moneyDecimal(UInt64(f.numValue), -4)
        if role(k) == .of { k += 1 }
        if role(k) == .article { k += 1 }
        var q = Qty(value: frac, end: k)
        q.words = true
        q.integral = false
        q.bareFraction = true
        if let e = scaleAt(k), word(k)?.scaleMode == .word || word(k)?.scaleMode == .spaced {
            q.scaleMult = moneyPow10(e)
            q.value = frac * q.scaleMult
            q.scaled = true
            q.bareFraction = false
            q.end = k + 1
        }
        return q
    }

    /// "and a half" / "and a quarter" at `k`, with spaces or hyphens throughout ("-and-a-half"):
    /// the fraction and the index after it.
    func andAFraction(_ k: Int) -> (Decimal, Int)? {
        var m = k
        let hyphens = isPunct(m, 45) && !toks[m].gap
        /// Past a hyphen glued on both sides.
        func hyphen() -> Bool {
            guard isPunct(m, 45), !toks[m].gap, m + 1 < n, !toks[m + 1].gap else { return false }
            m += 1
            return true
        }
        if hyphens { guard hyphen() else { return nil } }
        guard role(m) == .and else { return nil }
        m += 1
        if hyphens { guard hyphen() else { return nil } }
        guard role(m) == .article else { return nil }
        m += 1
        if hyphens { guard hyphen() else { return nil } }
        guard let h = word(m), h.numRole == .fraction, h.fractionSingular else { return nil }
        return (moneyDecimal(UInt64(h.numValue), -4), m + 1)
    }

    /// Number words: "three", "twenty-five million", "one and a half billion", "a hundred".
    func wordNumber(_ j: Int) -> Qty? {
        guard let w0 = word(j) else { return nil }
        switch w0.numRole {
        case .unit, .teen, .tens, .article, .fraction: break
        default: return nil
        }
        if let fq = fractionForm(j) { return fq }
        enum Last { case none, unit, teen, tens, hundred, scale, and, article, frac }
        var k = j
        var total = Decimal(0), group = 0, frac = Decimal(0)
        var last = Last.none
        var lastExp = 99, nScales = 0, firstMult = Decimal(1)
        var any = false
        var steps = 0
        /// "and a half" after a number ("two and a half", "two-and-a-half") or after a scale
        /// ("a billion and a half": half of that scale).
        func addFraction(_ f: Decimal, _ m: Int) -> Bool {
            switch last {
            case .unit, .teen, .tens, .hundred:
                frac = f
            case .scale:
                total += f * moneyPow10(lastExp)
            default:
                return false
            }
            k = m
            last = .frac
            return true
        }
        loop: while k < n, steps < 40 {
            steps += 1
            if isPunct(k, 45), last == .tens, !toks[k].gap, k + 1 < n, !toks[k + 1].gap, role(k + 1) == .unit {
                k += 1
                continue
            }
            if isPunct(k, 45), let (f, m) = andAFraction(k), addFraction(f, m) { continue }
            guard let w = word(k) else { break }
            switch w.numRole {
            case .unit:
                guard last == .none || last == .scale || last == .hundred || last == .and || (last == .tens && group % 10 == 0) else { break loop }
                if w.numValue == 0 && last != .none { break loop }
                group += w.numValue
                last = .unit
                any = true
            case .teen, .tens:
                guard last == .none || last == .scale || last == .hundred || last == .and else { break loop }
                group += w.numValue
                last = w.numRole == .teen ? .teen : .tens
                any = true
            case .hundred:
                guard last == .unit || last == .teen || last == .article, group > 0, group < 100 else { break loop }
                group *= 100
                last = .hundred
                any = true
            case .article:
                guard last == .none, k == j else { break loop }
                group = 1
                last = .article
            case .and:
                // "one and a half billion", "a billion and a half"
                if let (f, m) = andAFraction(k), addFraction(f, m) { continue }
                guard last == .hundred || last == .scale, let nw = word(k + 1),
                      nw.numRole == .unit || nw.numRole == .teen || nw.numRole == .tens else { break loop }
                last = .and
            case .point:
                guard last == .unit || last == .teen || last == .tens else { break loop }
                var m = k + 1
                var digits: UInt64 = 0, nd = 0
                while m < n, nd < 18, let d = word(m), d.numRole == .unit {
                    digits = digits * 10 + UInt64(d.numValue)
                    nd += 1
                    m += 1
                }
                guard nd > 0 else { break loop }
                frac = moneyDecimal(digits, -nd)
                k = m
                last = .frac
                continue
            default:
                guard w.scaleMode == .word || (w.scaleMode == .spaced && toks[k].gap) else { break loop }
                let e = w.scaleExp
                guard group > 0 || frac > 0 || last == .article else { break loop }
                if last == .scale && nScales == 1 && e > lastExp && group == 0 {
                    total *= moneyPow10(e)
                    firstMult *= moneyPow10(e)
                    lastExp = e
                    k += 1
                    continue
                }
                guard e < lastExp else { break loop }
                let mult = moneyPow10(e)
                total += (Decimal(group) + frac) * mult
                if nScales == 0 { firstMult = mult }
                group = 0
                frac = 0
                lastExp = e
                nScales += 1
                last = .scale
                any = true
            }
            k += 1
        }
        if last == .and { k -= 1 }
        if !any {
            guard last == .article else { return nil }
            var q = Qty(value: 1, end: j + 1)
            q.article = true
            q.words = true
            return q
        }
        var q = Qty(value: total + Decimal(group) + frac, end: k)
        q.words = true
        q.scaled = nScales > 0
        q.scaleMult = firstMult
        q.integral = nScales == 0 && frac == 0
        return q
    }

    // MARK: currencies

    func currencyWord(_ j: Int, pre: Bool) -> Cur? {
        guard let w = word(j) else { return nil }
        if w.phraseStart {
            for len in [3, 2] where j + len - 1 < n {
                var key = t.keys[Int(toks[j].info)]
                var ok = true
                for m in 1..<len {
                    guard word(j + m) != nil, toks[j + m].gap else { ok = false; break }
                    key += " " + t.keys[Int(toks[j + m].info)]
                }
                guard ok, let pi = t.phrases[key] else { continue }
                let p = words[Int(pi)]
                if p.name >= 0 && (!pre || p.namePre) {
                    var c = Cur(iso: p.name, kind: .name, end: j + len)
                    c.weight = p.nameWeight
                    c.context = p.nameContext
                    return c
                }
                if p.minor >= 0 && !pre {
                    var c = Cur(iso: p.minor, kind: .minor, end: j + len)
                    c.minorExp = p.minorExp
                    return c
                }
            }
        }
        let cm = toks[j].caseMask
        if w.code >= 0, cm & w.codeCase != 0 {
            let gluedNumberNext = j + 1 < n && toks[j + 1].kind == .number && !toks[j + 1].gap
            if pre {
                if !w.codeSuffixOnly || gluedNumberNext {
                    var c = Cur(iso: w.code, kind: .code, end: j + 1)
                    c.mega = w.codeMega
                    c.strict = w.codeStrict
                    c.context = w.codeContext
                    return c
                }
            } else if !gluedNumberNext {
                var c = Cur(iso: w.code, kind: .code, end: j + 1)
                c.mega = w.codeMega
                c.context = w.codeContext
                return c
            }
        }
        if w.name >= 0, !pre || w.namePre, !w.nameNoCap || cm & (MoneyCase.capitalized | MoneyCase.mixed) == 0 {
            var c = Cur(iso: w.name, kind: .name, end: j + 1)
            c.weight = w.nameWeight
            c.singularPound = w.nameSingularPound
            c.suffixOnly = w.nameSuffixOnly
            c.context = w.nameContext
            return c
        }
        if pre { return nil }
        if w.minor >= 0, !w.minorGlued || !toks[j].gap {
            // "c" alone is a minor unit only in lower case ("10 c", "43c").
            if w.minorLowerOnly && cm & MoneyCase.lower == 0 { return nil }
            var c = Cur(iso: w.minor, kind: .minor, end: j + 1)
            c.minorExp = w.minorExp
            c.inherit = w.minorInherit
            return c
        }
        if w.slang >= 0, cm & MoneyCase.lower != 0 {
            var c = Cur(iso: w.slang, kind: .slang, end: j + 1)
            c.slangExp = w.slangExp
            return c
        }
        return nil
    }

    func symbolCur(_ j: Int) -> Cur? {
        guard j < n, toks[j].kind == .symbol else { return nil }
        let s = toks[j]
        switch s.symKind {
        case 0: return Cur(iso: s.info, kind: .dollar, end: j + 1, context: MoneyContext.dollar)
        case 2: return Cur(iso: s.info, kind: .minor, end: j + 1, inherit: true)
        default: return Cur(iso: s.info, kind: .symbol, end: j + 1)
        }
    }

    /// Currency written before the number: "$", "US$", "USD", "Rs.", "ringgit".
    func prefixCur(_ i: Int) -> Cur? {
        if var c = symbolCur(i) {
            guard c.kind != .minor else { return nil }
            var j = i + 1
            if isPunct(j, 58), !toks[j].gap, j + 1 < n, toks[j + 1].kind == .number { j += 1 }  // "US$:12.99"
            if c.kind == .dollar, let cw = currencyWord(j, pre: true), cw.kind == .code,
               cw.end < n, toks[cw.end].kind == .number {
                c = cw  // "$ SGD4.90"
                j = cw.end
            }
            c.end = j
            guard j < n, toks[j].kind == .number || toks[j].kind == .word else { return nil }
            return c
        }
        guard let c = currencyWord(i, pre: true), c.kind == .code || c.kind == .name else { return nil }
        guard c.end < n, toks[c.end].kind == .number else { return nil }
        return c
    }

    func isMinorAt(_ j: Int) -> Bool {
        if let s = symbolCur(j) { return s.kind == .minor }
        if let c = currencyWord(j, pre: false) { return c.kind == .minor }
        return false
    }

    /// Currency written after the quantity: "20€", "10 dollars", "300 million USD", "12-cent".
    func suffixCur(_ k: Int, hasPre: Bool) -> Cur? {
        guard k < n else { return nil }
        if var s = symbolCur(k) {
            // After "$1", a "$" before a number starts the next amount ("$1 $2").
            if hasPre, k + 1 < n, toks[k + 1].kind == .number { return nil }
            // A symbol between two numbers goes with the next one ("1 $10"), unless the next number
            // carries the same symbol or a minor unit itself ("10 $ 30 $", "10 $ 30 cent").
            let m = k + 1
            if s.kind != .minor, m < n, toks[m].kind == .number {
                guard let nq = numeral(m) else { return s }
                let a = nq.end
                let same = a < n && toks[a].kind == .symbol && toks[a].info == toks[k].info
                guard same || isMinorAt(a) else { return nil }
            }
            s.end = k + 1
            return s
        }
        if toks[k].kind == .word { return currencyWord(k, pre: false) }
        // "one-yen bid", "12-cent-a-share"
        if isPunct(k, 45), !toks[k].gap, k + 1 < n, !toks[k + 1].gap, let c = currencyWord(k + 1, pre: false),
           c.kind == .name || c.kind == .minor {
            var h = c
            h.singularPound = c.weight  // a hyphenated pound is a weight ("a 5-pound bag")
            return h
        }
        return nil
    }

    /// What follows an amount is a plain word the recogniser does not know (a noun: "bag", "area").
    func contentWordAt(_ j: Int) -> Bool {
        guard j < n else { return false }
        if toks[j].kind == .word {
            // A known word with no role of its own (a word of a multi-word name: "account", "new").
            let w = words[Int(toks[j].info)]
            return w.numRole == .none && w.scaleMode == .none && !w.isCurrency
        }
        return toks[j].kind == .other || (isPunct(j, 45) && !toks[j].gap)
    }

    // MARK: atoms and expressions

    func atom(_ i: Int, allowBare: Bool, andMinor: Bool) -> Atom? {
        var j = i
        var pre: Cur? = nil
        if let p = prefixCur(i) {
            pre = p
            j = p.end
        }
        guard var q = qty(j) else { return nil }
        if pre != nil && q.article { return nil }
        let k = q.end
        if isPunct(k, 37) || role(k) == .percent { return nil }
        var post = suffixCur(k, hasPre: pre != nil)
        if let p = pre, let s = post {
            if s.kind == .minor || s.kind == .slang {
                post = nil
            } else if s.iso == p.iso || (s.kind == .dollar && p.kind == .code) {
                post = Cur(iso: p.iso, kind: p.kind, end: s.end, mega: p.mega,
                           context: MoneyContext.combine(p.context, s.context))
                pre = nil
            } else if p.kind == .dollar {
                pre = nil
            } else {
                post = nil
            }
        }
        var cur: Int32 = -1
        var ctx = MoneyContext.none
        var end = k
        var minorOnly = false
        if let s = post {
            switch s.kind {
            case .name:
                if s.singularPound && !(q.value == 1 && !q.scaled) { return nil }
                if s.weight && !q.scaled && role(s.end) == .of { return nil }
                if q.year && s.suffixOnly && !q.scaled { return nil }
                if q.article && contentWordAt(s.end) { return nil }
                // "crowns" only after a real number and not before a noun ("two crown jewels").
                if s.context == MoneyContext.crown && (q.article || (!q.scaled && contentWordAt(s.end))) { return nil }
            case .slang:
                if q.year || q.scaled || contentWordAt(s.end) { return nil }
                q.value *= moneyPow10(s.slangExp)
                q.integral = false
            case .minor:
                q.value *= moneyPow10(-s.minorExp)
                q.integral = false
                minorOnly = true
            default:
                if q.article { return nil }
            }
            cur = s.iso
            ctx = s.context
            end = s.end
            if s.mega { q.value *= moneyPow10(6); q.scaled = true }
            // "75 USD million"
            if s.kind == .code, !q.scaled, let e = scaleAt(end), word(end)?.scaleMode == .word || word(end)?.scaleMode == .spaced {
                q.scaleMult = moneyPow10(e)
                q.value *= q.scaleMult
                q.scaled = true
                q.integral = false
                end += 1
            }
        } else if let p = pre {
            if q.article { return nil }
            // "UA 10 million", "UA 2.5", "UA 1,200,000"; not a flight ("UA 857") or a year.
            if p.strict && !q.scaled
                && !(toks[j].kind == .number && toks[j].nflags & (NumFlag.decimal | NumFlag.grouped) != 0) { return nil }
            cur = p.iso
            ctx = p.context
            if p.mega { q.value *= moneyPow10(6); q.scaled = true }
            if p.kind == .name {
                // "ringgit 42", "dollar 22.5 million": only when nothing else claims the number.
                if contentWordAt(end) || isPunct(end, 45) { return nil }
            }
        } else {
            if q.article { return nil }
            if role(k) == .per { return nil }
        }
        if cur < 0 {
            guard allowBare, !q.bareFraction else { return nil }
            return Atom(start: i, end: end, value: q.value, cur: -1, scaled: q.scaled, scaleMult: q.scaleMult, year: q.year)
        }
        var value = q.value
        // Minor part: "$20 and 43c", "20 dollars 43 cents", "3 GBP and one", "15 dollars 50".
        if !minorOnly, q.integral, !q.scaled {
            var m = end
            if role(m) == .and {
                m = andMinor ? m + 1 : n
            }
            if m < n, let (sv, sEnd) = smallNumber(m) {
                if let mu = minorUnit(sEnd) {
                    value += Decimal(sv) * moneyPow10(-mu.minorExp)
                    end = mu.end
                    if mu.minorExp == 1, let (fv, fEnd) = smallNumber(end), fv < 10, bareMinorOK(fEnd) {
                        value += Decimal(fv) * moneyPow10(-2)
                        end = fEnd
                    }
                } else if bareMinorOK(sEnd) {
                    value += Decimal(sv) * moneyPow10(-2)
                    end = sEnd
                }
            }
        }
        return Atom(start: i, end: end, value: value, cur: cur, scaled: q.scaled, scaleMult: q.scaleMult, year: q.year,
                    context: ctx)
    }

    /// A whole number under 100 written as digits or words ("43", "forty-two").
    func smallNumber(_ m: Int) -> (Int, Int)? {
        guard m < n else { return nil }
        let tk = toks[m]
        if tk.kind == .number {
            guard tk.gap, tk.nflags & (NumFlag.invalid | NumFlag.decimal | NumFlag.grouped) == 0, tk.intDigits <= 2,
                  scaleAt(m + 1) == nil else { return nil }
            return (Int(tk.mant), m + 1)
        }
        guard let w = word(m), w.numRole == .unit || w.numRole == .teen || w.numRole == .tens,
              let q = wordNumber(m), !q.scaled, q.integral, !q.article, q.value < 100 else { return nil }
        return (NSDecimalNumber(decimal: q.value).intValue, q.end)
    }

    func minorUnit(_ j: Int) -> Cur? {
        if let s = symbolCur(j), s.kind == .minor { return s }
        if let c = currencyWord(j, pre: false), c.kind == .minor { return c }
        return nil
    }

    /// A bare number after a major amount is its minor part only at the end of the phrase.
    func bareMinorOK(_ j: Int) -> Bool {
        guard j < n else { return true }
        let tk = toks[j]
        switch tk.kind {
        case .number, .symbol: return false
        case .other: return true
        case .punct:
            let c = tk.info
            return !(c == 45 || c == 37 || c == 47 || c == 58 || c == 0xB1 || c == 0xD7 || (c == 46 && !tk.gap && j + 1 < n && toks[j + 1].kind == .number))
        case .word:
            let w = words[Int(tk.info)]
            if w.isCurrency || w.scaleMode != .none || w.numRole == .per || w.numRole == .percent || w.numRole == .fraction
                || w.numRole == .hundred {
                return false
            }
            return true
        }
    }

    func startable(_ i: Int) -> Bool {
        let tk = toks[i]
        switch tk.kind {
        case .number: return true
        case .symbol: return tk.symKind != 2
        case .word:
            let w = words[Int(tk.info)]
            switch w.numRole {
            case .unit, .teen, .tens, .article, .fraction, .between, .from: return true
            default: return w.code >= 0 || w.name >= 0
            }
        default: return false
        }
    }

    func expr(_ i: Int) -> Expr? {
        var k = i
        let opener = role(i) == .between || role(i) == .from
        if opener { k = i + 1 }
        guard let a = atom(k, allowBare: true, andMinor: !opener) else { return nil }
        let c = a.end
        var conn = 0
        if isPunct(c, 45) { conn = 1 } else if role(c) == .to { conn = 2 } else if opener && role(c) == .and { conn = 3 }
        if conn != 0, let b = atom(c + 1, allowBare: true, andMinor: false), let r = range(a, b, conn: conn, opener: opener, start: i) {
            return r
        }
        if opener || a.cur < 0 { return nil }
        return Expr(start: a.start, end: a.end, amount: a.value, amountMax: nil, cur: a.cur, context: a.context)
    }

    func range(_ a: Atom, _ b: Atom, conn: Int, opener: Bool, start: Int) -> Expr? {
        if a.cur >= 0 && b.cur >= 0 && a.cur != b.cur { return nil }
        let cur = a.cur >= 0 ? a.cur : b.cur
        guard cur >= 0 else { return nil }
        if a.cur < 0 && a.year { return nil }
        if b.cur < 0 && b.year { return nil }
        if b.cur < 0 && conn == 2 && !opener && !b.scaled { return nil }
        var lo = a.value
        let hi = b.value
        if !a.scaled && b.scaled {
            let shared = a.value * b.scaleMult
            if shared <= hi {
                lo = shared
            } else if a.cur < 0 {
                return nil
            }
        }
        guard lo < hi else { return nil }
        let ctx = a.cur < 0 ? b.context : (b.cur < 0 ? a.context : MoneyContext.combine(a.context, b.context))
        return Expr(start: start, end: b.end, amount: lo, amountMax: hi, cur: cur, context: ctx)
    }

    /// Tries start positions from `i0` while they are below `limit`, continuing a left-to-right scan
    /// whose last match ended at or before `i0`; appends matches in byte offsets and returns the
    /// position the scan continues from (past `limit` when a match ends beyond it).
    func parse(from i0: Int, to limit: Int, into out: inout [MoneyFound]) -> Int {
        var i = i0
        while i < limit {
            if startable(i), let e = expr(i) {
                out.append(MoneyFound(start: Int(toks[e.start].start), end: Int(toks[e.end - 1].end),
                                      amount: e.amount, amountMax: e.amountMax, cur: e.cur, context: e.context))
                i = max(e.end, i + 1)
                continue
            }
            i += 1
        }
        return i
    }

    func parseAll() -> [Expr] {
        var out: [Expr] = []
        var i = 0
        while i < n {
            if startable(i), let e = expr(i) {
                out.append(e)
                i = max(e.end, i + 1)
                continue
            }
            i += 1
        }
        return out
    }
}
