/// The attribution vocabularies of `seeds/lexicon.tsv` and `seeds/mechanisms.tsv`, parsed once
/// into lookup tables by vocabulary id (a word, or two adjacent words, -> cue), so that the hot
/// path does array loads instead of hashing strings.
enum Lexicon {
    struct Tables: Sendable {
        var status: [String: FlowStatus] = [:]
        var receive: [String: FlowStatus] = [:]
        var sets: [String: Set<String>] = [:]
        var category: [String: (AidCategory, Int)] = [:]
        var mechHead: [String: AidCategory?] = [:]
        var source: Set<String> = []
        /// normalised alias words (joined by " ") -> (canonical name, category)
        var named: [String: (String, AidCategory?)] = [:]
        var channel: Set<String> = []
        var partyCategory: [String: AidCategory] = [:]
        /// organisation head word -> (role, counts only as the name's last word)
        var orgHead: [String: (String, Bool)] = [:]
        /// ISO 4217 code -> the issuing state's ISO 3166-1 alpha-3 code
        var issuer: [String: String] = [:]
    }

    static let tables: Tables = {
        var t = Tables()
        for row in SeedData.rows("lexicon.tsv") where row.count >= 2 {
            let kind = String(row[0]), phrase = String(row[1]).lowercased()
            let value = row.count > 2 ? String(row[2]) : ""
            switch kind {
            case "status": if let s = FlowStatus(rawValue: value) { t.status[phrase] = s }
            case "receive": if let s = FlowStatus(rawValue: value) { t.receive[phrase] = s }
            case "category":
                if let c = AidCategory(rawValue: value) {
                    t.category[phrase] = (c, row.count > 3 ? Int(row[3]) ?? 1 : 1)
                }
            case "orghead": t.orgHead[phrase] = (value, row.count > 3 && row[3] == "last")
            case "issuer": t.issuer[String(row[1])] = value
            default: t.sets[kind, default: []].insert(phrase)
            }
        }
        for row in SeedData.rows("mechanisms.tsv") where row.count >= 2 {
            let kind = String(row[0])
            let value = row.count > 2 ? String(row[2]) : ""
            switch kind {
            case "head": t.mechHead[String(row[1]).lowercased()] = AidCategory(rawValue: value)
            case "source": t.source.insert(String(row[1]).lowercased())
            case "named":
                let canonical = String(row[1])
                let cat = row.count > 3 ? AidCategory(rawValue: String(row[3])) : nil
                var names = [canonical]
                if row.count > 2 { names += row[2].split(separator: "|").map(String.init) }
                for n in names { t.named[Tokenizer.words(n).joined(separator: " ")] = (canonical, cat) }
            case "channel": t.channel.insert(String(row[1]))
            case "category":
                if let c = AidCategory(rawValue: value) { t.partyCategory[String(row[1])] = c }
            default: break
            }
        }
        return t
    }()

    /// Cues a single lower-cased word can start, looked up once per word of a sentence.
    struct WordCues: Sendable {
        var status: FlowStatus?
        var receive: FlowStatus?
        var category: (AidCategory, Int)?
        /// Some status (category) key is this word followed by a space and more.
        var startsStatusPhrase = false
        var startsCategoryPhrase = false
    }

    /// Base vocabulary id -> the cues the word starts; nil for a word that starts no status,
    /// receive or category cue, alone or as the first word of a phrase.
    static let cueTable: [WordCues?] = {
        let v = Vocabulary.base
        var out = [WordCues?](repeating: nil, count: v.count)
        func edit(_ word: Substring, _ body: (inout WordCues) -> Void) {
            let id = Int(v.id(String(word)))
            precondition(id > 0, "lexicon word '\(word)' is not in the vocabulary")
            var c = out[id] ?? WordCues()
            body(&c)
            out[id] = c
        }
        for (k, s) in tables.status {
            let parts = k.split(separator: " ")
            if parts.count == 1 { edit(parts[0]) { $0.status = s } } else { edit(parts[0]) { $0.startsStatusPhrase = true } }
        }
        for (k, s) in tables.receive where !k.contains(" ") { edit(Substring(k)) { $0.receive = s } }
        for (k, c) in tables.category {
            let parts = k.split(separator: " ")
            if parts.count == 1 { edit(parts[0]) { $0.category = c } } else { edit(parts[0]) { $0.startsCategoryPhrase = true } }
        }
        return out
    }()

    /// Two word ids as one key.
    @inline(__always) static func pairKey(_ a: Int32, _ b: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
    }

    /// Two-word keys of a table by their word ids (keys of one or three and more words are left
    /// out: only two adjacent tokens are ever looked up as a phrase).
    static func pairs<V>(_ table: [String: V]) -> [UInt64: V] {
        var out: [UInt64: V] = [:]
        for (k, value) in table {
            let parts = k.split(separator: " ")
            guard parts.count == 2 else { continue }
            let a = Vocabulary.base.id(String(parts[0])), b = Vocabulary.base.id(String(parts[1]))
            precondition(a > 0 && b > 0, "lexicon phrase '\(k)' is not in the vocabulary")
            out[pairKey(a, b)] = value
        }
        return out
    }

    static let statusPairs = IntTable(pairs(tables.status))
    static let categoryPairs = IntTable(pairs(tables.category))

    /// First words of the named instruments' keys: a phrase starting otherwise names none.
    static let namedFirstWords = WordSet(tables.named.keys.map { String($0.split(separator: " ").first ?? "") }.filter { !$0.isEmpty })

    /// Base vocabulary id -> the category a single word implies, and its weight.
    static let categoryByID: [(AidCategory, Int)?] = {
        var out = [(AidCategory, Int)?](repeating: nil, count: Vocabulary.base.count)
        for (k, c) in tables.category where !k.contains(" ") { out[Int(Vocabulary.base.id(k))] = c }
        return out
    }()
    @inline(__always) static func categoryOf(_ id: Int32) -> (AidCategory, Int)? {
        id > 0 && Int(id) < categoryByID.count ? categoryByID[Int(id)] : nil
    }

    /// Base vocabulary id -> the category hint of an instrument head noun ("loan" -> financial).
    static let headCategoryByID: [AidCategory?] = {
        var out = [AidCategory?](repeating: nil, count: Vocabulary.base.count)
        for (k, c) in tables.mechHead where !k.contains(" ") { out[Int(Vocabulary.base.id(k))] = c }
        return out
    }()
    @inline(__always) static func headCategoryOf(_ id: Int32) -> AidCategory? {
        id > 0 && Int(id) < headCategoryByID.count ? headCategoryByID[Int(id)] : nil
    }

    static let status = tables.status
    static let receive = tables.receive
    static let category = tables.category
    static let mechHead = tables.mechHead
    /// Instrument head nouns by word id.
    static let heads = WordSet(tables.mechHead.keys)
    static let source = WordSet(tables.source)
    static let named = tables.named
    static let channel = tables.channel
    static let partyCategory = tables.partyCategory
    /// The state that issues a national currency (ISO 4217 -> ISO 3166-1 alpha-3).
    static let issuer = tables.issuer
    static let modal = WordSet(tables.sets["modal"] ?? [])
    static let perfect = WordSet(tables.sets["perfect"] ?? [])
    static let aux = WordSet(tables.sets["aux"] ?? [])
    static let blockVerb = WordSet(tables.sets["blockverb"] ?? [])
    /// Asking words that block only right before the money ("appealed for $N"): `nearBlockReach`.
    static let nearBlock = WordSet(tables.sets["nearblock"] ?? [])
    static let nearBlockReach = 3
    static let measure = WordSet(tables.sets["measure"] ?? [])
    /// Words of change ("increased", "a rise"): "increased by $N", "a decrease of $N" name the
    /// difference of two amounts, not a flow.
    static let change = WordSet(tables.sets["change"] ?? [])
    static let generic = WordSet(tables.sets["generic"] ?? [])
    static let partitive = WordSet(tables.sets["partitive"] ?? [])
    static let govNoun = WordSet(tables.sets["govnoun"] ?? [])
    static let noDonorPrep = WordSet(tables.sets["nodonorprep"] ?? [])
    /// Lower-case words inside an organisation's name ("of", "&", "bin").
    static let orgLink = WordSet(tables.sets["orglink"] ?? [])
    /// Words that make a bank its state's central bank ("State Bank of ...", "Central Bank of ...").
    static let orgState = WordSet(tables.sets["orgstate"] ?? [])
    /// Base vocabulary id -> the role an organisation head word gives ("foundation", "lender")
    /// and whether it counts only as the name's last word ("Meridian International").
    static let orgHeadByID: [(role: String, lastOnly: Bool)?] = {
        var out = [(role: String, lastOnly: Bool)?](repeating: nil, count: Vocabulary.base.count)
        for (k, v) in tables.orgHead {
            let id = Int(Vocabulary.base.id(k))
            precondition(id > 0, "organisation head '\(k)' is not in the vocabulary")
            out[id] = (v.0, v.1)
        }
        return out
    }()
    @inline(__always) static func orgHeadOf(_ id: Int32) -> (role: String, lastOnly: Bool)? {
        id > 0 && Int(id) < orgHeadByID.count ? orgHeadByID[Int(id)] : nil
    }

    /// Words skipped between an auxiliary or modal and its verb ("will also provide").
    static let adverbs = WordSet(WordLists.adverbs)
    static let determiners = WordSet(WordLists.determiners)
    static let prepositions = WordSet(WordLists.prepositions)
    static let clauseWords = WordSet(WordLists.clauseWords)
}
