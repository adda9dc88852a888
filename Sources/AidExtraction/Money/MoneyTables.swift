import Foundation

/// What one known word can mean to the money recogniser. A word may have several roles
/// ("c" is a minor unit and a dollar prefix; "us" starts "US dollars" and prefixes "US$").
struct MoneyWordInfo: Sendable {
    enum NumRole: UInt8, Sendable {
        case none, unit, teen, tens, hundred, article, fraction
        case and, of, point, to, between, from, per, percent
    }
    enum ScaleMode: UInt8, Sendable { case none, word, spaced, glued, gluedUpper }

    var numRole: NumRole = .none
    /// Unit/teen/tens value; fraction numerator over 10000.
    var numValue: Int = 0
    var scaleMode: ScaleMode = .none
    var scaleExp: Int = 0
    /// Currency code role: index into `MoneyTables.isos`, or -1.
    var code: Int32 = -1
    /// Case classes accepted for the code (bit mask of `MoneyCase`).
    var codeCase: UInt8 = 0
    var codeSuffixOnly = false
    /// "MUSD": the code stands for millions of the currency.
    var codeMega = false
    /// Before the number only with a scale, a decimal or grouping ("UA 10 million", not "UA 857").
    var codeStrict = false
    /// `MoneyContext` of a code the document decides ("Sh": a shilling).
    var codeContext: UInt8 = 0
    /// A "." glued after the word belongs to it ("Rs.").
    var dotAbsorb = false
    /// Currency name role.
    var name: Int32 = -1
    var namePre = false
    var nameSuffixOnly = false
    var nameWeight = false
    var nameSingularPound = false
    /// The currency the document decides (`MoneyContext`): the bare dollar, a crown, krone or krona.
    var nameContext: UInt8 = 0
    /// Not accepted Capitalized (only lower or upper case): "Three Crowns" is a team.
    var nameNoCap = false
    /// Minor unit role.
    var minor: Int32 = -1
    var minorExp = 2
    var minorInherit = false
    var minorGlued = false
    /// Slang multiple ("grand").
    var slang: Int32 = -1
    var slangExp = 0
    /// Letters written before "$" ("US$").
    var dollarPrefix: Int32 = -1
    var dollarPrefixSpaced = false
    var dollarPrefixUpper = false
    /// First word of a multi-word currency name.
    var phraseStart = false
    /// "half" / "quarter" (not "quarters"): takes no number before it but "a" / "one".
    var fractionSingular = false
    /// A minor unit accepted only in lower case ("c").
    var minorLowerOnly = false

    /// True when the word may be glued to digits ("2.5bn", "10eur", "20Rs", "50p").
    var isMoneyGlue: Bool {
        scaleMode != .none || code >= 0 || name >= 0 || minor >= 0 || dollarPrefix >= 0 || slang >= 0
    }
    var isCurrency: Bool { code >= 0 || name >= 0 || minor >= 0 || dollarPrefix >= 0 || slang >= 0 }
}

/// Whether the document decides an expression's currency (`CurrencyContext`), and how.
enum MoneyContext {
    /// Written out: the currency stands as found.
    static let none: UInt8 = 0
    /// A bare "$" or "dollars": USD unless the text is Canadian, Australian or New Zealand.
    static let dollar: UInt8 = 1
    /// "crowns": Danish, Norwegian, Swedish, Czech or Icelandic; not money when the text names none.
    static let crown: UInt8 = 2
    /// "krone", "kroner": Danish or Norwegian (NOK when the text names neither).
    static let krone: UInt8 = 3
    /// "krona", "kronor": Swedish or Icelandic (SEK when the text names neither).
    static let krona: UInt8 = 4
    /// "Sh", "Shs", "shillings": Kenyan, Ugandan, Tanzanian or Somali (the table's code when the
    /// text names none).
    static let shilling: UInt8 = 5

    /// Two currency tokens of one expression: kept only when both leave it to the document alike.
    @inline(__always) static func combine(_ a: UInt8, _ b: UInt8) -> UInt8 { a == b ? a : none }
}

/// Case class bits of a word as written.
enum MoneyCase {
    static let lower: UInt8 = 1
    static let upper: UInt8 = 2
    static let capitalized: UInt8 = 4
    static let mixed: UInt8 = 8
    static let all: UInt8 = 15
}

/// The lookup tables of the money recogniser, built once from `seeds/currencies.tsv` and
/// `seeds/numbers.tsv` and shared (so `MoneyRecognizer()` costs nothing).
final class MoneyTables: Sendable {
    static let shared = MoneyTables()

    /// ISO 4217 codes; currencies are referred to by index into this list.
    let isos: [String]
    let usd: Int32
    /// Every known word; the hash table and `phrases` point into it.
    let words: [MoneyWordInfo]
    /// Lower-case key of each word (phrases: words joined by one space).
    let keys: [String]
    /// Open-addressing hash table over packed lower-case keys of up to 16 bytes.
    let slotLo: [UInt64]
    let slotHi: [UInt64]
    let slotVal: [Int32]
    let slotShift: UInt64
    /// First key byte -> bit set of the key lengths known for it (a cheap filter before hashing).
    let firstLen: [UInt32]
    /// Bit `len` of entry `MoneyTables.pairIndex(first, second)` is set when a single-word key of
    /// that length starts with those two bytes (low 5 bits of each): a cheap pre-filter that lets
    /// most ordinary words skip the hash lookup.
    let pairLen: [UInt32]
    /// Multi-word currency names ("swiss francs") -> index into `words`.
    let phrases: [String: Int32]
    /// Hedge phrases -> normalised hedge.
    let hedges: [String: String]
    /// The same, keyed by packed lower-case bytes (no allocation on lookup).
    let packedHedges: [MoneyPhraseKey: String]
    let packedNoHedges: Set<MoneyPhraseKey>
    let postHedges: [String: String]
    /// Verb + particle phrases whose particle is not a hedge ("handed over").
    let noHedges: Set<String>
    /// Currency symbols outside ASCII, by scalar value -> (currency index, is minor unit).
    let symbols: [UInt32: (Int32, Bool)]
    /// Scalar of every currency whose symbol is the generic dollar.
    let genericDollar: Int32
    /// Upper-case letters written right after "$" ("$US", "$A", "$NZ") -> currency index.
    let dollarSuffixes: [(letters: [UInt8], iso: Int32)]
    /// ISO code -> currency index, for the document pass (`CurrencyContext`).
    let isoIndex: [String: Int32]
    /// Trigger class of each word for the prefilter (`MoneyTriggerScanner`): 0 none, 1 always (a
    /// currency name, minor unit, slang, a code accepted in lower case, or a multi-word name none of
    /// whose words is a trigger otherwise), 2 only when written with a capital first letter (codes
    /// accepted in upper case only: "ALL", "TOP", "TRY").
    let trigger: [UInt8]
    /// `pairIndex` of the first two key bytes -> bit set of the lengths of trigger words starting with them.
    let triggerFirstLen: [UInt32]
    /// The same for the last two key bytes (one-byte keys: 0 and the byte).
    let triggerLastLen: [UInt32]
    /// `pairIndex` of the first two letters of the last word of each hedge phrase -> bit set of that
    /// word's lengths: the word right before an amount must pass it to start a hedge.
    let hedgeLastLen: [UInt32]

    private init() {
        var isos: [String] = []
        var isoIndex: [String: Int32] = [:]
        func cur(_ s: Substring) -> Int32 {
            let k = String(s)
            if let i = isoIndex[k] { return i }
            let i = Int32(isos.count)
            isos.append(k)
            isoIndex[k] = i
            return i
        }
        let usd = cur("USD")
        var words: [MoneyWordInfo] = []
        var keys: [String] = []
        var index: [String: Int] = [:]
        func slot(_ key: String) -> Int {
            if let i = index[key] { return i }
            words.append(MoneyWordInfo())
            keys.append(key)
            index[key] = words.count - 1
            return words.count - 1
        }
        var phraseKeys: [String: Int32] = [:]
        var hedges: [String: String] = [:]
        var noHedges: Set<String> = []
        var postHedges: [String: String] = [:]
        var symbols: [UInt32: (Int32, Bool)] = [:]
        var dollarSuffixes: [(letters: [UInt8], iso: Int32)] = []

        func flags(_ row: [Substring], _ i: Int) -> Set<String> {
            guard row.count > i else { return [] }
            return Set(row[i].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        }
        func expFlag(_ f: Set<String>, _ d: Int) -> Int {
            for x in f where x.hasPrefix("exp=") { return Int(x.dropFirst(4)) ?? d }
            return d
        }
        func contextFlag(_ f: Set<String>) -> UInt8 {
            if f.contains("generic") { return MoneyContext.dollar }
            for x in f where x.hasPrefix("ctx=") {
                switch x.dropFirst(4) {
                case "crown": return MoneyContext.crown
                case "krone": return MoneyContext.krone
                case "krona": return MoneyContext.krona
                case "shilling": return MoneyContext.shilling
                default: return MoneyContext.none
                }
            }
            return MoneyContext.none
        }
        /// "dollar[s]" -> ["dollar", "dollars"].
        func expand(_ s: Substring) -> [String] {
            let t = String(s).lowercased()
            guard let open = t.firstIndex(of: "["), let close = t.firstIndex(of: "]"), open < close else { return [t] }
            let base = String(t[..<open]) + String(t[t.index(after: close)...])
            let with = String(t[..<open]) + String(t[t.index(after: open)..<close]) + String(t[t.index(after: close)...])
            return [base, with]
        }
        /// A name or minor unit: single word -> word slot; phrase -> phrase slot, its words marked.
        func nameSlot(_ surface: String) -> Int {
            let parts = surface.split(separator: " ")
            if parts.count == 1 { return slot(surface) }
            let i = slot(surface)
            phraseKeys[surface] = Int32(i)
            words[slot(String(parts[0]))].phraseStart = true
            for p in parts.dropFirst() { _ = slot(String(p)) }
            return i
        }

        for row in SeedData.rows("currencies.tsv") where row.count >= 3 {
            let kind = row[0], surface = row[1], iso = cur(row[2])
            let f = flags(row, 3)
            switch kind {
            case "symbol":
                if let s = surface.unicodeScalars.first, surface.unicodeScalars.count == 1 {
                    if s.value < 128 { continue }  // "$" is handled by the lexer directly
                    symbols[s.value] = (iso, false)
                }
            case "code":
                let upper = String(surface).uppercased(), lower = String(surface).lowercased()
                let i = slot(lower)
                words[i].code = iso
                var mask: UInt8 = MoneyCase.upper
                if f.contains("lc") { mask |= MoneyCase.lower }
                if f.contains("any") { mask = MoneyCase.all }
                // Letters outside ASCII (zł, 元) have no case of their own.
                if upper == lower || surface.unicodeScalars.contains(where: { $0.value >= 128 }) { mask = MoneyCase.all }
                words[i].codeCase = mask
                words[i].codeSuffixOnly = f.contains("suffix")
                words[i].dotAbsorb = f.contains("dot")
                words[i].codeStrict = f.contains("strict")
                words[i].codeContext = contextFlag(f)
                if !f.contains("suffix") && !f.contains("any") && upper.count == 3
                    && upper.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 }) {
                    let m = slot("m" + lower)
                    if words[m].code < 0 {
                        words[m].code = iso
                        words[m].codeCase = MoneyCase.upper
                        words[m].codeMega = true
                    }
                }
            case "dollarsuffix":
                let letters = Array(String(surface).uppercased().utf8)
                if !letters.isEmpty, letters.count <= 3 { dollarSuffixes.append((letters, iso)) }
            case "prefix":
                let i = slot(String(surface).lowercased())
                words[i].dollarPrefix = iso
                words[i].dollarPrefixSpaced = f.contains("spaced")
                words[i].dollarPrefixUpper = f.contains("upper")
            case "name":
                for s in expand(surface) {
                    let i = nameSlot(s)
                    if f.contains("minor") {
                        words[i].minor = iso
                        words[i].minorExp = 2
                        continue
                    }
                    words[i].name = iso
                    words[i].namePre = f.contains("pre")
                    words[i].nameSuffixOnly = f.contains("suffix")
                    words[i].nameWeight = f.contains("weight")
                    words[i].nameSingularPound = f.contains("weight") && s == "pound"
                    words[i].nameContext = contextFlag(f)
                    words[i].nameNoCap = f.contains("nocap")
                }
            case "minor":
                if let s = surface.unicodeScalars.first, surface.unicodeScalars.count == 1, s.value >= 128 {
                    symbols[s.value] = (iso, true)
                    continue
                }
                for s in expand(surface) {
                    let i = nameSlot(s)
                    words[i].minor = iso
                    words[i].minorExp = expFlag(f, 2)
                    words[i].minorInherit = f.contains("inherit")
                    words[i].minorGlued = f.contains("glued")
                    words[i].minorLowerOnly = s.count == 1
                }
            case "slang":
                let i = slot(String(surface).lowercased())
                words[i].slang = iso
                words[i].slangExp = expFlag(f, 3)
            default:
                continue
            }
        }

        for row in SeedData.rows("numbers.tsv") where row.count >= 3 {
            let kind = row[0], surface = String(row[1]).lowercased(), value = String(row[2])
            let f = flags(row, 3)
            switch kind {
            case "unit", "teen", "tens", "hundred", "article", "fraction":
                let i = slot(surface)
                words[i].numRole = MoneyWordInfo.NumRole(rawValue: ["unit": 1, "teen": 2, "tens": 3, "hundred": 4,
                                                                    "article": 5, "fraction": 6][String(kind)] ?? 0) ?? .none
                words[i].numValue = Int(value) ?? 0
                words[i].fractionSingular = kind == "fraction" && !surface.hasSuffix("s")
            case "scale":
                let i = slot(surface)
                words[i].scaleMode = .word
                words[i].scaleExp = Int(value) ?? 0
            case "abbr":
                let i = slot(surface)
                words[i].scaleMode = f.contains("upper") ? .gluedUpper : (f.contains("glued") ? .glued : .spaced)
                words[i].scaleExp = Int(value) ?? 0
            case "word":
                let i = slot(surface)
                let roles: [String: MoneyWordInfo.NumRole] = [
                    "and": .and, "of": .of, "point": .point, "to": .to, "between": .between,
                    "from": .from, "per": .per, "percent": .percent,
                ]
                words[i].numRole = roles[value] ?? .none
            case "hedge":
                hedges[surface] = value
            case "nohedge":
                noHedges.insert(surface)
            case "posthedge":
                postHedges[surface] = value
            default:
                continue
            }
        }

        // Hash table of single words (phrases live in `phrases`).
        var cap = 64
        while cap < words.count * 4 { cap *= 2 }
        var shift: UInt64 = 64
        var c = cap
        while c > 1 { c >>= 1; shift -= 1 }
        var lo = [UInt64](repeating: 0, count: cap)
        var hi = [UInt64](repeating: 0, count: cap)
        var val = [Int32](repeating: -1, count: cap)
        var firstLen = [UInt32](repeating: 0, count: 256)
        var pairLen = [UInt32](repeating: 0, count: 1024)
        for (i, key) in keys.enumerated() where !key.contains(" ") {
            let bytes = Array(key.utf8)
            guard bytes.count <= 16 else { continue }
            var klo: UInt64 = 0, khi: UInt64 = 0
            for (j, b) in bytes.enumerated() {
                if j < 8 { klo |= UInt64(b) << UInt64(j * 8) } else { khi |= UInt64(b) << UInt64((j - 8) * 8) }
            }
            var h = Int(MoneyTables.hash(klo, khi, shift))
            while val[h] >= 0 { h = (h + 1) & (cap - 1) }
            lo[h] = klo; hi[h] = khi; val[h] = Int32(i)
            firstLen[Int(bytes[0])] |= 1 << UInt32(bytes.count)
            pairLen[MoneyTables.pairIndex(bytes[0], bytes.count > 1 ? bytes[1] : 0)] |= 1 << UInt32(bytes.count)
        }
        // Triggers: every money expression holds a currency token, so every expression holds one of
        // these words or a currency symbol.
        var trigger = [UInt8](repeating: 0, count: words.count)
        for (i, w) in words.enumerated() {
            if w.name >= 0 || w.minor >= 0 || w.slang >= 0 {
                trigger[i] = 1
            } else if w.code >= 0 {
                trigger[i] = w.codeCase & (MoneyCase.lower | MoneyCase.capitalized | MoneyCase.mixed) != 0 ? 1 : 2
            }
        }
        for phrase in phraseKeys.keys.sorted() {
            let parts = phrase.split(separator: " ").map(String.init)
            // Phrases are matched in any case, so one of their words must trigger in any case.
            if parts.contains(where: { index[$0].map { trigger[$0] == 1 } ?? false }) { continue }
            // The last word: the first is often a common word ("units of account"), the last rarer.
            if let last = parts.last, let li = index[last] { trigger[li] = 1 }
        }
        var triggerFirstLen = [UInt32](repeating: 0, count: 1024)
        var triggerLastLen = [UInt32](repeating: 0, count: 1024)
        for (i, key) in keys.enumerated() where trigger[i] != 0 && !key.contains(" ") {
            let bytes = Array(key.utf8)
            guard let f = bytes.first, let l = bytes.last, bytes.count <= 16 else { continue }
            let second = bytes.count > 1 ? bytes[1] : 0
            let beforeLast = bytes.count > 1 ? bytes[bytes.count - 2] : 0
            triggerFirstLen[MoneyTables.pairIndex(f, second)] |= 1 << UInt32(bytes.count)
            triggerLastLen[MoneyTables.pairIndex(beforeLast, l)] |= 1 << UInt32(bytes.count)
        }
        var hedgeLastLen = [UInt32](repeating: 0, count: 1024)
        for key in hedges.keys {
            var last: [UInt8] = key.split(separator: " ").last.map { Array($0.utf8) } ?? []
            if last.last == 46 { last.removeLast() }
            guard !last.isEmpty, last.count <= 16, last.allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }) else { continue }
            hedgeLastLen[MoneyTables.pairIndex(last[0], last.count > 1 ? last[1] : 0)] |= 1 << UInt32(last.count)
        }
        self.hedgeLastLen = hedgeLastLen
        self.trigger = trigger
        self.triggerFirstLen = triggerFirstLen
        self.triggerLastLen = triggerLastLen
        self.isos = isos
        self.usd = usd
        self.genericDollar = usd
        self.dollarSuffixes = dollarSuffixes
        self.isoIndex = isoIndex
        self.words = words
        self.keys = keys
        self.slotLo = lo
        self.slotHi = hi
        self.slotVal = val
        self.slotShift = shift
        self.firstLen = firstLen
        self.pairLen = pairLen
        self.phrases = phraseKeys
        self.hedges = hedges
        self.noHedges = noHedges
        var ph: [MoneyPhraseKey: String] = [:]
        for (k, v) in hedges { if let p = MoneyPhraseKey(k) { ph[p] = v } }
        self.packedHedges = ph
        self.packedNoHedges = Set(noHedges.compactMap { MoneyPhraseKey($0) })
        self.postHedges = postHedges
        self.symbols = symbols
    }

    @inline(__always)
    static func hash(_ lo: UInt64, _ hi: UInt64, _ shift: UInt64) -> UInt64 {
        (((lo &* 0x9E37_79B9_7F4A_7C15) ^ (hi &* 0xC2B2_AE3D_27D4_EB4F) ^ (lo >> 29)) &* 0x1656_67B1_9E37_79F9) >> shift
    }

    /// Runs `body` with raw views of the tables (the hot paths index them without retain/release).
    /// Index into `pairLen` of a word's first two bytes (case-insensitive for ASCII letters).
    @inline(__always) static func pairIndex(_ b0: UInt8, _ b1: UInt8) -> Int {
        (Int(b0 & 31) << 5) | Int(b1 & 31)
    }

    func withLookup<R>(_ body: (MoneyLookup) -> R) -> R {
        slotLo.withUnsafeBufferPointer { lo in
            slotHi.withUnsafeBufferPointer { hi in
                slotVal.withUnsafeBufferPointer { val in
                    words.withUnsafeBufferPointer { w in
                        firstLen.withUnsafeBufferPointer { fl in
                            pairLen.withUnsafeBufferPointer { pl in
                                trigger.withUnsafeBufferPointer { tr in
                                    triggerFirstLen.withUnsafeBufferPointer { tf in
                                        triggerLastLen.withUnsafeBufferPointer { tl in
                                            body(MoneyLookup(lo: lo, hi: hi, val: val, words: w, firstLen: fl, pairLen: pl,
                                                             trigger: tr, triggerFirstLen: tf, triggerLastLen: tl,
                                                             shift: slotShift))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Raw views of `MoneyTables` for the lexer and parser.
struct MoneyLookup {
    let lo: UnsafeBufferPointer<UInt64>
    let hi: UnsafeBufferPointer<UInt64>
    let val: UnsafeBufferPointer<Int32>
    let words: UnsafeBufferPointer<MoneyWordInfo>
    let firstLen: UnsafeBufferPointer<UInt32>
    let pairLen: UnsafeBufferPointer<UInt32>
    let trigger: UnsafeBufferPointer<UInt8>
    let triggerFirstLen: UnsafeBufferPointer<UInt32>
    let triggerLastLen: UnsafeBufferPointer<UInt32>
    let shift: UInt64

    /// Index into `words` of the packed lower-case key, or -1.
    @inline(__always)
    func lookup(_ klo: UInt64, _ khi: UInt64) -> Int32 {
        let mask = val.count - 1
        var h = Int(MoneyTables.hash(klo, khi, shift))
        while true {
            let v = val[h]
            if v < 0 { return -1 }
            if lo[h] == klo && hi[h] == khi { return v }
            h = (h + 1) & mask
        }
    }
}

/// Up to 24 lower-case bytes packed into three words: a hash key that costs no allocation.
struct MoneyPhraseKey: Hashable, Sendable {
    var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0
    var count = 0

    init() {}

    init?(_ s: String) {
        for x in s.utf8 { guard append(x) else { return nil } }
    }

    /// Appends one byte (ASCII letters lowered); false when the key is full.
    @inline(__always) mutating func append(_ x: UInt8) -> Bool {
        guard count < 24 else { return false }
        let l = (x >= 65 && x <= 90) ? x | 0x20 : x
        let v = UInt64(l) << UInt64((count % 8) * 8)
        switch count / 8 {
        case 0: a |= v
        case 1: b |= v
        default: c |= v
        }
        count += 1
        return true
    }
}
