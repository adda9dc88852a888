import Foundation

/// One match of the grammar in byte offsets, before hedges and code-point spans are added.
struct MoneyFound {
    var start: Int
    var end: Int
    var amount: Decimal
    var amountMax: Decimal?
    var cur: Int32
    /// `MoneyContext` of the currency word: whether the document pass (`CurrencyContext`) decides the currency.
    var context: UInt8 = MoneyContext.none
    /// Written without a currency, which it takes from the money before it (`BareAmounts`).
    var inherited = false
}

/// The prefilter of the fast path: finds the bytes where a money expression can be anchored.
///
/// Every money expression holds a currency token: a symbol (`$`, `US$`, `€`, `¢`, …), or a known
/// word with a currency role (code, name, minor unit, slang, or a word of a multi-word name). The
/// scanner reports a superset of the bytes of such tokens: each `$`, each currency-symbol scalar,
/// and the first byte of each trigger word (`MoneyTables.trigger`), words being read as the lexer
/// reads them. It skips bytes with a class table and looks up only the words whose first two and
/// last two bytes and length match a trigger word.
struct MoneyTriggerScanner {
    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    let lk: MoneyLookup
    let cls: UnsafeBufferPointer<UInt8>

    /// Scanner byte classes: 0 skip (ASCII space, digit, punctuation), 1 ASCII letter, 2 `$`, 3 byte ≥ 0x80.
    static let classes: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for c in 65...90 { t[c] = 1 }
        for c in 97...122 { t[c] = 1 }
        t[36] = 2
        for c in 128...255 { t[c] = 3 }
        return t
    }()

    /// A scalar outside ASCII that ends a word for the lexer (`MoneyLexer.lexWord`).
    @inline(__always) static func endsWord(_ sc: UInt32) -> Bool {
        MoneyLexer.isSpaceScalar(sc) || MoneyLexer.isDashScalar(sc) || MoneyLexer.isPunctScalar(sc) || (sc >= 0x20A0 && sc <= 0x20CF)
    }

    @inline(__always) static func isSymbol(_ sc: UInt32) -> Bool {
        (sc >= 0x20A0 && sc <= 0x20CF) || sc == 0xA2 || sc == 0xA3 || sc == 0xA5 || sc == 0x0E3F
    }

    /// The first trigger byte at or after `from`, or `n` when there is none.
    func next(from: Int) -> Int {
        guard let base = b.baseAddress, from < n else { return n }
        return MoneyTriggerScanner.classes.withUnsafeBufferPointer { ct in
            guard let sc = ct.baseAddress else { return n }
            return scan(base, sc, from)
        }
    }

    @inline(__always) func scan(_ base: UnsafePointer<UInt8>, _ sc: UnsafePointer<UInt8>, _ from: Int) -> Int {
        var p = from
        while p < n {
            let k = sc[Int(base[p])]
            if k == 0 { p += 1; continue }
            if k == 2 { return p }
            let s = p
            if k == 3 {
                let (u, len) = MoneyLexer.decode(b, n, p)
                if MoneyTriggerScanner.isSymbol(u) { return p }
                if MoneyTriggerScanner.endsWord(u) { p += len; continue }
                p += len  // a letter outside ASCII starts a word
            } else {
                p += 1
            }
            // The rest of the word, as the lexer reads it: ASCII letters and letters outside ASCII;
            // ASCII letters eight at a time first (bit 7 of a byte of `letters`: an ASCII letter).
            while p + 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
                let x = (w | 0x2020_2020_2020_2020) & 0x7F7F_7F7F_7F7F_7F7F
                let letters = (x &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(x &+ 0x0505_0505_0505_0505) & ~w & 0x8080_8080_8080_8080
                let other = ~letters & 0x8080_8080_8080_8080
                if other == 0 { p += 8; continue }
                p += other.trailingZeroBitCount >> 3
                break
            }
            while p < n {
                let c = sc[Int(base[p])]
                if c == 1 { p += 1; continue }
                guard c == 3 else { break }
                let (u, len) = MoneyLexer.decode(b, n, p)
                if MoneyTriggerScanner.endsWord(u) { break }
                p += len
            }
            var len = p - s
            // Dotted abbreviations are one word to the lexer ("L.E", "U.S").
            if len == 1, p + 1 < n, base[p] == 46, sc[Int(base[p + 1])] == 1,
               !(p + 2 < n && sc[Int(base[p + 2])] == 1) {
                len = 3
            }
            guard len <= 16 else { continue }
            let f0 = base[s]
            // Cheap filters on the first two and the last two bytes with the length (`pairIndex`
            // ignores case), before the hash lookup.
            let bit = UInt32(1) << UInt32(len)
            guard lk.triggerFirstLen[MoneyTables.pairIndex(f0, len > 1 ? base[s + 1] : 0)] & bit != 0,
                  lk.triggerLastLen[MoneyTables.pairIndex(len > 1 ? base[s + len - 2] : 0, base[s + len - 1])] & bit != 0
            else { continue }
            var lo: UInt64 = 0, hi: UInt64 = 0
            for i in 0..<len {
                let x = base[s + i]
                let l = (x >= 65 && x <= 90) ? x | 0x20 : x
                if i < 8 { lo |= UInt64(l) << UInt64(i &* 8) } else { hi |= UInt64(l) << UInt64((i &- 8) &* 8) }
            }
            let idx = lk.lookup(lo, hi)
            if idx >= 0 {
                let tr = lk.trigger[Int(idx)]
                if tr == 1 || (tr == 2 && f0 >= 65 && f0 <= 90) { return s }
            }
        }
        return n
    }
}

/// The fast path of stage 1: lexes and parses only windows of text around triggers, with the same
/// results as lexing and parsing the whole text.
///
/// Why it is exact:
/// - An expression never holds a *barrier* token (an unknown word, or a punctuation mark other than
///   `-` and `:`), and every rule reads at most one token past the first barrier it meets. So the
///   left-to-right scan starts afresh after each barrier, and a start position can only match when
///   a trigger lies between it and the next barrier.
/// - The lexer restarted at a restart point (an ASCII letter after ASCII whitespace) yields the same
///   tokens as from the start of the text (`MoneyLexer.restart`), the first one's start aside.
/// So a window starts at a restart point, its scan starts after its first barrier (which must lie
/// before the trigger), and it closes at the first barrier after its last trigger once three more
/// tokens are lexed (context for the rules' look-ahead) and those hold no trigger. Triggers closer
/// than `jump` bytes share a window. Inside long windows (runs of symbols or digits), tokens more
/// than `lookahead` behind the end are parsed and dropped, so memory stays small.
struct MoneyWindows {
    /// A trigger closer than this to the lexed end is lexed through rather than jumped to.
    static let jump = 64
    /// Bytes lexed past a trigger before the scanner looks for the next one.
    static let batch = 32
    /// More tokens than any rule reads ahead of its start position.
    static let lookahead = 2048
    /// Token count at which a long window parses and drops its old tokens.
    static let compactAt = 16384

    @inline(__always) static func isBarrier(_ tk: MoneyToken) -> Bool {
        tk.kind == .other || (tk.kind == .punct && tk.info != 45 && tk.info != 58)
    }

    /// Restart point: the start of the text, or an ASCII letter right after ASCII whitespace.
    @inline(__always) static func isRestart(_ b: UnsafeBufferPointer<UInt8>, _ q: Int, _ cls: UnsafeBufferPointer<UInt8>) -> Bool {
        if q == 0 { return true }
        return cls[Int(b[q])] == MoneyByteClass.letter && cls[Int(b[q - 1])] == MoneyByteClass.space
    }

    static func parse(_ lx: MoneyLexer, _ t: MoneyTables, _ lk: MoneyLookup, from i: Int, to limit: Int,
                      into out: inout [MoneyFound]) -> Int {
        guard i < limit else { return i }
        return lx.toks.withUnsafeBufferPointer { tp in
            MoneyParser(toks: tp, n: tp.count, t: t, words: lk.words).parse(from: i, to: limit, into: &out)
        }
    }

    static func run(_ b: UnsafeBufferPointer<UInt8>, _ t: MoneyTables, _ lk: MoneyLookup,
                    _ cls: UnsafeBufferPointer<UInt8>) -> [MoneyFound] {
        let n = b.count
        let scan = MoneyTriggerScanner(b: b, n: n, lk: lk, cls: cls)
        var out: [MoneyFound] = []
        var cur = MoneyLexer(b, tables: t, lookup: lk, classes: cls, capacity: 256)
        var trial = MoneyLexer(b, tables: t, lookup: lk, classes: cls, capacity: 256)
        // Next start position to try in `cur.toks`; the scan is fresh there.
        var i = 0
        // Last trigger lexed into the current window since it was last closed (-1: none).
        var lastHit = -1
        // The scanner's last answer: no trigger in memoFrom..<memoHit (so each gap is scanned once).
        var memoFrom = 0, memoHit = -1
        func nextHit(_ p: Int) -> Int {
            if p >= memoFrom && p <= memoHit { return memoHit }
            memoFrom = p
            memoHit = scan.next(from: p)
            return memoHit
        }

        /// Long windows: parse what has enough look-ahead, drop all but a few tokens before it.
        func compact() -> Int {
            guard cur.toks.count > compactAt else { return 0 }
            let safe = cur.toks.count - lookahead
            if i < safe { i = parse(cur, t, lk, from: i, to: safe, into: &out) }
            let d = min(i, cur.toks.count) - 4
            guard d > 0 else { return 0 }
            cur.toks.removeFirst(d)
            i -= d
            return d
        }

        while true {
            let h = nextHit(cur.p)
            if h < n && h - cur.p <= jump {
                // Through the trigger; when it is glued to the lexed end (a dense run such as `$€$€`),
                // a little past it, so that such runs cost one scan per `batch` bytes (triggers lexed
                // past `lastHit` are caught when closing).
                let dense = h == cur.p
                while cur.p <= h || (dense && cur.p < n && cur.p - h < batch) { cur.step() }
                lastHit = h
                _ = compact()
                continue
            }
            // The next trigger is far (or there is none): close the window after its last trigger.
            if lastHit >= 0 {
                var k = i
                closing: while true {
                    var tIdx = -1
                    while true {
                        while tIdx < 0 && k < cur.toks.count {
                            let tk = cur.toks[k]
                            if isBarrier(tk) && Int(tk.end) > lastHit { tIdx = k } else { k += 1 }
                        }
                        if tIdx >= 0 && cur.toks.count >= tIdx + 4 { break }
                        if cur.p >= n { break }
                        cur.step()
                        let d = compact()
                        k -= d
                        if tIdx >= 0 { tIdx -= d }
                    }
                    if tIdx >= 0 && cur.toks.count >= tIdx + 4 {
                        let m = nextHit(Int(cur.toks[tIdx].end))
                        if m < cur.p {
                            // A trigger among the context tokens: the window goes on past it.
                            lastHit = m
                            k = tIdx + 1
                            continue closing
                        }
                        i = parse(cur, t, lk, from: i, to: tIdx + 1, into: &out)
                    } else {
                        i = parse(cur, t, lk, from: i, to: cur.toks.count, into: &out)
                    }
                    break
                }
                lastHit = -1
            }
            if cur.p >= n { break }
            let h2 = nextHit(cur.p)
            if h2 >= n { break }
            if h2 - cur.p <= jump { continue }
            // Jump: a new window at a restart point before the trigger, with a barrier before it.
            var opened = false
            var need = 1
            var q = h2 - 1
            let lowest = max(cur.p, h2 - 600)
            while q >= lowest {
                if isRestart(b, q, cls) && (h2 - q >= need || q == lowest) {
                    trial.restart(at: q)
                    while trial.p <= h2 { trial.step() }
                    if let s = trial.toks.firstIndex(where: { isBarrier($0) }), Int(trial.toks[s].start) <= h2 {
                        swap(&cur, &trial)
                        i = s + 1
                        lastHit = h2
                        opened = true
                        break
                    }
                    need = (h2 - q) * 5
                }
                q -= 1
            }
            if !opened {
                // No window found: lex on through the gap in the current one.
                while cur.p <= h2 {
                    cur.step()
                    _ = compact()
                }
                lastHit = h2
            }
        }
        return out
    }
}
