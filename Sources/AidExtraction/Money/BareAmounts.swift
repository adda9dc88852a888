import Foundation

/// Amounts written without a currency that take the currency of the money before them: "gave 80
/// million kroner ... A further 12 million was set aside", a table of "WHO: 0.8 million" rows
/// under a sum in dollars.
///
/// A document pass over the bytes after the grammar and the currency context (so a bare amount
/// takes the currency the document decided for its antecedent). A bare amount is a numeral in
/// digits followed by "million" or "billion", outside every match, that ends its
/// clause or is followed by a verb or preposition of giving ("was", "will", "to", "for" ...), never
/// by a noun ("5 million people" is a count). Its antecedent is the nearest match before it in
/// the same paragraph (no blank line between) and at most `reach` bytes away; without one the
/// numeral stays a number. The flow decision sees that the currency was inherited (a feature).
enum BareAmounts {
    /// How far before the bare amount its antecedent may end.
    static let reach = 2_000
    /// Words that may follow a bare amount of money (a verb or preposition of giving).
    static let followers: Set<String> = [
        "was", "will", "would", "to", "for", "from", "each", "went", "goes", "go", "came", "comes",
    ]

    static func apply(_ b: UnsafeBufferPointer<UInt8>, _ found: [MoneyFound]) -> [MoneyFound] {
        guard !found.isEmpty, let base = b.baseAddress else { return found }
        var extra: [MoneyFound] = []
        var fi = 0  // first match ending after the scan position
        let n = b.count
        // the scale words, found eight bytes at a time (a byte loop here cost a sixth of the
        // recogniser's time)
        var from = found[0].end
        while let k = nextIllion(base, from, n) {
            from = k + 6
            let i = k - 1  // the scale word's first byte
            guard i > 1, b[i] == UInt8(ascii: "m") || b[i] == UInt8(ascii: "b"), b[i - 1] == 0x20, isDigit(b[i - 2]),
                  let (scaleEnd, power) = scale(b, i) else { continue }
            while fi < found.count && found[fi].end <= i { fi += 1 }
            // inside a match (its own scale word)
            if fi < found.count && found[fi].start <= i { continue }
            guard let (numStart, value) = numeral(b, before: i - 1), fi > 0 else { continue }
            let ante = found[fi - 1]
            guard ante.end <= numStart, numStart - ante.end <= reach, followerOK(b, scaleEnd),
                  !blankLine(b, ante.end, numStart), !isMoneyPrefixed(b, numStart) else { continue }
            var amount = value
            for _ in 0..<power { amount *= 10 }
            extra.append(MoneyFound(start: numStart, end: scaleEnd, amount: amount, amountMax: nil, cur: ante.cur,
                                    context: MoneyContext.none, inherited: true))
        }
        if extra.isEmpty { return found }
        return (found + extra).sorted { $0.start < $1.start }
    }

    /// The first "illion" at or after `from`: a word-at-a-time test for "ll" (no zero byte in
    /// (x ^ "llllllll") | (y ^ "llllllll") for x, y the words at k and k + 1 means no "ll" in
    /// k ..< k + 8), then a byte check of the candidates.
    static func nextIllion(_ base: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int? {
        @inline(__always) func isIllion(_ j: Int) -> Bool {
            // "ll" at j: 'i' before it, "ion" after it
            j >= 1 && j + 4 < n && base[j] == 0x6c && base[j + 1] == 0x6c && base[j - 1] == 0x69
                && base[j + 2] == 0x69 && base[j + 3] == 0x6f && base[j + 4] == 0x6e
        }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080, ll = 0x6c &* ones
        var k = from + 1  // the "ll" of an "illion" starting at `from`
        let raw = UnsafeRawPointer(base)
        while k + 9 <= n {
            let z = (raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) ^ ll)
                | (raw.loadUnaligned(fromByteOffset: k + 1, as: UInt64.self) ^ ll)
            if (z &- ones) & ~z & highs != 0 {
                for j in k..<(k + 8) where isIllion(j) { return j - 1 }
            }
            k += 8
        }
        while k + 1 < n {
            if isIllion(k) { return k - 1 }
            k += 1
        }
        return nil
    }

    /// The end of a scale word at `i` ("million" or "billion", already known to end in
    /// "illion") and its power of ten.
    @inline(__always) static func scale(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        let e = i + 7
        if e < b.count && isWordByte(b[e]) { return nil }  // "millions", "billionaire"
        return (e, b[i] == UInt8(ascii: "m") ? 6 : 9)
    }

    /// A numeral in digits ending at byte `end` (exclusive) - "35", "21.4", "1,250" - and its value.
    static func numeral(_ b: UnsafeBufferPointer<UInt8>, before end: Int) -> (Int, Decimal)? {
        var s = end
        while s > 0 {
            let c = b[s - 1]
            if isDigit(c) { s -= 1; continue }
            if c == UInt8(ascii: ".") || c == UInt8(ascii: ","), s < end, isDigit(b[s]), s >= 2, isDigit(b[s - 2]) { s -= 1; continue }
            break
        }
        guard s < end, isDigit(b[s]), isDigit(b[end - 1]) else { return nil }
        // a numeral inside a word or a code ("A320", "COVID-19") is no amount
        if s > 0, isWordByte(b[s - 1]) || b[s - 1] == UInt8(ascii: "-") || b[s - 1] == UInt8(ascii: "$") { return nil }
        var digits = ""
        for k in s..<end where b[k] != UInt8(ascii: ",") { digits.unicodeScalars.append(Unicode.Scalar(b[k])) }
        guard let v = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")), v > 0 else { return nil }
        return (s, v)
    }

    /// The clause ends after the scale word, or a giving verb or preposition follows it.
    static func followerOK(_ b: UnsafeBufferPointer<UInt8>, _ e: Int) -> Bool {
        var k = e
        while k < b.count && b[k] == 0x20 { k += 1 }
        guard k < b.count else { return true }
        let c = b[k]
        if c == UInt8(ascii: "\n") || c == UInt8(ascii: ".") || c == UInt8(ascii: ",") || c == UInt8(ascii: ";")
            || c == UInt8(ascii: ")") || c == UInt8(ascii: "|") { return true }
        var w = ""
        while k < b.count && isWordByte(b[k]) && w.utf8.count < 8 {
            w.unicodeScalars.append(Unicode.Scalar(b[k] | 0x20)); k += 1
        }
        return followers.contains(w)
    }

    /// A blank line (paragraph break) between bytes `from` and `to`.
    static func blankLine(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var k = from
        while k + 1 < to {
            if b[k] == UInt8(ascii: "\n") {
                var j = k + 1
                while j < to && (b[j] == 0x20 || b[j] == UInt8(ascii: "\t") || b[j] == UInt8(ascii: "\r")) { j += 1 }
                if j < to && b[j] == UInt8(ascii: "\n") { return true }
            }
            k += 1
        }
        return false
    }

    /// A currency-like prefix the grammar did not read ("Rs 200", "Sh 11.5"): not ours to guess.
    static func isMoneyPrefixed(_ b: UnsafeBufferPointer<UInt8>, _ s: Int) -> Bool {
        var k = s - 1
        while k >= 0 && b[k] == 0x20 { k -= 1 }
        guard k >= 0 else { return false }
        if b[k] >= 0x80 { return true }  // a currency sign ("₹", "£") the grammar left
        var len = 0
        while k >= 0 && isWordByte(b[k]) { k -= 1; len += 1 }
        // a short capitalised token right before the numeral ("Rs", "Sh", "Tk", "UA")
        return len > 0 && len <= 3 && b[k + 1] >= UInt8(ascii: "A") && b[k + 1] <= UInt8(ascii: "Z")
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) static func isWordByte(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= 97 && c | 0x20 <= 122)
    }
}
