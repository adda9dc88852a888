import Foundation

/// "respectively" lists that share one scale word and currency: "12 and 8 million euros,
/// respectively" is 12 million and 8 million euros; "$3, $4 and $5 billion respectively" is three
/// billions of dollars.
///
/// A pass over the matches of the grammar and the bytes (not the tokens), so that the windowed
/// fast path and the whole-text reference give the same result: the grammar never reads across the
/// commas of a list (`MoneyWindows` relies on that). For each match E that is not a range and is
/// written as a numeral times a power of ten (a scale word or none) with its currency, the items
/// right before it are read backwards: "N and E", "N, N and E", "N, N, and E", each N a bare numeral
/// or a match of E's currency written as E's prefix and a numeral only ("$3" before "$5 billion").
/// The list counts when "respectively" follows E in the same clause, or stands right before the
/// first item. Each item then takes E's multiplier and currency; a bare item's text is its numeral.
enum MoneyLists {
    static let maxItems = 8
    /// How far after the last amount "respectively" may stand ("... to Kyiv and Lviv, respectively").
    static let respectivelyReach = 160

    static func apply(_ b: UnsafeBufferPointer<UInt8>, _ found: [MoneyFound]) -> [MoneyFound] {
        var out = found
        var extra: [MoneyFound] = []
        var changed = false
        for (ei, e) in found.enumerated() where e.amountMax == nil {
            // Cheap test first: " and " right before the amount.
            guard var p = andBefore(b, e.start) else { continue }
            guard let (prefix, eNum) = prefixAndNumeral(b, e.start, e.end), let exp = powerOfTen(e.amount, over: eNum.value)
            else { continue }
            // Items, nearest first: (start, end, value, index in `found` or -1).
            var items: [(Int, Int, Decimal, Int)] = []
            var fi = ei - 1
            while items.count < maxItems {
                while fi >= 0 && found[fi].start >= p { fi -= 1 }
                let prevEnd = fi >= 0 ? found[fi].end : 0
                if fi >= 0, found[fi].end == p {
                    // A match of its own: E's prefix and a numeral, E's currency, no scale.
                    let f = found[fi]
                    guard f.amountMax == nil, f.cur == e.cur, let (fp, fn) = prefixAndNumeral(b, f.start, f.end),
                          fn.end == f.end, fp.count == prefix.count, zip(fp, prefix).allSatisfy({ $0 == $1 }),
                          fn.value == f.amount
                    else { break }
                    items.append((f.start, f.end, fn.value, fi))
                } else {
                    guard let (s, v) = bareNumeralEnding(b, at: p), s >= prevEnd else { break }
                    items.append((s, p, v, -1))
                }
                guard let q = commaBefore(b, items[items.count - 1].0) else { break }
                p = q
            }
            guard let first = items.last,
                  respectivelyAfter(b, e.end, limit: ei + 1 < found.count ? found[ei + 1].start : b.count)
                    || respectivelyBefore(b, first.0)
            else { continue }
            let mult = moneyPow10(exp)
            for (s, end, v, idx) in items {
                if idx >= 0 {
                    out[idx].amount = v * mult
                } else {
                    extra.append(MoneyFound(start: s, end: end, amount: v * mult, amountMax: nil, cur: e.cur, context: e.context))
                }
            }
            changed = true
        }
        guard changed else { return found }
        if extra.isEmpty { return out }
        out.append(contentsOf: extra)
        out.sort { $0.start < $1.start }
        return out
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 97 < 26 }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    /// Start of " and " / ", and " ending at `s` (the connector before the last amount), or nil.
    static func andBefore(_ b: UnsafeBufferPointer<UInt8>, _ s: Int) -> Int? {
        var q = s
        var k = 0
        while q > 0, k < 4, isSpace(b[q - 1]) { q -= 1; k += 1 }
        guard k > 0, q >= 4, b[q - 1] | 0x20 == 100, b[q - 2] | 0x20 == 110, b[q - 3] | 0x20 == 97, isSpace(b[q - 4]) else {
            return nil
        }
        q -= 4
        k = 0
        while q > 0, k < 4, isSpace(b[q - 1]) { q -= 1; k += 1 }
        if q > 0, b[q - 1] == 44 { q -= 1 }  // the serial comma: "3, 4, and 5"
        return q
    }

    /// Start of ", " ending at `s` (between two items), or nil.
    static func commaBefore(_ b: UnsafeBufferPointer<UInt8>, _ s: Int) -> Int? {
        var q = s
        var k = 0
        while q > 0, k < 4, isSpace(b[q - 1]) { q -= 1; k += 1 }
        guard k > 0, q > 0, b[q - 1] == 44 else { return nil }
        return q - 1
    }

    struct Numeral { var value: Decimal; var end: Int }

    /// A numeral at `p`: digits with comma groups of three and a decimal part ("1,250", "2.5").
    static func numeral(_ b: UnsafeBufferPointer<UInt8>, _ p: Int, _ limit: Int) -> Numeral? {
        var q = p
        var mant: UInt64 = 0, digits = 0, frac = 0, lead = 0
        while q < limit, isDigit(b[q]), digits < 18 { mant = mant * 10 + UInt64(b[q] - 48); q += 1; digits += 1; lead += 1 }
        guard lead > 0, !(q < limit && isDigit(b[q])) else { return nil }
        if lead <= 3 {
            while q + 4 <= limit, b[q] == 44, isDigit(b[q + 1]), isDigit(b[q + 2]), isDigit(b[q + 3]),
                  !(q + 4 < limit && isDigit(b[q + 4])), digits < 16 {
                for r in 1...3 { mant = mant * 10 + UInt64(b[q + r] - 48) }
                digits += 3
                q += 4
            }
        }
        if q + 1 < limit, b[q] == 46, isDigit(b[q + 1]) {
            q += 1
            while q < limit, isDigit(b[q]), digits < 18 { mant = mant * 10 + UInt64(b[q] - 48); q += 1; digits += 1; frac += 1 }
            if q < limit, isDigit(b[q]) { return nil }
        }
        // A year is no amount of a list ("in 2022 and 2023").
        if frac == 0, digits == 4, lead == 4, mant >= 1800, mant <= 2199 { return nil }
        return Numeral(value: moneyDecimal(mant, -frac), end: q)
    }

    /// The bytes before the first digit of a match (its currency prefix: "$", "US$", "€", "EUR ")
    /// and the numeral there; nil when the match does not start with up to eight such bytes.
    static func prefixAndNumeral(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> ([UInt8], Numeral)? {
        var d = s
        while d < e, d - s <= 8, !isDigit(b[d]) { d += 1 }
        guard d < e, d - s <= 8, let num = numeral(b, d, e) else { return nil }
        return (Array(UnsafeBufferPointer(rebasing: b[s..<d])), num)
    }

    /// k with amount = value × 10^k, 0 ≤ k ≤ 12 (a scale word or none), or nil.
    static func powerOfTen(_ amount: Decimal, over value: Decimal) -> Int? {
        guard value > 0 else { return nil }
        for k in 0...12 where value * moneyPow10(k) == amount { return k }
        return nil
    }

    /// A bare numeral ending at `p`, standing after a space or "(": its start and value.
    static func bareNumeralEnding(_ b: UnsafeBufferPointer<UInt8>, at p: Int) -> (Int, Decimal)? {
        guard p > 0, isDigit(b[p - 1]) else { return nil }
        var s = p
        while s > 0, p - s < 24, isDigit(b[s - 1]) || b[s - 1] == 44 || b[s - 1] == 46 { s -= 1 }
        while s < p, !isDigit(b[s]) { s += 1 }
        guard s > 0 ? (isSpace(b[s - 1]) || b[s - 1] == 40) : true, let num = numeral(b, s, p), num.end == p else { return nil }
        return (s, num.value)
    }

    /// "respectively" in the clause after `e` (before `limit`, a sentence or clause end, or the next match).
    static func respectivelyAfter(_ b: UnsafeBufferPointer<UInt8>, _ e: Int, limit: Int) -> Bool {
        let end = min(limit, b.count, e + respectivelyReach)
        var q = e
        while q < end {
            let c = b[q]
            if c == 46 || c == 59 || c == 33 || c == 63 || c == 10 { return false }
            if c | 0x20 == 114, q == 0 || !isLetter(b[q - 1]), isRespectively(b, q) { return true }
            q += 1
        }
        return false
    }

    /// "respectively" (and a comma or spaces) right before `s`: "received, respectively, 12 and 8 million".
    static func respectivelyBefore(_ b: UnsafeBufferPointer<UInt8>, _ s: Int) -> Bool {
        var q = s
        var k = 0
        while q > 0, k < 6, isSpace(b[q - 1]) || b[q - 1] == 44 { q -= 1; k += 1 }
        guard k > 0, q >= 12 else { return false }
        return (q == 12 || !isLetter(b[q - 13])) && isRespectively(b, q - 12)
    }

    static let word: [UInt8] = Array("respectively".utf8)

    /// The word "respectively" (any case) at `q`, not followed by a letter.
    static func isRespectively(_ b: UnsafeBufferPointer<UInt8>, _ q: Int) -> Bool {
        guard q + 12 <= b.count else { return false }
        for k in 0..<12 where b[q + k] | 0x20 != word[k] { return false }
        return q + 12 == b.count || !isLetter(b[q + 12])
    }
}
