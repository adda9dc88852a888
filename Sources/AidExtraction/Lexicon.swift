/// The attribution vocabularies of `seeds/lexicon.tsv` and `seeds/mechanisms.tsv`, parsed once
/// into lookup tables (lower-cased word or two-word phrase -> cue), so that the hot path only
/// hashes words of sentences that carry money.
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

    /// Lower-cased word -> the cues it starts; a word absent here starts no status, receive or
    /// category cue, alone or as the first word of a phrase (so the phrase key need not be built).
    static let wordCues: [String: WordCues] = {
        var out: [String: WordCues] = [:]
        func first(_ key: String) -> String? {
            guard let sp = key.utf8.firstIndex(of: 32) else { return nil }
            return String(key[..<sp])
        }
        for (k, v) in tables.status {
            out[k, default: WordCues()].status = v
            if let f = first(k) { out[f, default: WordCues()].startsStatusPhrase = true }
        }
        for (k, v) in tables.receive { out[k, default: WordCues()].receive = v }
        for (k, v) in tables.category {
            out[k, default: WordCues()].category = v
            if let f = first(k) { out[f, default: WordCues()].startsCategoryPhrase = true }
        }
        return out
    }()

    static let status = tables.status
    static let receive = tables.receive
    static let category = tables.category
    static let mechHead = tables.mechHead
    static let source = tables.source
    static let named = tables.named
    static let channel = tables.channel
    static let partyCategory = tables.partyCategory
    static let modal = tables.sets["modal"] ?? []
    static let perfect = tables.sets["perfect"] ?? []
    static let aux = tables.sets["aux"] ?? []
    static let blockVerb = tables.sets["blockverb"] ?? []
    static let measure = tables.sets["measure"] ?? []
    static let generic = tables.sets["generic"] ?? []
    static let continuation = tables.sets["continue"] ?? []
    static let partitive = tables.sets["partitive"] ?? []
    static let govNoun = tables.sets["govnoun"] ?? []
    static let noDonorPrep = tables.sets["nodonorprep"] ?? []

    /// Words skipped between an auxiliary or modal and its verb ("will also provide").
    static let adverbs: Set<String> = [
        "also", "already", "now", "then", "since", "still", "just", "separately", "recently", "further",
        "jointly", "quickly", "finally", "formally", "officially", "previously", "earlier", "so", "far",
        "not", "n't", "soon", "initially", "eventually", "be", "been", "being", "on", "thursday", "friday",
        "monday", "tuesday", "wednesday", "saturday", "sunday", "today", "yesterday",
    ]
    static let determiners: Set<String> = [
        "the", "its", "their", "his", "her", "our", "this", "that", "these", "those", "a", "an", "'s", "your", "my",
    ]
    static let prepositions: Set<String> = [
        "of", "for", "to", "from", "with", "by", "on", "at", "under", "through", "in", "into", "via", "over",
        "since", "after", "before", "during", "until", "as", "than", "against", "among", "between", "within",
        "across", "toward", "towards", "about", "per", "inside", "outside", "without", "including",
    ]
    static let clauseWords: Set<String> = ["that", "which", "who", "whose", "while", "whereas", "but", "and", "or", "when", "as", "if", "because"]
}
