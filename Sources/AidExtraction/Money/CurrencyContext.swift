import Foundation

/// The document decides the currencies the words alone leave open (the last pass of stage 1,
/// run by `MoneyRecognizer.recognize` on the text it is given, so `extract --all-money` and the
/// full extraction see the same result). See docs/money.md, "Currencies the document decides".
///
/// - **The bare dollar** ("$5 million", "5 million dollars"; not "US$", "$US", "C$", "A$", "USD",
///   "US dollars", "Canadian dollars"): USD, unless
///   1. the figure's sentence names Canada / Canadian / Ottawa (Australia / Australian / Canberra,
///      New Zealand / Wellington) as its actor — before the figure and not after a preposition
///      ("Canada will send $50 million", not "$50 million to Canada" or "in Canada") or after it
///      after "by" — names no other of those three countries and does not name the United States;
///   2. or the sentence names none of them as actor, nor the United States, and the document is
///      clearly that country's press: its names occur at least three times, at least twice as often
///      as those of the other two, and the United States' no more often.
///   A document that writes that country's dollar explicitly anywhere ("C$", "CAD", "Canadian
///   dollars") uses the bare "$" for USD: then neither rule books it. A name right before a currency
///   ("Canadian dollars", "US$") names the currency, not a country: it does not count.
/// - **Crowns**: "crowns" (Danish, Norwegian, Swedish, Czech or Icelandic), "krone"/"kroner" (Danish
///   or Norwegian) and "krona"/"kronor" (Swedish or Icelandic) take the country their sentence
///   names when it names one of them alone, else the one the document names most (Denmark / Danish /
///   Copenhagen, Norway / Norwegian / Oslo, Sweden / Swedish / Stockholm, Czech / Czechia / Prague,
///   Iceland / Icelandic / Reykjavik), ties leaving it open. Left open, "kroner" stays NOK and
///   "kronor" SEK (as before), and a bare "crowns" is not taken as money. "kroner" in a text that
///   names only Sweden is SEK (and "kronor" in one that names only Denmark, DKK). Aid agencies named
///   after a country ("Norwegian Refugee Council", "Danish Refugee Council", "Norwegian People's
///   Aid", "Norwegian Church Aid") do not count.
///
/// One pass over the bytes finds the country names (only when some match needs them); sentences are
/// found around the matches with bounded scans, each byte read a bounded number of times.
enum CurrencyContext {
    static let us = 0, ca = 1, au = 2, nz = 3, dk = 4, no = 5, se = 6, cz = 7, isl = 8
    static let ke = 9, ug = 10, tz = 11, som = 12
    static let countries = 13
    /// ISO code of each country's currency.
    static let isoCodes = ["USD", "CAD", "AUD", "NZD", "DKK", "NOK", "SEK", "CZK", "ISK", "KES", "UGX", "TZS", "SOS"]
    /// Sentences are read at most this far either side of a figure.
    static let sentenceReach = 400

    /// One country name in the text (12 bytes: a text may hold many).
    struct Mention {
        private var s: Int32
        private var e: Int32
        private var c: UInt8
        /// Not after a preposition or "and" ("to Canada", "in Canada", "the US and Canada"): may be
        /// the actor of the sentence when it stands before the figure.
        var actor = true
        /// After "by" ("pledged by Canada"): the actor when it stands after the figure.
        var agent = false
        /// Right before a currency ("Canadian dollars", "US$", "Danish kroner").
        var currency = false
        var start: Int { Int(s) }
        var end: Int { Int(e) }
        var country: Int { Int(c) }
        init(start: Int, end: Int, country: Int) {
            s = Int32(truncatingIfNeeded: start)
            e = Int32(truncatingIfNeeded: end)
            c = UInt8(truncatingIfNeeded: country)
        }
    }

    // MARK: the pass

    static func apply(_ b: UnsafeBufferPointer<UInt8>, _ found: [MoneyFound], _ t: MoneyTables) -> [MoneyFound] {
        guard found.contains(where: { $0.context != MoneyContext.none }) else { return found }
        let iso = isoCodes.map { t.isoIndex[$0] ?? -1 }
        guard !iso.contains(-1) else { return found }
        // A bare dollar can change only when a Canadian, Australian or New Zealand name occurs: a
        // first pass looks for those alone (most texts have none), the full one only then or for crowns.
        let crowns = found.contains { $0.context >= MoneyContext.crown }
        if !crowns && scan(b, dollarCountriesOnly: true).isEmpty { return found }
        let mentions = scan(b, dollarCountriesOnly: false)
        // Dollar countries: currency adjectives do not count. Crown countries: they do ("the Danish krone").
        var dollarCount = [Int](repeating: 0, count: 4)
        var crownCount = [Int](repeating: 0, count: countries)
        for m in mentions {
            crownCount[m.country] += 1
            if m.country < 4 && !m.currency { dollarCount[m.country] += 1 }
        }
        var explicit = [Bool](repeating: false, count: 4)
        for f in found where f.context == MoneyContext.none {
            for c in ca...nz where f.cur == iso[c] { explicit[c] = true }
        }
        var docDollar = -1
        for c in ca...nz {
            let others = (ca...nz).filter { $0 != c }.map { dollarCount[$0] }.max() ?? 0
            if dollarCount[c] >= 3, dollarCount[c] >= 2 * others, dollarCount[us] <= dollarCount[c], !explicit[c] { docDollar = c }
        }

        // Without the document rule, a bare dollar can change only near a Canadian, Australian or
        // New Zealand name: the others need no sentence.
        let near = mentions.filter { $0.country >= ca && $0.country <= nz && !$0.currency }
        var ni = 0

        // Written to only where a currency changes (a copy of every match otherwise).
        var out = found
        var dropped = false
        var sStart = 0, sEnd = 0, haveSentence = false
        var lo = 0  // first mention that may lie in the current sentence
        for i in found.indices where found[i].context != MoneyContext.none {
            let f = found[i]
            if f.context == MoneyContext.dollar && docDollar < 0 {
                while ni < near.count && near[ni].end + sentenceReach < f.start { ni += 1 }
                guard ni < near.count, near[ni].start <= f.end + sentenceReach else { continue }
            }
            if !haveSentence || f.start >= sEnd {
                (sStart, sEnd) = sentence(b, f.start, f.end, floor: haveSentence ? sEnd : 0)
                haveSentence = true
                while lo < mentions.count && mentions[lo].end <= sStart { lo += 1 }
            }
            var hi = lo
            while hi < mentions.count && mentions[hi].start < sEnd { hi += 1 }
            let inSentence = mentions[lo..<hi]
            switch f.context {
            case MoneyContext.dollar:
                if let c = dollarCountry(f, inSentence, docDollar: docDollar, explicit: explicit) { out[i].cur = iso[c] }
            default:
                if let c = nativeCountry(f.context, inSentence, crownCount) {
                    if f.cur != iso[c] { out[i].cur = iso[c] }
                } else if f.cur < 0 || t.isos[Int(f.cur)] == "XXX" {
                    out[i].cur = -1
                    dropped = true
                }
            }
        }
        return dropped ? out.filter { $0.cur >= 0 } : out
    }

    /// CAD, AUD or NZD for a bare dollar, or nil (it stays USD).
    static func dollarCountry(_ f: MoneyFound, _ ms: ArraySlice<Mention>, docDollar: Int, explicit: [Bool]) -> Int? {
        var named: UInt8 = 0, actors: UInt8 = 0
        for m in ms where !m.currency {
            if m.country == us { return nil }
            guard m.country <= nz else { continue }
            named |= 1 << UInt8(m.country)
            if (m.end <= f.start && m.actor) || (m.start >= f.end && m.agent) { actors |= 1 << UInt8(m.country) }
        }
        if actors != 0 {
            guard actors.nonzeroBitCount == 1, named == actors else { return nil }
            let c = actors.trailingZeroBitCount
            return explicit[c] ? nil : c
        }
        guard docDollar >= 0, named == 0 || named == 1 << UInt8(docDollar) else { return nil }
        return docDollar
    }

    /// The country of a crown, krone, krona or shilling, or nil (left open).
    static func nativeCountry(_ kind: UInt8, _ ms: ArraySlice<Mention>, _ doc: [Int]) -> Int? {
        let natives: [Int], others: [Int]
        switch kind {
        case MoneyContext.crown: natives = [dk, no, se, cz, isl]; others = []
        case MoneyContext.krone: natives = [dk, no]; others = [se, isl]
        case MoneyContext.krona: natives = [se, isl]; others = [dk, no]
        case MoneyContext.shilling: natives = [ke, ug, tz, som]; others = []
        default: return nil
        }
        var inSentence: [Int] = []
        for m in ms where natives.contains(m.country) && !inSentence.contains(m.country) { inSentence.append(m.country) }
        if inSentence.count == 1 { return inSentence[0] }
        func uniqueMax(_ cs: [Int]) -> Int? {
            var best = -1, bestCount = 0, tie = false
            for c in cs where doc[c] > 0 {
                if doc[c] > bestCount { best = c; bestCount = doc[c]; tie = false } else if doc[c] == bestCount { tie = true }
            }
            return best >= 0 && !tie ? best : nil
        }
        if natives.contains(where: { doc[$0] > 0 }) { return uniqueMax(natives) }
        return uniqueMax(others)
    }

    // MARK: sentences

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 97 < 26 }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c &- 65 < 26 }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    /// The whitespace byte at `i` ends a sentence: a line break, or ". " / "! " / "? " (closing quotes
    /// or brackets between), the dot not after an initial or a short capitalised abbreviation
    /// ("U.S.", "Mr.", "EU." — which may merge two sentences, the cautious side).
    static func isBreak(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        if b[i] == 10 || b[i] == 13 { return true }
        var j = i - 1
        var k = 0
        while j >= 0, k < 3 {
            let c = b[j]
            if c == 34 || c == 39 || c == 41 || c == 93 { j -= 1; k += 1; continue }
            // ” ’ (E2 80 9D, E2 80 99)
            if j >= 2, (c == 0x9D || c == 0x99), b[j - 1] == 0x80, b[j - 2] == 0xE2 { j -= 3; k += 1; continue }
            break
        }
        guard j >= 0 else { return false }
        if b[j] == 33 || b[j] == 63 { return true }
        guard b[j] == 46 else { return false }
        var w = j
        while w > 0, j - w < 5, isLetter(b[w - 1]) { w -= 1 }
        let len = j - w
        if len == 1 { return false }
        if len >= 2, len <= 3, isUpper(b[w]) { return false }
        return true
    }

    /// Bounds of the sentence around bytes `s..<e`, read at most `sentenceReach` bytes either side
    /// and not before `floor`.
    static func sentence(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, floor: Int) -> (Int, Int) {
        var start = max(floor, s - sentenceReach)
        var q = s
        while q > start {
            if isSpace(b[q - 1]), isBreak(b, q - 1) { start = q; break }
            q -= 1
        }
        let limit = min(b.count, e + sentenceReach)
        var end = limit
        q = e
        while q < limit {
            if isSpace(b[q]), isBreak(b, q) { end = q; break }
            q += 1
        }
        return (start, end)
    }

    // MARK: country names

    /// Special entries of the name table.
    static let needsStates = 100, needsZealand = 101, exactUpper = 102

    /// Up to 16 ASCII letters, lower-cased, packed into two words: compared without hashing.
    struct Packed: Equatable, Sendable {
        var lo: UInt64 = 0, hi: UInt64 = 0
        init(_ s: String) {
            for (i, x) in s.utf8.prefix(16).enumerated() { add(x, i) }
        }
        init(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) {
            for i in s..<min(e, s + 16) { add(b[i], i - s) }
        }
        @inline(__always) mutating func add(_ x: UInt8, _ i: Int) {
            let l = UInt64(x &- 65 < 26 ? x | 0x20 : x)
            if i < 8 { lo |= l << UInt64(i * 8) } else { hi |= l << UInt64((i - 8) * 8) }
        }
    }

    /// Lower-case names -> country (or a special entry), in buckets by their first two letters,
    /// with a bit filter on the length before them.
    struct Names: Sendable {
        /// `MoneyTables.pairIndex` of the first two letters -> bit set of the lengths of names there.
        let pairLen: [UInt32]
        /// Whether some name (some name of Canada, Australia or New Zealand) starts with these two letters.
        let anyPairs: [Bool]
        let dollarPairs: [Bool]
        /// The entries of bucket `i` are `entries[bucketStart[i]..<bucketStart[i + 1]]`.
        let bucketStart: [Int]
        let entries: [(key: Packed, country: Int)]
        static let shared = Names()
        init() {
            let rows: [(String, Int)] = [
                ("america", us), ("american", us), ("americans", us), ("washington", us), ("pentagon", us),
                ("united", needsStates), ("us", exactUpper), ("usa", exactUpper),
                ("canada", ca), ("canadian", ca), ("canadians", ca), ("ottawa", ca),
                ("australia", au), ("australian", au), ("australians", au), ("canberra", au),
                ("new", needsZealand), ("wellington", nz),
                ("denmark", dk), ("danish", dk), ("danes", dk), ("copenhagen", dk),
                ("norway", no), ("norwegian", no), ("norwegians", no), ("oslo", no),
                ("sweden", se), ("swedish", se), ("swedes", se), ("stockholm", se),
                ("czech", cz), ("czechia", cz), ("czechs", cz), ("prague", cz),
                ("iceland", isl), ("icelandic", isl), ("icelanders", isl), ("reykjavik", isl),
                ("kenya", ke), ("kenyan", ke), ("kenyans", ke), ("nairobi", ke),
                ("uganda", ug), ("ugandan", ug), ("ugandans", ug), ("kampala", ug),
                ("tanzania", tz), ("tanzanian", tz), ("tanzanians", tz), ("dodoma", tz),
                ("somalia", som), ("somali", som), ("somalis", som), ("mogadishu", som),
            ]
            var pairLen = [UInt32](repeating: 0, count: 1024)
            var anyPairs = [Bool](repeating: false, count: 1024), dollarPairs = anyPairs
            var buckets = [[(key: Packed, country: Int)]](repeating: [], count: 1024)
            for (name, c) in rows {
                let u = Array(name.utf8)
                let i = MoneyTables.pairIndex(u[0], u.count > 1 ? u[1] : 0)
                pairLen[i] |= 1 << UInt32(u.count)
                anyPairs[i] = true
                if (c >= ca && c <= nz) || c == needsZealand { dollarPairs[i] = true }
                buckets[i].append((Packed(name), c))
            }
            var starts = [0]
            for bucket in buckets { starts.append((starts.last ?? 0) + bucket.count) }
            self.pairLen = pairLen
            self.anyPairs = anyPairs
            self.dollarPairs = dollarPairs
            self.bucketStart = starts
            self.entries = buckets.flatMap { $0 }
        }

        /// The entry of the word `s..<e` (at least two letters), or nil.
        func lookup(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
            let i = MoneyTables.pairIndex(b[s], b[s + 1])
            guard pairLen[i] & (UInt32(1) << UInt32(e - s)) != 0 else { return nil }
            let k = Packed(b, s, e)
            for j in bucketStart[i]..<bucketStart[i + 1] where entries[j].key == k { return entries[j].country }
            return nil
        }
    }

    static let prepositions: [Packed] = [
        "in", "into", "to", "for", "from", "at", "across", "against", "with", "within", "without", "throughout",
        "toward", "towards", "than", "like", "via", "on", "onto", "over", "near", "inside", "outside", "between",
        "among", "about", "under", "around", "beyond", "versus", "and", "or", "nor",
    ].map { Packed($0) }
    static let currencyWords: [Packed] = [
        "dollar", "dollars", "krone", "kroner", "krona", "kronor", "crown", "crowns", "koruna",
        "shilling", "shillings",
    ].map { Packed($0) }
    /// Words after a demonym that make an aid agency's name ("Norwegian Refugee Council").
    static let agencyWords: [Packed] = ["refugee", "people", "church"].map { Packed($0) }
    static let the = Packed("the"), by = Packed("by"), states = Packed("states")
    static let zealand: [Packed] = ["zealand", "zealander", "zealanders"].map { Packed($0) }

    /// The ASCII word starting at `q` after at most two spaces: its bounds.
    static func nextWord(_ b: UnsafeBufferPointer<UInt8>, _ q: Int) -> (Int, Int)? {
        var s = q
        var k = 0
        while s < b.count, k < 2, b[s] == 32 { s += 1; k += 1 }
        guard k > 0 else { return nil }
        var e = s
        while e < b.count, e - s < 12, isLetter(b[e]) { e += 1 }
        return e > s ? (s, e) : nil
    }

    /// The ASCII word ending before `q` after at most three spaces: its bounds.
    static func previousWord(_ b: UnsafeBufferPointer<UInt8>, _ q: Int) -> (Int, Int)? {
        var e = q
        var k = 0
        while e > 0, k < 3, isSpace(b[e - 1]) { e -= 1; k += 1 }
        guard k > 0 else { return nil }
        var s = e
        while s > 0, e - s < 12, isLetter(b[s - 1]) { s -= 1 }
        return s < e ? (s, e) : nil
    }

    /// Every country name in the text, in order: capitalised words (the first letter upper case),
    /// found eight bytes at a time.
    /// With `dollarCountriesOnly`, only Canada, Australia and New Zealand (and at the first one found).
    static func scan(_ b: UnsafeBufferPointer<UInt8>, dollarCountriesOnly: Bool) -> [Mention] {
        guard let base = b.baseAddress else { return [] }
        let n = b.count
        let names = Names.shared
        let filter = dollarCountriesOnly ? names.dollarPairs : names.anyPairs
        var out: [Mention] = []
        var p = 0
        while p < n {
            if p + 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
                let x = w & 0x7F7F_7F7F_7F7F_7F7F
                // Bit 7 of each byte that is 'A'...'Z'.
                let upper = (x &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(x &+ 0x2525_2525_2525_2525) & ~w & 0x8080_8080_8080_8080
                if upper == 0 { p += 8; continue }
                p += upper.trailingZeroBitCount >> 3
            } else if !isUpper(base[p]) {
                p += 1
                continue
            }
            let s = p
            p += 1
            // At a word start, and the first two letters those of some name (so most capitalised
            // words are passed over without reading them).
            guard s == 0 || !(isLetter(base[s - 1]) || isDigit(base[s - 1])), p < n,
                  filter[MoneyTables.pairIndex(base[s], base[p])] || base[p] == 46 else { continue }
            var q = p
            while q < n, q - s < 16, isLetter(base[q]) { q += 1 }
            p = q
            while p < n, isLetter(base[p]) { p += 1 }
            guard p == q else { continue }
            let len = q - s
            // "U.S." / "U.S"
            if len == 1, !dollarCountriesOnly, base[s] == 85, q + 1 < n, base[q] == 46, base[q + 1] == 83,
               !(q + 2 < n && isLetter(base[q + 2])) {
                var e = q + 2
                if e < n, base[e] == 46, !(e + 1 < n && isLetter(base[e + 1])) { e += 1 }
                if let m = mention(b, s, e, us) { out.append(m) }
                p = e
                continue
            }
            guard len >= 2, var c = names.lookup(b, s, q) else { continue }
            if dollarCountriesOnly && c != needsZealand && !(c >= ca && c <= nz) { continue }
            var e = q
            switch c {
            case exactUpper:
                guard (s..<q).allSatisfy({ isUpper(base[$0]) }) else { continue }
                c = us
            case needsStates, needsZealand:
                guard let (ws, we) = nextWord(b, q), isUpper(base[ws]) else { continue }
                let wk = Packed(b, ws, we)
                if c == needsStates {
                    guard wk == states else { continue }
                    c = us
                } else {
                    guard zealand.contains(wk) else { continue }
                    c = nz
                }
                e = we
            default:
                break
            }
            p = e
            if let m = mention(b, s, e, c) {
                out.append(m)
                if dollarCountriesOnly && !m.currency { return out }
            }
        }
        return out
    }

    /// A mention of country `c` at `s..<e` with what stands around it; nil for an aid agency's name.
    static func mention(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ c: Int) -> Mention? {
        var m = Mention(start: s, end: e, country: c)
        if (e < b.count && b[e] == 36) || (s > 0 && b[s - 1] == 36) {  // "US$", "$US" name the currency
            m.currency = true
        } else if let (ws, we) = nextWord(b, e) {
            let k = Packed(b, ws, we)
            if agencyWords.contains(k) { return nil }
            m.currency = currencyWords.contains(k)
        }
        if let (ps, pe) = previousWord(b, s) {
            var k = Packed(b, ps, pe)
            if k == the, let (qs, qe) = previousWord(b, ps) { k = Packed(b, qs, qe) }
            if prepositions.contains(k) { m.actor = false }
            if k == by { m.agent = true; m.actor = false }
        }
        return m
    }
}
