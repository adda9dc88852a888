import Foundation

/// Resolves names of countries and institutions (names, aliases, capitals, metonyms such as
/// "Washington" or "the Pentagon", demonyms before a word of government) to parties, from the
/// compiled-in `seeds/parties.tsv` plus aliases the user supplies at run time ("Sida" -> "SWE").
///
/// Matching in text is token-based: an alias written in capitals ("UK", "WHO") must match exactly,
/// so that "us" and "who" never resolve; other names match case-insensitively but must start with
/// a capital and may not be written all in capitals, so that datelines ("BRUSSELS, March 28") do
/// not name a party.
public struct Gazetteer: Sendable {
    struct Entry: Sendable {
        var party: Party
        /// Original tokens when the alias must match case-sensitively (acronyms).
        var exact: [String]?
        var demonym: Bool
    }

    /// Alias key (lower-cased tokens joined by " ") -> entry.
    let table: [String: Entry]
    let byCode: [String: Party]
    let maxTokens: Int
    /// Party code -> words of all its names ("agency", "bank", ...), for anaphora such as "the
    /// agency" or "the bank".
    let nameWords: [String: WordSet]
    /// The base vocabulary plus the words of user aliases: sentences are tokenised with it.
    let vocabulary: Vocabulary
    /// Names as a trie over word ids: (node, word id) -> child node; node 0 is the root.
    let edges: IntTable<Int32>
    /// Node -> the entry of the name ending there.
    let entries: [Entry?]

    struct Base: Sendable {
        var table: [String: Entry] = [:]
        var byCode: [String: Party] = [:]
        var maxTokens = 1
        var nameWords: [String: Set<String>] = [:]
    }

    /// Party code -> its usual role in aid news (`seeds/roles.tsv`: "oda-recipient", "lender",
    /// "agency", ...): a feature of the donor and recipient rankings, never a rule.
    static let roles: [String: String] = {
        var out: [String: String] = [:]
        for row in SeedData.rows("roles.tsv") where row.count >= 2 { out[String(row[0])] = String(row[1]) }
        return out
    }()

    /// The role of `party`: its listed one, else "state" for a country and "institution" otherwise.
    static func role(of party: Party) -> String {
        roles[party.code] ?? organisationRole(party) ?? (party.kind == .country ? "state" : "institution")
    }

    static let base: Base = {
        var b = Base()
        for row in SeedData.partyRows where row.count >= 3 {
            let code = String(row[0])
            let kind: Party.Kind = row[1] == "country" ? .country : .institution
            let party = Party(name: String(row[2]), code: code, kind: kind)
            b.byCode[code] = party
            var names = [String(row[2])]
            if row.count > 3 { names += row[3].split(separator: "|").map(String.init) }
            for n in names {
                add(&b, n, party, demonym: false)
                b.nameWords[code, default: []].formUnion(Tokenizer.words(n))
            }
            if row.count > 4 {
                for d in row[4].split(separator: "|") { add(&b, String(d), party, demonym: true) }
            }
        }
        return b
    }()

    static func add(_ b: inout Base, _ name: String, _ party: Party, demonym: Bool) {
        let words = Tokenizer.words(name)
        guard !words.isEmpty else { return }
        let key = words.joined(separator: " ")
        let raw = Tokenizer.rawWords(name)
        let isAcronym = raw.contains { w in
            let letters = w.unicodeScalars.filter { CharacterSet.letters.contains($0) }
            return letters.count >= 2 && letters.allSatisfy { CharacterSet.uppercaseLetters.contains($0) }
        }
        let entry = Entry(party: party, exact: isAcronym ? raw : nil, demonym: demonym)
        // A full name wins over a demonym or another party's alias of the same spelling.
        if let old = b.table[key], !old.demonym, demonym { return }
        if let old = b.table[key], !old.demonym, old.party.code != party.code, old.party.kind == .country { return }
        b.table[key] = entry
        b.maxTokens = max(b.maxTokens, words.count)
    }

    public init(userAliases: [String: String] = [:]) {
        var b = Gazetteer.base
        var v = Vocabulary.base
        for (alias, code) in userAliases.sorted(by: { $0.key < $1.key }) {
            guard let party = b.byCode[code] ?? b.byCode[code.uppercased()] else { continue }
            let words = Tokenizer.words(alias)
            guard !words.isEmpty else { continue }
            b.table[words.joined(separator: " ")] = Entry(party: party, exact: nil, demonym: false)
            b.maxTokens = max(b.maxTokens, words.count)
            for w in words { v.intern(w) }
        }
        v.rebuild()
        var edges: [UInt64: Int32] = [:]
        var entries: [Entry?] = [nil]
        for (key, entry) in b.table {
            var node: Int32 = 0
            for w in key.split(separator: " ", omittingEmptySubsequences: false) {
                let id = v.id(String(w))
                precondition(id != 0, "name word '\(w)' is not in the vocabulary")
                let k = Lexicon.pairKey(node, id)
                if let child = edges[k] { node = child; continue }
                entries.append(nil)
                node = Int32(entries.count - 1)
                edges[k] = node
            }
            entries[Int(node)] = entry
        }
        table = b.table
        byCode = b.byCode
        maxTokens = b.maxTokens
        nameWords = b.nameWords.mapValues { WordSet($0) }
        vocabulary = v
        self.edges = IntTable(edges)
        self.entries = entries
    }

    /// The party `name` refers to ("U.S.", "Kyiv", "the Pentagon", "Swedish"), or nil.
    public func resolve(_ name: String) -> Party? {
        let words = Tokenizer.words(name)
        guard !words.isEmpty else { return nil }
        var key = words.joined(separator: " ")
        if table[key] == nil, words.count > 1, words[0] == "the" { key = words.dropFirst().joined(separator: " ") }
        guard let e = table[key] else { return nil }
        if let exact = e.exact, exact != Tokenizer.rawWords(name) { return nil }
        return e.party
    }

    /// The party with code `code` ("UKR", "EU"), if the gazetteer knows it.
    public func party(code: String) -> Party? { byCode[code] }

    /// The longest party name starting at token `i`: (tokens used, entry). Demonyms count only
    /// before a word of government ("Swedish government", "Japanese foreign ministry").
    func match(_ tokens: [Token], _ i: Int, bytes: UnsafeBufferPointer<UInt8>) -> (Int, Entry)? {
        let t = tokens[i]
        guard t.kind == .word else { return nil }
        let startsWithThe = t.id == W.the
        if !t.cap && !startsWithThe { return nil }
        var node: Int32 = 0
        var best: (Int, Entry)? = nil
        var n = 0
        var j = i
        while j < tokens.count && n < maxTokens {
            let w = tokens[j]
            if w.kind == .money { break }
            n += 1
            j += 1
            guard w.id != 0, let child = edges[Lexicon.pairKey(node, w.id)] else { break }
            node = child
            if let e = entries[Int(node)], accept(e, tokens, i, n, bytes: bytes) { best = (n, e) }
        }
        guard let found = best else { return nil }
        if found.1.demonym {
            // demonym + (adjective)? + government word, or its people ("Syrian refugees")
            var k = i + found.0
            var ok = false
            while k < tokens.count && k <= i + found.0 + 2 {
                if Lexicon.govNoun.contains(tokens[k].id) || Rules.peopleNouns.contains(tokens[k].id) { ok = true; break }
                if tokens[k].kind != .word { break }
                k += 1
            }
            if !ok { return nil }
            return (k + 1 - i, found.1)
        }
        return found
    }

    func accept(_ e: Entry, _ tokens: [Token], _ i: Int, _ n: Int, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let exact = e.exact {
            guard exact.count == n else {
                // "the Pentagon"-style keys compare only the capitalised part
                return false
            }
            for k in 0..<n {
                let t = tokens[i + k]
                if String(decoding: UnsafeBufferPointer(rebasing: bytes[t.start..<t.end]), as: UTF8.self) != exact[k] { return false }
            }
            return true
        }
        var first = i
        if tokens[i].id == W.the {
            if n == 1 { return false }
            first = i + 1
        }
        if !tokens[first].cap { return false }
        for k in first..<(i + n) where tokens[k].allCaps && tokens[k].length(bytes) > 3 { return false }
        return true
    }
}

extension Gazetteer {
    /// Code prefix of an organisation found by its name's shape rather than listed
    /// (`organisation(_:_:bytes:)`): "org:" and the name's lower-cased words.
    static let organisationPrefix = "org:"

    /// An organisation the gazetteer does not list, named by a run of capitalised words that holds
    /// a head word of `seeds/lexicon.tsv` (`orghead`: "Foundation", "Bank", "Fund", "Society"):
    /// "the Ahmed bin Khalid Foundation", "Bank of Lusaka", "City of Lyon". Inside the run only
    /// lower-case linking words (`orglink`: "of", "&", "bin") and "the" after "of" may stand; "for"
    /// joins only a capitalised word that is no listed party ("Foundation for Literacy", not
    /// "Foundation for Kenya", whose country is the money's receiver). The run needs two
    /// capitalised words and a head (`headRole` gives its role). Returns (tokens used from `i`,
    /// party).
    func organisation(_ tokens: [Token], _ i: Int, bytes: UnsafeBufferPointer<UInt8>) -> (Int, Party)? {
        var s = i
        if tokens[s].kind == .word && tokens[s].id == W.the { s += 1 }
        guard s < tokens.count, tokens[s].kind == .word, tokens[s].cap else { return nil }
        // "the European Investment Bank": a listed name after "the" is that party
        if s != i, let (n, _) = match(tokens, s, bytes: bytes), !SentenceInfo.insideLongerName(tokens, s + n, bytes) { return nil }
        var j = s, last = s, caps = 0, allCaps = 0
        while j < tokens.count && j - s < 12 {
            let w = tokens[j]
            if w.kind == .word && w.cap {
                caps += 1
                if w.allCaps { allCaps += 1 }
                last = j
                j += 1
                continue
            }
            let isFor = w.kind == .word && w.id == W.for
            guard isFor || Lexicon.orgLink.contains(w.id) else { break }
            var k = j + 1
            if k < tokens.count && tokens[k].kind == .word && tokens[k].id == W.the && (w.id == W.of || isFor) { k += 1 }
            guard k < tokens.count, tokens[k].kind == .word, tokens[k].cap else { break }
            if isFor, match(tokens, k, bytes: bytes) != nil { break }
            j = k
        }
        guard caps >= 2, allCaps < caps,
              Gazetteer.headRole((s...last).compactMap { tokens[$0].kind == .word ? tokens[$0].id : nil }) != nil else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[tokens[s].start..<tokens[last].end]), as: UTF8.self)
        let code = Gazetteer.organisationPrefix + Tokenizer.words(name).joined(separator: " ")
        return (last + 1 - i, Party(name: name, code: code, kind: .institution))
    }

    /// The role of an organisation found by `organisation`: that its name's heads give.
    static func organisationRole(_ party: Party) -> String? {
        guard party.code.hasPrefix(organisationPrefix) else { return nil }
        let v = Vocabulary.base
        return headRole(Tokenizer.words(party.name).map { v.id($0) })
    }

    /// The role the head words of a name (word ids, in order) give: the last head's ("Bank of
    /// China": lender), a "lastOnly" head counting only as the last word; a bank named "State",
    /// "Central", "National" or "Reserve" is its state's central bank ("state"). Nil: no head.
    static func headRole(_ ids: [Int32]) -> String? {
        var role: String? = nil
        for (n, id) in ids.enumerated() {
            if let h = Lexicon.orgHeadOf(id), !h.lastOnly || n == ids.count - 1 { role = h.role }
        }
        if role == "lender", ids.contains(where: { Lexicon.orgState.contains($0) }) { role = "state" }
        return role
    }
}
