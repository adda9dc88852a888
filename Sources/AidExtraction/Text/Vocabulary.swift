/// Small integer ids for every word and punctuation mark that the attribution rules, the lexicons
/// and the gazetteer can ask about. A sentence's tokens carry ids instead of lower-cased strings,
/// so the hot path compares and looks up integers: no string is built, hashed or compared per
/// token. Any other word gets id 0 ("a word no rule knows"); no rule compares against 0.
///
/// Ids 1...`W.all.count` are the rule words of `WordIDs.swift` (compile-time constants); the
/// seeds' words follow, then words of user aliases (a `Gazetteer` extends its own copy).
struct Vocabulary: Sendable {
    /// id -> word (lower-cased; the mark itself for punctuation). `words[0]` is "".
    private(set) var words: [String] = [""]
    private var byString: [String: Int32] = [:]
    /// Open-addressing table over the UTF-8 bytes of the words: slot -> id (0 = empty).
    private var slots: [Int32] = []
    private var mask = 0
    /// id -> byte range of the word in `bytes` and its hash.
    private var ranges: [(start: Int32, count: Int32)] = [(0, 0)]
    private var hashes: [UInt64] = [0]
    private var bytes: [UInt8] = []
    /// ASCII punctuation byte -> id (0 when not a word of the vocabulary).
    private var ascii = [Int32](repeating: 0, count: 128)

    var count: Int { words.count }

    /// A vocabulary that knows no word (every id is 0), for tokenising names while building.
    static let empty: Vocabulary = {
        var v = Vocabulary()
        v.rebuild()
        return v
    }()

    /// The vocabulary of the rules and the compiled-in seeds.
    static let base: Vocabulary = {
        var v = Vocabulary()
        for w in W.all { v.intern(w) }
        precondition(v.count == W.all.count + 1, "WordIDs.swift lists a word twice")
        for list in WordLists.all { for w in list { v.intern(w) } }
        for w in seedWords() { v.intern(w) }
        v.rebuild()
        return v
    }()

    /// Every word the seeds can compare a token with: lexicon and mechanism keys (split at
    /// spaces, as phrase lookups pair two tokens) and the tokens of every party name.
    static func seedWords() -> [String] {
        var out: [String] = []
        for row in SeedData.rows("lexicon.tsv") where row.count >= 2 {
            out += String(row[1]).lowercased().split(separator: " ").map(String.init)
        }
        for row in SeedData.rows("mechanisms.tsv") where row.count >= 2 {
            for field in row.dropFirst() {
                for name in field.split(separator: "|") { out += Tokenizer.words(String(name)) }
            }
            out += String(row[1]).lowercased().split(separator: " ").map(String.init)
        }
        for row in SeedData.partyRows where row.count >= 3 {
            for field in row.dropFirst(2) {
                for name in field.split(separator: "|") { out += Tokenizer.words(String(name)) }
            }
        }
        return out
    }

    /// Adds `word` (already lower-cased) when missing; returns its id. Call `rebuild()` afterwards.
    @discardableResult
    mutating func intern(_ word: String) -> Int32 {
        if let id = byString[word] { return id }
        let id = Int32(words.count)
        words.append(word)
        byString[word] = id
        let start = bytes.count
        bytes.append(contentsOf: word.utf8)
        ranges.append((Int32(start), Int32(bytes.count - start)))
        hashes.append(Vocabulary.hash(word.utf8))
        return id
    }

    /// Rebuilds the byte table after words were interned.
    mutating func rebuild() {
        var size = 64
        while size < words.count * 4 { size *= 2 }
        mask = size - 1
        slots = [Int32](repeating: 0, count: size)
        for id in 1..<words.count {
            var s = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(id)
        }
        ascii = [Int32](repeating: 0, count: 128)
        for c in 0..<128 {
            let s = String(UnicodeScalar(UInt8(c)))
            if let id = byString[s] { ascii[c] = id }
        }
    }

    /// The id of a lower-cased word or mark, 0 when unknown.
    func id(_ word: String) -> Int32 { byString[word] ?? 0 }

    /// The id of an ASCII punctuation byte.
    @inline(__always) func id(ascii c: UInt8) -> Int32 { c < 128 ? ascii[Int(c)] : 0 }

    /// FNV-1a over the bytes, with a final mix.
    static func hash<S: Sequence>(_ s: S) -> UInt64 where S.Element == UInt8 {
        var h = hashSeed
        for c in s { h = hashStep(h, c) }
        return hashFinish(h)
    }
    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func hashStep(_ h: UInt64, _ c: UInt8) -> UInt64 { (h ^ UInt64(c)) &* 0x100_0000_01b3 }
    @inline(__always) static func hashFinish(_ h: UInt64) -> UInt64 { h ^ (h >> 29) }

    /// The id of the word `b[s..<e]` lower-cased (ASCII letters fold in place; a word with other
    /// bytes folds through `String.lowercased()`, as the seeds' words were), 0 when unknown.
    func id(word b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, ascii isASCII: Bool) -> Int32 {
        guard isASCII else {
            let lower = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self).lowercased()
            return byString[lower] ?? 0
        }
        var h = Vocabulary.hashSeed
        for k in s..<e {
            let c = b[k]
            h = Vocabulary.hashStep(h, c >= 65 && c <= 90 ? c + 32 : c)
        }
        return id(asciiWord: b, s, e, hash: Vocabulary.hashFinish(h))
    }

    /// The id of the ASCII word `b[s..<e]` whose lower-cased bytes hash to `h`, 0 when unknown.
    @inline(__always) func id(asciiWord b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, hash h: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: h) & mask
        let n = e - s
        while true {
            let id = slots[slot]
            if id == 0 { return 0 }
            if hashes[Int(id)] == h {
                let r = ranges[Int(id)]
                if Int(r.count) == n {
                    var same = true
                    var q = Int(r.start)
                    for k in s..<e {
                        let c = b[k]
                        if (c >= 65 && c <= 90 ? c + 32 : c) != bytes[q] { same = false; break }
                        q += 1
                    }
                    if same { return id }
                }
            }
            slot = (slot + 1) & mask
        }
    }
}

/// A set of vocabulary ids (a bit set): membership is one shift and one load.
struct WordSet: Sendable {
    private var bits: [UInt64]

    /// The single words of `words` (entries with a space, which no token can equal, are skipped),
    /// by their ids in the base vocabulary.
    init<S: Sequence>(_ words: S) where S.Element == String {
        let v = Vocabulary.base
        bits = [UInt64](repeating: 0, count: (v.count + 63) / 64)
        for w in words where !w.utf8.contains(32) {
            let id = v.id(w)
            precondition(id != 0, "word list entry '\(w)' is not in the base vocabulary")
            bits[Int(id) >> 6] |= 1 << UInt64(id & 63)
        }
    }

    @inline(__always) func contains(_ id: Int32) -> Bool {
        let k = Int(id) >> 6
        return id > 0 && k < bits.count && bits[k] & (1 << UInt64(id & 63)) != 0
    }
}

/// A read-only map from 64-bit keys (two word ids, or a trie node and a word id) to values:
/// open addressing with a multiplicative hash, for lookups on the hot path that a `Dictionary`
/// would route through SipHash.
struct IntTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private var used: [Bool]
    private let shift: UInt64

    init(_ pairs: [UInt64: Value]) {
        var bits: UInt64 = 4
        while (1 << bits) < pairs.count * 2 + 1 { bits += 1 }
        let size = 1 << Int(bits)
        shift = 64 - bits
        keys = [UInt64](repeating: 0, count: size)
        values = [Value?](repeating: nil, count: size)
        used = [Bool](repeating: false, count: size)
        for (k, v) in pairs {
            var s = slot(k)
            while used[s] { s = (s + 1) & (size - 1) }
            used[s] = true
            keys[s] = k
            values[s] = v
        }
    }

    @inline(__always) private func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    @inline(__always) subscript(_ k: UInt64) -> Value? {
        var s = slot(k)
        let mask = used.count - 1
        while used[s] {
            if keys[s] == k { return values[s] }
            s = (s + 1) & mask
        }
        return nil
    }
}
