/// A party name found in a sentence: token range [start, end) and the party.
struct PartyHit: Sendable {
    var start: Int
    var end: Int
    var party: Party
}

/// A sentence that carries money (or neighbours one), tokenised once, with its party names found.
/// A class: rules pass it around many times per figure, and a reference costs one retain.
final class SentenceInfo: Sendable {
    let index: Int
    let span: SentenceSpan
    let tokens: [Token]
    let hits: [PartyHit]
    /// token index -> index in `hits`, or -1
    let partyAt: [Int]
    /// Index of the first money expression inside the sentence; `moneyTokens[k]` is the token of
    /// money `firstMoney + k` (money inside a sentence is a contiguous run of indices).
    let firstMoney: Int
    let moneyTokens: [Int]
    /// Status cue starting at each token (computed once: rules scan sentences many times).
    let cues: [(FlowStatus, Bool, Int)?]
    /// Category cue starting at each token (word or two-word phrase) and its weight.
    let categoryCues: [(AidCategory, Int, Int)?]

    init(index: Int, span: SentenceSpan, bytes: UnsafeBufferPointer<UInt8>, money: [(Int, Int, Int)], gazetteer: Gazetteer) {
        self.index = index
        self.span = span
        let tokens = Tokenizer.tokens(bytes, from: span.byteStart, to: span.byteEnd, money: money, vocabulary: gazetteer.vocabulary)
        var hits: [PartyHit] = []
        var partyAt = Array(repeating: -1, count: tokens.count)
        var moneyTokens: [Int] = []
        moneyTokens.reserveCapacity(money.count)
        var cues = [(FlowStatus, Bool, Int)?](repeating: nil, count: tokens.count)
        var categoryCues = [(AidCategory, Int, Int)?](repeating: nil, count: tokens.count)
        let cueTable = Lexicon.cueTable, statusPairs = Lexicon.statusPairs, categoryPairs = Lexicon.categoryPairs
        for i in tokens.indices where tokens[i].kind == .word {
            let t = tokens[i]
            // one array load per word; the two-word key is looked up only when some phrase starts here
            guard t.id > 0, Int(t.id) < cueTable.count, let wc = cueTable[Int(t.id)] else { continue }
            let hasNext = i + 1 < tokens.count && tokens[i + 1].kind == .word
            let statusHere = !t.cap || i == 0
            let needPair = hasNext && ((statusHere && wc.startsStatusPhrase) || wc.startsCategoryPhrase)
            let pair = needPair ? Lexicon.pairKey(t.id, tokens[i + 1].id) : 0
            if statusHere {
                if needPair && wc.startsStatusPhrase, let st = statusPairs[pair] { cues[i] = (st, false, 2) }
                else if let st = wc.status { cues[i] = (st, false, 1) }
                else if let st = wc.receive { cues[i] = (st, true, 1) }
            }
            if needPair && wc.startsCategoryPhrase, let c = categoryPairs[pair] { categoryCues[i] = (c.0, c.1, 2) }
            else if let c = wc.category { categoryCues[i] = (c.0, c.1, 1) }
        }
        // a headline in title case ("Donor Pledges Aid to Region": four capitalised words and no
        // lower-case word longer than three letters) names no organisation by its shape
        var capWords = 0, longLower = false
        for t in tokens where t.kind == .word {
            if t.cap { capWords += 1 } else if t.end - t.start > 3 { longLower = true; break }
        }
        let titleCase = capWords >= 4 && !longLower
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .money { moneyTokens.append(i); i += 1; continue }
            guard t.kind == .word, t.cap || t.id == W.the else { i += 1; continue }
            var listed: (Int, Party)? = nil
            if let (n, e) = gazetteer.match(tokens, i, bytes: bytes), !SentenceInfo.insideLongerName(tokens, i + n, bytes) {
                listed = (n, e.party)
            }
            // an organisation by its name's shape where no listed name starts, or where a listed
            // one stands before a title word that opens a longer name ("Lusaka Development Bank")
            var shaped: (Int, Party)? = nil
            if !titleCase, listed.map({ SentenceInfo.titleFollows(tokens, i + $0.0) }) ?? true {
                shaped = gazetteer.organisation(tokens, i, bytes: bytes)
            }
            var chosen = listed
            if let o = shaped, o.0 > (listed?.0 ?? 0) { chosen = o }
            if let (n, p) = chosen {
                hits.append(PartyHit(start: i, end: i + n, party: p))
                for k in i..<(i + n) { partyAt[k] = hits.count - 1 }
                i += n
                continue
            }
            i += 1
        }
        // a party's own name is not the money's purpose: "Development" in an agency's name or
        // "Humanitarian" in a fund's says nothing of what this money is for (the party's category,
        // mechanisms.tsv, speaks for it instead)
        for h in hits { for k in h.start..<h.end { categoryCues[k] = nil } }
        self.tokens = tokens
        self.hits = hits
        self.partyAt = partyAt
        self.firstMoney = money.first?.0 ?? 0
        self.moneyTokens = moneyTokens
        self.cues = cues
        self.categoryCues = categoryCues
    }

    /// The token of money expression `m`, if it is inside this sentence.
    @inline(__always) func token(ofMoney m: Int) -> Int? {
        let k = m - firstMoney
        return k >= 0 && k < moneyTokens.count ? moneyTokens[k] : nil
    }

    /// Titles that may follow a party name without making it part of a longer name ("U.S. President").
    static let titles = WordSet(WordLists.titles)

    /// True when a capitalised word follows a party name, making it part of a longer proper name
    /// ("Ukraine Facility", "Chad Schools Fund"), unless it is a title ("U.S. President").
    static func insideLongerName(_ tokens: [Token], _ next: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard next < tokens.count else { return false }
        let t = tokens[next]
        guard t.kind == .word, t.cap, !t.allCaps || t.length(b) > 5 else { return false }
        return !titles.contains(t.id)
    }

    /// True when `hit` labels another item of a list than the money at token `t`: it stands right
    /// before a money token that is not `t`, after a comma or "and" ("Norway gave $9 million,
    /// Peru $3 million": Peru, for the $9 million), it is another money's "from" ("$9 million from
    /// Norway; $3 million from Peru": Peru, for the $9 million), or another money stands in
    /// brackets right after it ("Norway ($9 million), Peru ($3 million)").
    func labelsOtherListItem(_ hit: PartyHit, notOf t: Int) -> Bool {
        if hit.end != t && hit.end < tokens.count && tokens[hit.end].kind == .money && hit.start >= 1
            && (tokens[hit.start - 1].isPunct(W.comma) || word(hit.start - 1) == W.and) { return true }
        if hit.start >= 2 && hit.start - 2 != t && word(hit.start - 1) == W.from
            && tokens[hit.start - 2].kind == .money { return true }
        return hit.end + 2 < tokens.count && hit.end + 1 != t && tokens[hit.end].isPunct(W.lparen)
            && tokens[hit.end + 1].kind == .money && tokens[hit.end + 2].isPunct(W.rparen)
    }

    /// True when a capitalised title word ("Development", "Central") is at `next`.
    static func titleFollows(_ tokens: [Token], _ next: Int) -> Bool {
        next < tokens.count && tokens[next].kind == .word && tokens[next].cap && titles.contains(tokens[next].id)
    }

    /// The id of the word at `i`, or 0 outside the sentence and for non-words.
    @inline(__always) func word(_ i: Int) -> Int32 {
        i >= 0 && i < tokens.count && tokens[i].kind == .word ? tokens[i].id : 0
    }

    /// Index of the token before `i` that is not a determiner ("the", "its", "a").
    func beforeDeterminers(_ i: Int) -> Int {
        var j = i - 1
        while j >= 0 && tokens[j].kind == .word && (tokens[j].id == W.the || tokens[j].id == W.its
            || tokens[j].id == W.their || tokens[j].id == W.a || tokens[j].id == W.an) { j -= 1 }
        return j
    }

    /// A lower-case status cue at `i` (a two-word phrase when `i` starts one): status, receive-type, length.
    func statusCue(_ i: Int) -> (FlowStatus, Bool, Int)? {
        guard i >= 0 && i < tokens.count else { return nil }
        return cues[i]
    }

    /// The hit that ends right before token `i` (its last token is `i - 1`), if any.
    /// The "(" of the bracketed group whose ")" is token `close`, at most `reach` tokens back
    /// ("(UA*)", "(ACR)"); nil when `close` is no ")" or the group is longer.
    func bracketOpening(closingAt close: Int, reach: Int = 5) -> Int? {
        guard close >= 1, close < tokens.count, tokens[close].isPunct(W.rparen) else { return nil }
        var m = close - 1
        while m >= 0 && m > close - reach && !tokens[m].isPunct(W.lparen) { m -= 1 }
        return m >= 0 && tokens[m].isPunct(W.lparen) ? m : nil
    }

    func hitEnding(before i: Int) -> Int? {
        guard i - 1 >= 0 else { return nil }
        let h = partyAt[i - 1]
        return h >= 0 && hits[h].end == i ? h : nil
    }

    /// The hit that starts at `i`, or at `i + 1` after "the"/"its".
    func hitStarting(at i: Int) -> Int? {
        var j = i
        while j < tokens.count && (word(j) == W.the || word(j) == W.its || word(j) == W.a) && partyAt[j] < 0 { j += 1 }
        guard j < tokens.count else { return nil }
        let h = partyAt[j]
        return h >= 0 && hits[h].start == j ? h : nil
    }
}
