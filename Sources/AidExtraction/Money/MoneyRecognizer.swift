import Foundation

/// Stage 1 of extraction: finds every money expression in a text ("$2 billion", "three billion
/// Euros", "between €3 and €4 billion", "nearly $50bn") with its exact amount, range, ISO 4217
/// currency and hedge.
///
/// A byte prefilter finds the triggers (currency symbols and words, `MoneyTriggerScanner`); only
/// windows of text around them are lexed (`MoneyLexer`) and parsed with a bounded-lookahead grammar
/// (`MoneyParser`), with exactly the results of a pass over the whole text (`MoneyWindows`,
/// `runReference`), then two passes over the whole text decide what the grammar cannot see alone:
/// lists sharing one scale ("12 and 8 million euros, respectively", `MoneyLists`) and currencies
/// the document decides (a bare "$" in a Canadian article, "crowns", `CurrencyContext`).
/// Time is linear in the input. The tables come from `seeds/currencies.tsv` and `seeds/numbers.tsv` and
/// are built once, so creating a recogniser is free and it is safe to share across threads.
public struct MoneyRecognizer: Sendable {
    public init() {}

    /// Money expressions in `text`, in text order, spans relative to the start of `text`.
    public func recognize(_ text: Substring) -> [MoneyExpression] {
        if let r = text.utf8.withContiguousStorageIfAvailable({ MoneyRecognizer.run($0) }) { return r }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { MoneyRecognizer.run($0) }
    }

    /// Convenience for whole strings.
    public func recognize(_ text: String) -> [MoneyExpression] { recognize(text[...]) }

    /// The fast path: lexes and parses only windows around triggers (`MoneyWindows`).
    static func run(_ b: UnsafeBufferPointer<UInt8>) -> [MoneyExpression] {
        let tables = MoneyTables.shared
        let found = tables.withLookup { lk in
            MoneyByteClass.table.withUnsafeBufferPointer { cls in MoneyWindows.run(b, tables, lk, cls) }
        }
        return finish(b, document(b, found, tables), tables)
    }

    /// The passes over the whole text after the grammar, the same on both paths: "respectively"
    /// lists (`MoneyLists`), then the currencies the document decides (`CurrencyContext`: a bare
    /// "$" in a Canadian text, "crowns" in a Czech one).
    static func document(_ b: UnsafeBufferPointer<UInt8>, _ found: [MoneyFound], _ tables: MoneyTables) -> [MoneyFound] {
        if found.isEmpty { return found }
        return BareAmounts.apply(b, CurrencyContext.apply(b, MoneyLists.apply(b, found), tables))
    }

    /// The reference path: lexes the whole text and parses every token. Same results as `run`,
    /// slower; kept so that tests can compare the two.
    static func runReference(_ b: UnsafeBufferPointer<UInt8>) -> [MoneyExpression] {
        let tables = MoneyTables.shared
        return finish(b, document(b, grammarReference(b), tables), tables)
    }

    /// The matches of the grammar over the whole text, before the document passes (for tests:
    /// these are what the windows must reproduce).
    static func grammarReference(_ b: UnsafeBufferPointer<UInt8>) -> [MoneyFound] {
        let tables = MoneyTables.shared
        return tables.withLookup { lk in
            let toks = MoneyByteClass.table.withUnsafeBufferPointer { cls in
                var lexer = MoneyLexer(b, tables: tables, lookup: lk, classes: cls)
                return lexer.run()
            }
            if toks.isEmpty { return [] }
            return toks.withUnsafeBufferPointer { tp in
                MoneyParser(toks: tp, n: tp.count, t: tables, words: lk.words).parseAll().map { e in
                    MoneyFound(start: Int(tp[e.start].start), end: Int(tp[e.end - 1].end), amount: e.amount,
                               amountMax: e.amountMax, cur: e.cur, context: e.context)
                }
            }
        }
    }

    /// `recognize` on the reference path (for tests).
    func recognizeReference(_ text: String) -> [MoneyExpression] {
        var s = text
        return s.withUTF8 { MoneyRecognizer.runReference($0) }
    }

    /// Hedges, code-point spans and surface text of the matches.
    static func finish(_ b: UnsafeBufferPointer<UInt8>, _ exprs: [MoneyFound], _ tables: MoneyTables) -> [MoneyExpression] {
        if exprs.isEmpty { return [] }
        var out: [MoneyExpression] = []
        out.reserveCapacity(exprs.count)
        var cpPos = 0, bytePos = 0
        for e in exprs {
            var s = e.start
            var end = e.end
            var hedge: String? = nil
            if let (h, hs) = hedgeBefore(b, s, tables) {
                hedge = h
                s = hs
            }
            if let (h, he) = hedgeAfter(b, end, tables) {
                if hedge == nil { hedge = h }
                end = he
            }
            if s < bytePos { s = bytePos }  // a hedge never reaches into the previous expression
            cpPos += scalarCount(b, bytePos, s)
            let cpStart = cpPos
            cpPos += scalarCount(b, s, end)
            bytePos = end
            let surface = String(decoding: UnsafeBufferPointer(rebasing: b[s..<end]), as: UTF8.self)
            out.append(MoneyExpression(
                span: Span(start: cpStart, end: cpPos), byteStart: s, byteEnd: end, text: surface,
                amount: e.amount, amountMax: e.amountMax, currency: tables.isos[Int(e.cur)], hedge: hedge,
                inherited: e.inherited))
        }
        return out
    }

    /// Code points in bytes `from..<to`: bytes that are not UTF-8 continuation bytes (10xxxxxx),
    /// counted eight at a time.
    @inline(__always) static func scalarCount(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var c = 0
        var i = from
        if let base = b.baseAddress, to - from >= 8 {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= to {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // Bit 7 of each byte set and bit 6 clear: a continuation byte.
                let cont = w & ~(w << 1) & 0x8080_8080_8080_8080
                c += 8 - cont.nonzeroBitCount
                i += 8
            }
        }
        while i < to {
            if b[i] & 0xC0 != 0x80 { c += 1 }
            i += 1
        }
        return c
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    /// A hedge phrase of up to three words right before byte `s` ("nearly", "more than", "in excess of", "~").
    static func hedgeBefore(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ t: MoneyTables) -> (String, Int)? {
        func skipSpaces(_ p: Int) -> Int {
            var p = p
            var k = 0
            while p > 0, k < 8 {
                if b[p - 1] == 32 || b[p - 1] == 9 || b[p - 1] == 10 || b[p - 1] == 13 { p -= 1 }
                else if p > 1, b[p - 1] == 0xA0, b[p - 2] == 0xC2 { p -= 2 }
                else { break }
                k += 1
            }
            return p
        }
        var p = skipSpaces(s)
        if p > 0, b[p - 1] == 126 { return (t.hedges["~"] ?? "about", p - 1) }
        // Up to three words before the amount, nearest first: (start, end, has a trailing dot).
        var ws = (0, 0, 0, 0, 0, 0)
        var count = 0
        var dotted = false
        while count < 3 {
            var e = p
            var dot = false
            if count == 0, e > 0, b[e - 1] == 46 { e -= 1; dot = true }
            var st = e
            while st > 0, isLetter(b[st - 1]), e - st < 16 { st -= 1 }
            guard st < e else { break }
            if st > 0, isLetter(b[st - 1]) || b[st - 1] &- 48 < 10 { break }
            switch count {
            case 0: ws.0 = st; ws.1 = e; dotted = dot
            case 1: ws.2 = st; ws.3 = e
            default: ws.4 = st; ws.5 = e
            }
            count += 1
            let q = skipSpaces(st)
            if q == st { break }
            p = q
        }
        // The nearest word must be able to end a hedge phrase (a cheap filter before the lookups).
        guard count > 0 else { return nil }
        let nearLen = ws.1 - ws.0
        guard t.hedgeLastLen[MoneyTables.pairIndex(b[ws.0], nearLen > 1 ? b[ws.0 + 1] : 0)] & (UInt32(1) << UInt32(nearLen)) != 0
        else { return nil }
        func key(_ k: Int) -> MoneyPhraseKey? {
            var key = MoneyPhraseKey()
            // The k words nearest the amount, in text order (no array: this runs per expression).
            for r in (3 - k)..<3 {
                let (s, e) = r == 0 ? (ws.4, ws.5) : (r == 1 ? (ws.2, ws.3) : (ws.0, ws.1))
                if r > 3 - k { guard key.append(32) else { return nil } }
                for i in s..<e { guard key.append(b[i]) else { return nil } }
            }
            if dotted { guard key.append(46) else { return nil } }
            return key
        }
        var k = count
        while k > 0 {
            if let pk = key(k), let h = t.packedHedges[pk] {
                // "handed over three billion": a particle, not a hedge.
                if k < count, let vk = key(k + 1), t.packedNoHedges.contains(vk) { return nil }
                let st = k == 1 ? ws.0 : (k == 2 ? ws.2 : ws.4)
                return (h, st)
            }
            k -= 1
        }
        return nil
    }

    /// A hedge glued after byte `e` ("$5bn+", "$5 billion-plus").
    static func hedgeAfter(_ b: UnsafeBufferPointer<UInt8>, _ e: Int, _ t: MoneyTables) -> (String, Int)? {
        guard e < b.count else { return nil }
        if b[e] == 43, e + 1 >= b.count || !(b[e + 1] &- 48 < 10) { return (t.postHedges["+"] ?? "more than", e + 1) }
        if b[e] == 45, e + 5 <= b.count, (e + 5 == b.count || !isLetter(b[e + 5])) {
            let w = String(decoding: UnsafeBufferPointer(rebasing: b[e..<e + 5]), as: UTF8.self).lowercased()
            if let h = t.postHedges[w] { return (h, e + 5) }
        }
        return nil
    }
}
