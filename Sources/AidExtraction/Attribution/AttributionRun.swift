import Foundation

/// One figure being built.
struct FigureDraft {
    var money: Int
    var others: [Int] = []
    var donor: Party?
    var recipient: Party?
    var mechanism: String?
    var mechanismNamed = false
    /// Token (in the figure's sentence) where the mechanism phrase starts, when it stands there.
    var mechanismToken: Int?
    var category: AidCategory = .other
    var status: FlowStatus = .committed
    var parentMoney: Int?
    var parentFigure: Int?
    var sentence: Int
}

/// Money index -> the figure it was booked as (an array: looked up several times per figure).
struct MoneyFigures {
    private var figure: [Int]
    init(count: Int) { figure = [Int](repeating: -1, count: count) }
    subscript(_ m: Int) -> Int? {
        get { m >= 0 && m < figure.count && figure[m] >= 0 ? figure[m] : nil }
        set { figure[m] = newValue ?? -1 }
    }
}

/// The attribution of one article (see `Attributor`).
struct AttributionRun {
    let bytes: UnsafeBufferPointer<UInt8>
    let money: [MoneyExpression]
    let gazetteer: Gazetteer
    let sentences: [SentenceSpan]
    /// money index -> sentence index
    var moneySentence: [Int] = []
    /// sentence index -> its tokens and names, built when a rule first needs them
    var infos: [SentenceInfo?]
    var figures: [FigureDraft] = []
    /// money index -> figure index
    var moneyFigure: MoneyFigures
    /// parties seen so far, most recent last (for "the agency", "the bank")
    var seen: [Party] = []
    /// Earlier figures indexed for the look-back rules.
    var index = FigureIndex()
    /// Every money expression with the rules' verdict and draft, in text order (the model's input).
    var cases: [MentionCase] = []
    /// The learned decisions; nil keeps the rules' own.
    let model: AttributionModel?
    /// Set by `donor` when the text names the giver outright: "from X" / "by X" after the money,
    /// or "receiving funds from X" before a receipt.
    var explicitDonor = false
    /// Set by `recipient` when the text names the receiver outright: "to X" / "for X" after the
    /// money, or the subject of a receiving verb ("Kenya will receive").
    var explicitRecipient = false
    /// When set, `decide` records every decision's features here (`make train` reads them).
    var featureLog: [MentionFeatures]? = nil
    /// money index -> the amount's rough magnitude, computed once. Only for heuristic ratio tests
    /// ("is this restatement within 25%?", "is the parent at least 3x larger?"); never stored, summed
    /// or compared for equality: amounts themselves stay exact `Decimal` (see Types.swift).
    let amountDouble: [Double]
    /// sentence index -> its instrument phrases (first word, head), found once: a sentence with
    /// thousands of money expressions must not be scanned once per expression.
    var instrumentSpans: [Int: [(start: Int, head: Int)]] = [:]
    /// sentence index -> the words after "the" that name no party (short forms such as "the
    /// bank"), and whether it has a generic aid word; found once per sentence for the same reason.
    var sentenceWords: [Int: (shortForms: [Int32], generic: Bool)] = [:]
    /// Per sentence: its aid, status, measure and blocking words and its parties' roles (the
    /// sentence-wide flow features, counted once however many money expressions it holds).
    var sentenceVocabulary: [Int: SentenceVocabulary] = [:]

    init(bytes: UnsafeBufferPointer<UInt8>, money: [MoneyExpression], gazetteer: Gazetteer,
         model: AttributionModel? = nil, logFeatures: Bool = false) {
        self.bytes = bytes
        self.model = model
        if logFeatures { featureLog = [] }
        self.money = money
        self.gazetteer = gazetteer
        self.sentences = Segmenter.segment(bytes)
        infos = [SentenceInfo?](repeating: nil, count: sentences.count)
        moneyFigure = MoneyFigures(count: money.count)
        var s = 0
        for m in money {
            while s + 1 < sentences.count && sentences[s].byteEnd <= m.byteStart { s += 1 }
            moneySentence.append(s)
        }
        amountDouble = money.map { ($0.amount as NSDecimalNumber).doubleValue }
    }

    func text(_ from: Int, _ to: Int) -> String {
        guard from < to else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    mutating func sentenceInfo(_ s: Int) -> SentenceInfo? {
        guard s >= 0 && s < sentences.count else { return nil }
        if let i = infos[s] { return i }
        let span = sentences[s]
        // `money` is sorted by byteStart: the money inside the sentence is one contiguous run.
        var lo = 0, hi = money.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if money[mid].byteStart < span.byteStart { lo = mid + 1 } else { hi = mid }
        }
        var inside: [(Int, Int, Int)] = []
        var k = lo
        while k < money.count && money[k].byteStart < span.byteEnd {
            inside.append((k, money[k].byteStart, money[k].byteEnd))
            k += 1
        }
        let i = SentenceInfo(index: s, span: span, bytes: bytes, money: inside, gazetteer: gazetteer)
        infos[s] = i
        for h in i.hits { seen.append(h.party) }
        return i
    }

    mutating func run() -> Extraction {
        var mentions: [Mention] = []
        // each sentence's text is decoded once, however many mentions and figures quote it
        var sentenceText = [String?](repeating: nil, count: sentences.count)
        func quote(_ i: Int) -> String {
            if let t = sentenceText[i] { return t }
            let t = text(sentences[i].byteStart, sentences[i].byteEnd)
            sentenceText[i] = t
            return t
        }
        // The evidence of money `k`: its sentence, or, for money written across a line break
        // ("$5\nbillion": a line break ends a sentence), the sentences it runs over.
        func evidence(_ k: Int, _ first: Int) -> (String, Span) {
            var last = first
            while last + 1 < sentences.count && sentences[last].byteEnd < money[k].byteEnd { last += 1 }
            let a = sentences[first], z = sentences[last]
            let span = Span(start: min(a.cpStart, money[k].span.start), end: max(z.cpEnd, money[k].span.end))
            return (last == first ? quote(first) : text(a.byteStart, max(z.byteEnd, money[k].byteEnd)), span)
        }
        for (k, m) in money.enumerated() {
            guard !sentences.isEmpty else { mentions.append(Mention(money: m, sentence: "", sentenceSpan: m.span)); continue }
            let (sentence, span) = evidence(k, moneySentence[k])
            mentions.append(Mention(money: m, sentence: sentence, sentenceSpan: span))
        }
        guard !sentences.isEmpty else { return Extraction(mentions: mentions, figures: []) }
        for k in money.indices { attribute(k) }
        // part-of: money index -> figure index
        for f in figures.indices where figures[f].parentFigure == nil {
            if let pm = figures[f].parentMoney, let pf = moneyFigure[pm], pf != f { figures[f].parentFigure = pf }
        }
        let chosen = model != nil || featureLog != nil ? decide(model ?? AttributionModel(scorers: [:])) : figures
        let out = chosen.map { d -> Figure in
            let (sentence, span) = evidence(d.money, d.sentence)
            return Figure(money: money[d.money], otherMentions: d.others.map { money[$0] }, donor: d.donor,
                          recipient: d.recipient, mechanism: d.mechanism, category: d.category, status: d.status,
                          partOf: d.parentFigure, sentence: sentence, sentenceSpan: span)
        }
        return Extraction(mentions: mentions, figures: out)
    }

    // MARK: - reach

    /// How far (in tokens) a rule looks from the money it attributes. Real sentences stay well
    /// inside it (the longest seen in the evaluation and benchmark articles has under 90 tokens),
    /// so it changes nothing there; it keeps a run-on list of thousands of figures in one
    /// "sentence" linear instead of quadratic.
    static let reach = 120

    /// Token indices within `reach` of `t`.
    @inline(__always) func near(_ info: SentenceInfo, _ t: Int) -> Range<Int> {
        max(0, t - AttributionRun.reach)..<min(info.tokens.count, max(0, t + AttributionRun.reach + 1))
    }

    /// Indices of the party names that start within `reach` of token `t` (hits are in text order).
    func nearHits(_ info: SentenceInfo, _ t: Int) -> Range<Int> {
        let hits = info.hits
        func first(_ pred: (PartyHit) -> Bool) -> Int {
            var lo = 0, hi = hits.count
            while lo < hi { let mid = (lo + hi) / 2; if pred(hits[mid]) { hi = mid } else { lo = mid + 1 } }
            return lo
        }
        let a = first { $0.start >= t - AttributionRun.reach }
        let b = first { $0.start > t + AttributionRun.reach }
        return a..<max(a, b)
    }

    // MARK: - one money expression

    mutating func attribute(_ mi: Int) {
        let si = moneySentence[mi]
        guard let info = sentenceInfo(si), let t = info.token(ofMoney: mi) else { return }
        // 1. A conversion in parentheses belongs to the money before it.
        if let prev = conversionSource(info, t) {
            if let f = moneyFigure[prev] { figures[f].others.append(mi) }
            cases.append(MentionCase(money: mi, token: t, verdict: .conversion(prev)))
            return
        }
        // 2. Money that measures something else, 3. a restatement of a flow already booked: the
        // rules' verdict. The figure is drafted all the same, so that the model can overrule it.
        let nonFlow = isNonFlow(info, t)
        let embedded = isEmbedded(info, t)
        let cue = governingCue(info, t, embedded: embedded)
        let restated = nonFlow ? nil : restatementOf(mi, info, t, hasCue: cue != nil)
        if let f = restated { figures[f].others.append(mi) }
        var d = FigureDraft(money: mi, sentence: si)
        // status
        if let c = cue {
            d.status = modalBefore(info, c.index) ? .pledged : c.status
        } else {
            d.status = .committed
        }
        // parent (tranche of a larger programme)
        d.parentMoney = partitiveParent(mi, info, t)
        if d.parentMoney == nil, let pf = sameSentenceParent(mi, info, t) { d.parentFigure = pf }
        if d.parentMoney == nil && d.parentFigure == nil, let pf = partitiveParentFigure(mi, info, t) { d.parentFigure = pf }
        // mechanism (may also name the parent through "the facility")
        mechanism(&d, info, t, embedded: embedded)
        if cue == nil, let pf = parentFigureIndex(d) { d.status = figures[pf].status }
        if cue == nil, embedded { d.status = .committed }
        // recipient and donor
        let receiveType = cue?.receive ?? false
        // a sum in brackets after its party in a list: "sent to Mali ($4 million), Chad ($3
        // million)" names each recipient, "gifts came from Norway (€4 million), Peru (€2 million)"
        // each giver (and the list's other members are no recipient of that sum)
        let label = bracketLabel(info, t)
        let listedGiver = label.map { $0.1 == W.from || $0.1 == W.by } ?? false
        // an elliptical list: "Spain approved €20 million for Peru, Portugal €5 million" (the
        // party before the sum takes the first item's role, the other party carries over)
        let elliptical = label == nil ? ellipticalItem(info, t) : nil
        if let (p, first) = elliptical {
            explicitRecipient = false
            if first.cue?.receive ?? false {
                d.recipient = p; explicitRecipient = true
            } else if let r = first.draft?.recipient, r.code != p.code {
                d.recipient = r
            }
        } else if let (p, prep) = label, prep == W.to || prep == W.for {
            d.recipient = p; explicitRecipient = true
        } else {
            d.recipient = recipient(info, t, cue: cue, receive: receiveType)
        }
        let recipientNamed = explicitRecipient
        var donors: [Party?]
        if let (p, _) = label, listedGiver, p.code != d.recipient?.code {
            donors = [p]; explicitDonor = true
        } else if let (p, first) = elliptical {
            explicitDonor = !(first.cue?.receive ?? false)
            donors = explicitDonor ? [p] : first.donors
        } else {
            donors = donor(info, t, cue: cue, embedded: embedded, receive: receiveType, recipient: d.recipient, draft: d)
        }
        let breakdownRow = t >= 2 && info.tokens[t - 1].isPunct(W.colon) && recipientNamed
        // a breakdown row that names no giver ("UNDP: 30 million" under "Norway will give NOK 90
        // million ..."): the table's giver is the giver of the figure before it
        if breakdownRow, donors.allSatisfy({ $0 == nil }),
           let g = figures.last?.donor, g.code != d.recipient?.code {
            donors = [g]; explicitDonor = true
        }
        // nor an instrument: the table's instrument (and purpose) are those of the figure before it
        // ("Breakdown of the Relief Grant: / UNDP: 30 million"), not the channel the row names
        var tableCategory: AidCategory? = nil
        if breakdownRow, d.mechanism == nil || (d.mechanismToken ?? t) < t - 1, let last = figures.last,
           let m = last.mechanism, last.mechanism != last.recipient?.name {
            d.mechanism = m; d.mechanismNamed = last.mechanismNamed; d.mechanismToken = nil
            tableCategory = last.category
        }
        if d.recipient == nil, d.mechanismNamed, let m = d.mechanism { d.recipient = countryOpening(m) }
        if d.recipient == nil, let last = figures.last { d.recipient = last.recipient }
        if d.recipient == nil && !listedGiver && elliptical == nil { d.recipient = leftoverParty(info, t, excluding: donors.first ?? nil) }
        if let r = d.recipient, donors.count == 1, donors[0]?.code == r.code {
            if listedGiver || (elliptical != nil && explicitDonor) { d.recipient = nil } else { donors = [nil] }
        }
        // channel mechanism
        if d.mechanism == nil {
            for p in [d.recipient, donors.first ?? nil] {
                if let p, Lexicon.channel.contains(p.code) { d.mechanism = p.name; break }
            }
        }
        d.category = tableCategory ?? category(info, t, draft: d, donor: donors.first ?? nil)
        let verdict: RuleVerdict = nonFlow ? .nonFlow : restated.map { .restatement($0) } ?? .flow
        cases.append(MentionCase(money: mi, token: t, verdict: verdict, draft: d, donors: donors, cue: cue,
                                 embedded: embedded, previousFigure: figures.count - 1, explicitDonor: explicitDonor,
                                 explicitRecipient: recipientNamed && d.recipient != nil))
        guard case .flow = verdict else { return }
        let figureIndex = figures.count
        moneyFigure[mi] = figureIndex
        // "A, B and C will receive $20 million each": one flow per listed recipient (as decide does)
        let recipients = donors.count <= 1 ? eachRecipients(info, t, d.recipient) : []
        for donor in donors {
            var copy = d
            copy.donor = donor
            var rows = [copy]
            if recipients.count > 1 {
                if let dc = donor?.code, recipients.contains(where: { $0.code == dc }) { copy.donor = nil }
                rows = recipients.map { var each = copy; each.recipient = $0; return each }
            }
            for row in rows {
                figures.append(row)
                index.add(figure: figures.count - 1, money: money[mi], double: amountDouble[mi],
                          namedMechanism: row.mechanismNamed ? row.mechanism : nil)
            }
        }
    }

    // MARK: - conversions, non-flows, restatements

    /// A country named by the first one or two words of an instrument's name ("Peru Water
    /// Project" -> Peru): the instrument serves that country.
    func countryOpening(_ name: String) -> Party? {
        let words = name.split(separator: " ")
        guard words.count >= 2 else { return nil }
        guard let last = words.last, isHead(String(last.lowercased())) else { return nil }
        for n in [2, 1] where words.count > n {
            if let p = gazetteer.resolve(words[0..<n].joined(separator: " ")), p.kind == .country { return p }
        }
        return nil
    }

    /// The money that money token `t` converts into another currency, if it is a conversion: in
    /// brackets right after it ("€50 million ($54 million)", "[about $12 million]"), or outside
    /// them in another currency after "or", "equivalent to" or a hedged apposition ("Tk900 million
    /// or around $7.5 million", "UA 40 million (UA*), about $54 million").
    func conversionSource(_ info: SentenceInfo, _ t: Int) -> Int? {
        let toks = info.tokens
        var j = t - 1
        if j >= 0, toks[j].kind == .word, Rules.conversionHedge.contains(toks[j].id) { j -= 1 }
        if j >= 1, toks[j].isPunct(W.lparen) || toks[j].isPunct(W.lbracket), toks[j - 1].kind == .money {
            return toks[j - 1].money
        }
        // outside brackets: a few bridge words back to the money before, which must be in another
        // currency; "or", "equivalent"/"equal", or a comma with a hedge must be among them
        var k = t - 1, strong = false, comma = false, hedge = false, n = 0
        while k >= 0 && n < 7 {
            let w = toks[k]
            if w.kind == .money { break }
            if w.isPunct(W.comma) { comma = true }
            else if w.isPunct(W.rparen) {
                // the earlier sum's own bracket ("(UA*)"): step over it
                guard let open = info.bracketOpening(closingAt: k) else { return nil }
                k = open - 1; n += 1
                continue
            } else if w.kind == .word && Rules.conversionBridge.contains(w.id) {
                if w.id == W.or || w.id == W.equivalent || w.id == W.equal { strong = true }
                if Rules.conversionHedge.contains(w.id) { hedge = true }
            } else { return nil }
            k -= 1; n += 1
        }
        let a = k >= 0 && toks[k].kind == .money ? toks[k].money : -1, b = toks[t].money
        if b >= 0, money[b].hedge != nil { hedge = true }  // "..., roughly $7.5 million" (the hedge is the money's)
        guard a >= 0, b >= 0, k < t - 1, strong || (comma && hedge), money[a].currency != money[b].currency else { return nil }
        return a
    }

    func isNonFlow(_ info: SentenceInfo, _ t: Int) -> Bool {
        let toks = info.tokens
        // a rate, not a sum: "paid 10,000 afghanis a month", "$3 per litre"
        if Rules.rateArticle.contains(info.word(t + 1)),
           Rules.rateUnits.contains(info.word(t + 2)) {
            return true
        }
        // an appositive restatement of a money that is not a flow: "10,000 afghanis a month, roughly $140"
        if t >= 2, toks[t - 1].isPunct(W.comma) || (toks[t - 1].kind == .word && Rules.appositiveHedge.contains(toks[t - 1].id)) {
            var j = t - 1
            if toks[j].kind == .word { j -= 1 }
            if j >= 1, toks[j].isPunct(W.comma) {
                var k = j - 1
                var n = 0
                while k >= 0 && n < 3 && toks[k].kind == .word { k -= 1; n += 1 }
                if k >= 0, toks[k].kind == .money, moneyFigure[toks[k].money] == nil, k < t, isNonFlowBasic(info, k) { return true }
            }
        }
        // the cost of what another sum funds: "a $4 million grant for a $19 million dam project"
        if isFundedCost(info, t) { return true }
        // a difference of two amounts: "the deficit increased by $N", "a decrease of £N"
        if isDifference(info, t) { return true }
        // right: "$N in damage", "$N of external debt", "$N sale"
        var j = t + 1
        if j < toks.count, toks[j].kind == .word, toks[j].id == W.in || toks[j].id == W.of { j += 1 }
        var k = 0
        while j < toks.count && k < 4 {
            let w = toks[j]
            if w.kind != .word { break }
            if Lexicon.measure.contains(w.id) && !(w.id == W.budget && info.word(j + 1) == W.support)
                && !(w.id == W.order && info.word(j + 1) == W.to) { return true }  // "in order to"
            if w.id == W.possessive { j += 1; continue }  // "of the central bank's reserves"
            if k > 0 || j > t + 1 { if Lexicon.prepositions.contains(w.id) || Lexicon.clauseWords.contains(w.id) { break } }
            if info.statusCue(j) != nil { break }
            j += 1; k += 1
        }
        // left: the first cue met decides
        j = t - 1
        while j >= 0 {
            let w = toks[j]
            if w.kind == .money { return listContinuesNonFlow(info, j, t) }
            if w.isPunct(W.semicolon) { break }
            if w.kind == .word {
                if info.statusCue(j) != nil { return false }
                if Lexicon.blockVerb.contains(w.id) { return true }
                if Lexicon.nearBlock.contains(w.id) && t - j <= Lexicon.nearBlockReach { return true }
                if Lexicon.measure.contains(w.id) && info.partyAt[j] < 0 {
                    if w.id == W.spending && Lexicon.aux.contains(info.word(j - 1)) { j -= 1; continue }
                    if w.id == W.budget && info.word(j + 1) == W.support { j -= 1; continue }
                    return true
                }
            }
            j -= 1
        }
        return false
    }

    /// "increased by $N" (a word of change at most three words before the "by": "increased its
    /// aid by $N") or "a decrease of $N": the difference of two amounts, not a flow.
    func isDifference(_ info: SentenceInfo, _ t: Int) -> Bool {
        let toks = info.tokens
        guard t >= 2, toks[t - 1].kind == .word else { return false }
        if toks[t - 1].id == W.of { return toks[t - 2].kind == .word && Lexicon.change.contains(toks[t - 2].id) }
        guard toks[t - 1].id == W.by else { return false }
        var j = t - 2
        while j >= max(0, t - 5) {
            let w = toks[j]
            guard w.kind == .word, info.statusCue(j) == nil else { return false }
            if Lexicon.change.contains(w.id) { return true }
            j -= 1
        }
        return false
    }

    /// An item of an elliptical list: a party directly before the money, after a comma or "and",
    /// when the sentence's previous money had a giver named by the rules and no other party stands
    /// between them ("X approved €20 million for Peru, Portugal €5 million and Italy €4 million").
    /// Returns the item's party and the previous money's case, whose roles the item repeats.
    func ellipticalItem(_ info: SentenceInfo, _ t: Int) -> (Party, MentionCase)? {
        guard t >= 3, info.partyAt[t - 1] >= 0, let first = cases.last, first.draft != nil,
              moneySentence[first.money] == info.index, first.token < t else { return nil }
        let hit = info.hits[info.partyAt[t - 1]]
        guard hit.end == t, hit.start >= 2 else { return nil }  // end is exclusive
        let sep = info.tokens[hit.start - 1]
        guard sep.isPunct(W.comma) || (sep.kind == .word && sep.id == W.and) else { return nil }
        guard let giver = first.donors.first ?? nil, giver.code != hit.party.code else { return nil }
        // the previous money's own item: between it and this party, only its recipient phrase
        for j in (first.token + 1)..<(hit.start - 1) {
            let w = info.tokens[j]
            if w.kind == .money { return nil }
            if info.statusCue(j) != nil { return nil }
        }
        return (hit.party, first)
    }

    /// An elliptical list continues a non-flow: "remittances reached Peru with $9 billion, Chad
    /// at $4 billion and Mali $2 billion". Between the earlier money (token `k`, a non-flow by
    /// the rules) and this one stand only parties, commas, "and", "at", "with" and "the".
    func listContinuesNonFlow(_ info: SentenceInfo, _ k: Int, _ t: Int) -> Bool {
        guard let last = cases.last, case .nonFlow = last.verdict, last.money == info.tokens[k].money else { return false }
        var party = false
        for j in (k + 1)..<t {
            let w = info.tokens[j]
            if info.partyAt[j] >= 0 { party = true; continue }
            if w.isPunct(W.comma) { continue }
            guard w.kind == .word, w.id == W.and || w.id == W.the || w.id == W.with || w.id == W.at else { return false }
        }
        return party
    }

    /// Money after "for a"/"for an" that sizes a project within four words after it, with
    /// another sum earlier in the clause: the project's whole cost, of which that sum is the flow.
    func isFundedCost(_ info: SentenceInfo, _ t: Int) -> Bool {
        let toks = info.tokens
        guard t >= 3, info.word(t - 2) == W.for, info.word(t - 1) == W.a || info.word(t - 1) == W.an else { return false }
        var j = t + 1, sized = false
        while j < toks.count && j <= t + 4 && toks[j].kind == .word {
            if Rules.projectNouns.contains(toks[j].id) { sized = true; break }
            j += 1
        }
        guard sized else { return false }
        j = t - 3
        while j >= 0 {
            if toks[j].kind == .money { return true }
            if toks[j].isPunct(W.semicolon) || toks[j].isPunct(W.colon) { return false }
            j -= 1
        }
        return false
    }

    /// `isNonFlow` without the appositive rule: rate words and the left-hand cue (one level only).
    func isNonFlowBasic(_ info: SentenceInfo, _ k: Int) -> Bool {
        let toks = info.tokens
        if Rules.rateArticle.contains(info.word(k + 1)),
           Rules.rateUnits.contains(info.word(k + 2)) {
            return true
        }
        var j = k - 1
        while j >= 0 {
            let w = toks[j]
            if w.kind == .money || w.isPunct(W.semicolon) { break }
            if w.kind == .word {
                if info.statusCue(j) != nil { return false }
                if Lexicon.blockVerb.contains(w.id) { return true }
                if Lexicon.nearBlock.contains(w.id) && k - j <= Lexicon.nearBlockReach { return true }
                if Lexicon.measure.contains(w.id) && info.partyAt[j] < 0 { return true }
            }
            j -= 1
        }
        return false
    }

    func restatementOf(_ mi: Int, _ info: SentenceInfo, _ t: Int, hasCue: Bool) -> Int? {
        let m = money[mi]
        let det = Rules.restatementDeterminers.contains(info.word(t - 1))
        // With a cue and no determiner neither an equal nor a near amount is a restatement.
        if hasCue && !det { return nil }
        // The latest earlier figure that passes `matches`; only figures of the same currency with
        // an amount within ratio 0.79 ... 1.26 (or equal) can pass, and the index lists them all.
        enum Window { case none, above, below, around }
        var window = Window.none
        if !hasCue, let hedge = m.hedge, m.amountMax == nil, m.amount > 0 {
            let h = hedge.lowercased()
            if h.contains("more") || h.contains("over") || h.contains("above") || h.contains("exceed") {
                window = .above
            } else if h.contains("up to") || h.contains("less") || h.contains("under") || h.contains("below") {
                window = .below
            } else {
                window = .around
            }
        }
        let md = amountDouble[mi]
        let positive = md > 0 && md.isFinite
        func matches(_ f: Int) -> Bool {
            let om = figures[f].money
            guard om != mi else { return false }
            let ratio = amountDouble[om] / md
            let inWindow: Bool
            switch window {
            case .none: inWindow = false
            case .above: inWindow = ratio >= 1 && ratio <= 1.25
            case .below: inWindow = ratio <= 1 && ratio >= 0.8
            case .around: inWindow = ratio >= 0.87 && ratio <= 1.15
            }
            let other = money[om]
            guard other.currency == m.currency else { return false }
            // named again in the same sentence for another party: another flow ("A (NOK 40
            // million), B (NOK 40 million)")
            if moneySentence[om] == info.index, let ot = info.token(ofMoney: om), localPartiesDiffer(info, ot, t) { return false }
            if inWindow { return true }
            // equal decimals convert to doubles a few units in the last place apart at most:
            // the exact comparison is needed only when the doubles are that close
            if positive && abs(ratio - 1) > 1e-9 { return false }
            return other.amount == m.amount && other.amountMax == m.amountMax
        }
        return index.latest(currency: m.currency, double: md, exactOnly: window == .none, where: matches)
    }

    /// Money inside a prepositional noun phrase with a determiner or possessive ("under the €50
    /// billion Ukraine Facility", "an audit of Peru's $2 billion programme"): a programme
    /// named, not the object of the sentence's verb.
    func isEmbedded(_ info: SentenceInfo, _ t: Int) -> Bool {
        var j = t - 1
        var sawDet = false
        while j >= 0 {
            let w = info.tokens[j]
            guard w.kind == .word else { return false }
            if Lexicon.determiners.contains(w.id) { sawDet = true; j -= 1; continue }
            if w.cap || info.partyAt[j] >= 0 { j -= 1; continue }
            if w.id == W.of && j > 0 && (info.tokens[j - 1].cap || info.partyAt[j - 1] >= 0) && j + 1 < t && info.tokens[j + 1].cap {
                j -= 1; continue
            }
            return sawDet && Rules.embeddingPrep.contains(w.id)
        }
        return false
    }

    // MARK: - status

    struct Cue { var index: Int; var status: FlowStatus; var receive: Bool; var left: Bool }

    /// The verb or noun that sets the flow's stage: the nearest status cue on the left, or a finite
    /// one on the right ("is reserved", "had now arrived") when that is nearer.
    func governingCue(_ info: SentenceInfo, _ t: Int, embedded: Bool) -> Cue? {
        let toks = info.tokens
        var left: Cue? = nil
        if !embedded {
            var j = t - 1
            while j >= max(0, t - AttributionRun.reach) {
                if toks[j].isPunct(W.semicolon) { break }
                if let (s, r, _) = info.statusCue(j) { left = Cue(index: j, status: s, receive: r, left: true); break }
                j -= 1
            }
        }
        var right: Cue? = nil
        var j = t + 1
        var n = 0
        while j < toks.count && n < 14 {
            let w = toks[j]
            if w.kind == .money || w.isPunct(W.semicolon) || w.isPunct(W.colon) { break }
            if embedded && (w.id == W.and || w.id == W.but || (w.isPunct(W.comma) && !Rules.whichThat.contains(info.word(j + 1)))) { break }
            if let (s, r, _) = info.statusCue(j) {
                // finite: auxiliary (adverbs skipped) or a relative clause subject for embedded money
                var k = j - 1
                while k > t && Lexicon.adverbs.contains(info.word(k)) && info.word(k) != W.be && info.word(k) != W.been { k -= 1 }
                let prev = info.word(k)
                if Lexicon.aux.contains(prev) || prev == W.be || prev == W.been || embedded {
                    right = Cue(index: j, status: s, receive: r, left: false)
                } else if left == nil, j - t <= 4, isParticiple(info, j),
                          ((t + 1)..<j).allSatisfy({ info.tokens[$0].kind == .word && !info.tokens[$0].cap }) {
                    // a reduced relative with no verb before the money: "$40 million for schools
                    // pledged at the Lima meeting", "$5 million approved by the board"
                    right = Cue(index: j, status: s, receive: r, left: false)
                }
                break
            }
            j += 1; n += 1
        }
        switch (left, right) {
        case let (l?, r?): return (r.index - t) < (t - l.index) ? r : l
        case let (l?, nil): return l
        case let (nil, r?): return r
        default: return nil
        }
    }

    /// True when the word at `j` is a past participle: it ends in "-ed" or is an irregular one
    /// ("given", "paid", "sent").
    func isParticiple(_ info: SentenceInfo, _ j: Int) -> Bool {
        let t = info.tokens[j]
        guard t.kind == .word else { return false }
        if Rules.irregularParticiples.contains(t.id) { return true }
        return t.end - t.start > 3 && bytes[t.end - 2] | 0x20 == UInt8(ascii: "e") && bytes[t.end - 1] | 0x20 == UInt8(ascii: "d")
    }

    /// True when a modal ("will", "would", "plans", "to") governs the cue at `c`.
    func modalBefore(_ info: SentenceInfo, _ c: Int) -> Bool {
        var j = c - 1
        var onlyAdverbs = true
        while j >= max(0, c - AttributionRun.reach) {
            let w = info.tokens[j]
            if w.kind != .word {
                if w.kind == .punct && Rules.clauseMarks.contains(w.id) { return false }
                j -= 1; continue
            }
            let l = w.id
            if l == W.to { if onlyAdverbs { return true } }
            else if l == W.be || l == W.been { }  // "to be spent", "will be paid"
            else if Lexicon.modal.contains(l) { return true }
            else if Lexicon.perfect.contains(l) { return false }
            else if info.statusCue(j) != nil { return false }
            if !Lexicon.adverbs.contains(l) { onlyAdverbs = false }
            j -= 1
        }
        return false
    }

    // MARK: - part of

    /// A partitive cue ("of the total", "first tranche", "its share of", "payment under") names
    /// a larger figure: another money of the same sentence inside a noun phrase, else the latest
    /// larger figure in the same currency.
    func partitiveParent(_ mi: Int, _ info: SentenceInfo, _ t: Int) -> Int? {
        let toks = info.tokens
        var hasCue = false
        for k in max(0, t - 12)..<min(toks.count, t + 13) where toks[k].kind == .word && Lexicon.partitive.contains(toks[k].id) {
            hasCue = true; break
        }
        guard hasCue else { return nil }
        let m = money[mi]
        for k in near(info, t) where toks[k].kind == .money && toks[k].money != mi {
            let w = toks[k]
            let o = money[w.money]
            guard isEmbedded(info, k) else { continue }
            if o.currency != m.currency || o.amount > m.amount { return w.money }
        }
        return nil
    }

    func partitiveParentFigure(_ mi: Int, _ info: SentenceInfo, _ t: Int) -> Int? {
        let toks = info.tokens
        var hasCue = false
        for k in max(0, t - 12)..<min(toks.count, t + 13) where toks[k].kind == .word && Lexicon.partitive.contains(toks[k].id) {
            if toks[k].id == W.payment || toks[k].id == W.share { continue }
            hasCue = true; break
        }
        // "The first €40 million will be transferred": an ordinal tranche of an earlier figure
        if !hasCue, info.word(t - 2) == W.the, Rules.ordinals.contains(info.word(t - 1)) {
            hasCue = true
        }
        guard hasCue else { return nil }
        let m = money[mi]
        return index.latestLarger(currency: m.currency, than: m.amount, double: amountDouble[mi])
    }

    /// A portion cue right before the money ("with the receipt of €3 billion", "of which $2
    /// billion", "the first tranche of", "including $5 million") links it to an earlier figure of the
    /// same sentence that is clearly larger: in the same currency larger, across currencies (no
    /// conversion is made) at least three times as large. A named instrument is preferred.
    func sameSentenceParent(_ mi: Int, _ info: SentenceInfo, _ t: Int) -> Int? {
        guard hasPortionCue(info, t) else { return nil }
        let m = money[mi]
        var best: Int? = nil
        for k in near(info, t) where k < t && info.tokens[k].kind == .money && info.tokens[k].money != mi {
            let w = info.tokens[k]
            guard let f = moneyFigure[w.money], figures[f].sentence == info.index else { continue }
            let o = money[w.money]
            let larger: Bool
            if o.currency == m.currency { larger = o.amount > m.amount }
            else { larger = amountDouble[w.money] >= 3 * amountDouble[mi] && amountDouble[mi] > 0 }
            guard larger else { continue }
            if best == nil || figures[f].mechanismNamed { best = f }
        }
        return best
    }

    /// Words on the left of the money (skipping determiners, adjectives and hedges, at most six
    /// tokens) that make it a portion: "receipt of", "of which", "including", a partitive noun
    /// followed by "of" ("first tranche of").
    func hasPortionCue(_ info: SentenceInfo, _ t: Int) -> Bool {
        var j = t - 1
        var n = 0
        while j >= 0 && n < 6 {
            let w = info.word(j)
            if info.tokens[j].kind != .word { return false }
            if w == W.which && info.word(j - 1) == W.of { return true }
            if w == W.including { return true }
            if w == W.of {
                let h = info.word(j - 1)
                if h == W.receipt || (Lexicon.partitive.contains(h) && h != W.total && h != W.amount) { return true }
                return false
            }
            if Lexicon.clauseWords.contains(w) || info.statusCue(j) != nil { return false }
            j -= 1; n += 1
        }
        return false
    }

    func parentFigureIndex(_ d: FigureDraft) -> Int? {
        if let pf = d.parentFigure { return pf }
        if let pm = d.parentMoney { return moneyFigure[pm] }
        return nil
    }

    // MARK: - parties

    /// True when the party at hit `h` can be the giver: not after a preposition of place or
    /// destination, not the object of a giving verb, not a possessive modifier of another noun.
    func donorPosition(_ info: SentenceInfo, _ h: Int) -> Bool {
        let hit = info.hits[h]
        var p = hit.start - 1
        while p >= 0 && Rules.donorModifiers.contains(info.word(p)) { p -= 1 }
        let prev = info.word(p)
        if Lexicon.noDonorPrep.contains(prev) { return false }
        if info.statusCue(p) != nil { return false }
        if info.word(hit.end) == W.possessive {
            let next = hit.end + 1
            guard next < info.tokens.count else { return false }
            let n = info.tokens[next]
            if n.kind == .money { return true }
            if n.cap || Lexicon.govNoun.contains(n.id) || Rules.possessedBodies.contains(n.id) { return true }
            return false
        }
        return true
    }

    /// The party a sum in brackets labels ("Peru ($3 million)") and the preposition that opens
    /// the list it stands in ("to", "for", "from", "by"), read leftwards over the list's parties,
    /// bracketed sums and words, within the sentence; nil when the sum is not in brackets right
    /// after a party or no such preposition opens the list.
    func bracketLabel(_ info: SentenceInfo, _ t: Int) -> (Party, Int32)? {
        let toks = info.tokens
        guard t >= 2, t + 1 < toks.count, toks[t - 1].isPunct(W.lparen), toks[t + 1].isPunct(W.rparen),
              let h = info.hitEnding(before: t - 1) else { return nil }
        var k = info.hits[h].start - 1
        var n = 0
        while k >= 0 && n < 60 {
            let w = toks[k]
            if info.partyAt[k] >= 0 { k = info.hits[info.partyAt[k]].start - 1; n += 1; continue }
            if w.isPunct(W.semicolon) || w.isPunct(W.colon) { return nil }
            if w.kind == .word && (w.id == W.to || w.id == W.for || w.id == W.from || w.id == W.by) {
                return (info.hits[h].party, w.id)
            }
            k -= 1; n += 1
        }
        return nil
    }

    mutating func recipient(_ info: SentenceInfo, _ t: Int, cue: Cue?, receive: Bool) -> Party? {
        explicitRecipient = false
        let toks = info.tokens
        // r0: "an audit of Peru's $2 billion programme" by another party: the possessor receives
        if info.word(t - 1) == W.possessive, let h = info.hitEnding(before: t - 1), info.hits[h].party.kind == .country,
           nearHits(info, t).contains(where: { $0 != h && donorPosition(info, $0) && info.hits[$0].party.code != info.hits[h].party.code && info.hits[$0].start < t }) {
            return info.hits[h].party
        }
        // r0b: a breakdown row, "Health agency (WHO): 4.5 million": the party labelling the sum receives it
        if t >= 2, toks[t - 1].isPunct(W.colon) {
            let k = info.bracketOpening(closingAt: t - 2) ?? t - 1
            // the name before the brackets, else the acronym inside them (a long name the
            // gazetteer spells otherwise: "The Andean Water Office (WHO): 4 million")
            if let h = info.hitEnding(before: k) ?? (k != t - 1 ? info.hitEnding(before: t - 2) : nil) {
                explicitRecipient = true; return info.hits[h].party
            }
        }
        // r0c: "the WHO will be allocated €7 million", "Chad was granted $5 million": the subject
        // of a passive giving verb right before the money receives it
        if let c = cue, c.left, !receive, c.index == t - 1, c.index >= 2 {
            var k = c.index - 1, passive = false
            while k >= 0, toks[k].kind == .word, Lexicon.aux.contains(toks[k].id) {
                if Rules.beForms.contains(toks[k].id) { passive = true }
                k -= 1
            }
            if passive, let h = info.hitEnding(before: k + 1) { explicitRecipient = true; return info.hits[h].party }
        }
        // r1: "to X" / "for X" (or "to <place> in X") after the money
        var j = t + 1
        var n = 0
        while j < toks.count && n < 16 {
            let w = toks[j]
            if w.isPunct(W.semicolon) { break }
            if w.kind == .money && !isEmbedded(info, j) && conversionSource(info, j) == nil { break }
            if w.kind == .word && (w.id == W.to || w.id == W.for) {
                if let p = partyAfter(info, j + 1) { explicitRecipient = true; return p }
            }
            j += 1; n += 1
        }
        // r2: indirect object of the giving verb ("give Ukraine $N", "provide Armenia with")
        if let c = cue, c.left, !c.receive, let h = info.hitStarting(at: c.index + 1) { return info.hits[h].party }
        // r3: the subject of a receiving verb
        if let c = cue, c.receive {
            var k = c.index - 1
            while k >= max(0, c.index - AttributionRun.reach) {
                if toks[k].isPunct(W.semicolon) { break }
                if info.partyAt[k] >= 0 {
                    let h = info.partyAt[k]
                    let prev = info.word(info.hits[h].start - 1)
                    if !Rules.notReceiverPrep.contains(prev) { explicitRecipient = true; return info.hits[h].party }
                    k = info.hits[h].start - 1; continue
                }
                k -= 1
            }
        }
        // r4: "to X" / "for X" before the money
        j = t - 1
        while j >= max(0, t - AttributionRun.reach) {
            let w = toks[j]
            if w.isPunct(W.semicolon) { break }
            if w.kind == .word && (w.id == W.to || w.id == W.for) {
                if let p = partyAfter(info, j + 1) { return p }
            }
            j -= 1
        }
        return nil
    }

    /// The party named right after a preposition: "the agency" and "the bank" resolve to the latest
    /// such party seen; "its twin town Tartu in eastern Estonia" gives the country.
    func partyAfter(_ info: SentenceInfo, _ i: Int) -> Party? {
        if let h = info.hitStarting(at: i) {
            // "for a United Nations trust fund": the party names the instrument, not the receiver
            let e = info.hits[h].end
            if e < info.tokens.count, info.tokens[e].kind == .word, !info.tokens[e].cap, isHead(info.word(e)) {
                return nil
            }
            return info.hits[h].party
        }
        var j = i
        while j < info.tokens.count && Lexicon.determiners.contains(info.word(j)) { j += 1 }
        if info.word(i) == W.the, j < info.tokens.count, !info.tokens[j].cap {
            let noun = info.word(j)
            if Rules.anaphoraNouns.contains(noun) {
                for p in seen.reversed() where p.kind == .institution {
                    if gazetteer.nameWords[p.code]?.contains(noun) == true { return p }
                }
            }
        }
        // a place inside a country: "to its twin town Tartu in eastern Estonia"
        var k = 0
        while j < info.tokens.count && k < 5 {
            let w = info.tokens[j]
            if w.kind != .word { return nil }
            if w.id == W.in {
                var q = j + 1
                if q < info.tokens.count && !info.tokens[q].cap { q += 1 }
                if let h = info.hitStarting(at: q) { return info.hits[h].party }
                return nil
            }
            if Lexicon.prepositions.contains(w.id) || info.statusCue(j) != nil { return nil }
            j += 1; k += 1
        }
        return nil
    }

    func leftoverParty(_ info: SentenceInfo, _ t: Int, excluding donor: Party?) -> Party? {
        for hit in info.hits[nearHits(info, t)] {
            if hit.party.code == donor?.code { continue }
            // the party of another item of a list ("Norway gave $9 million, Peru $3 million")
            if info.labelsOtherListItem(hit, notOf: t) { continue }
            let prev = info.word(info.beforeDeterminers(hit.start))
            if Rules.notRecipientPrep.contains(prev) { continue }
            return hit.party
        }
        return nil
    }

    mutating func donor(_ info: SentenceInfo, _ t: Int, cue: Cue?, embedded: Bool, receive: Bool, recipient: Party?, draft: FigureDraft) -> [Party?] {
        explicitDonor = false
        let toks = info.tokens
        // d1: "from X" / "by X" after the money, in its clause
        var j = t + 1
        while j < toks.count && j <= t + 12 {
            let w = toks[j]
            if w.kind == .punct && (w.id == W.comma || w.id == W.semicolon) { break }
            if w.kind == .money && conversionSource(info, j) == nil { break }
            // a relative clause on a later noun has its own agent ("€2 million to restore
            // schools that were damaged by X"); one right after the money describes the money
            if w.kind == .word && j > t + 2 && (Rules.whichThat.contains(w.id) || Rules.relativePronouns.contains(w.id)) { break }
            if w.kind == .word && (w.id == W.from || w.id == W.by), let h = info.hitStarting(at: j + 1) ?? bodyOf(info, j + 1) {
                if info.hits[h].party.code != recipient?.code { explicitDonor = true; return [info.hits[h].party] }
            }
            j += 1
        }
        if receive {
            // earlier sentence: "... receiving funds from the European Union"
            if let prev = sentenceInfo(info.index - 1), let p = receivedFrom(prev) { explicitDonor = true; return [p] }
            if let pf = parentFigureIndex(draft), let p = figures[pf].donor { return [p] }
            for h in nearHits(info, t) where donorPosition(info, h) && info.hits[h].party.code != recipient?.code {
                if let c = cue, info.hits[h].start < c.index, info.hits[h].end >= c.index - 1 { continue }
                return [info.hits[h].party]
            }
            return [nil]
        }
        if embedded {
            // relative clause after the programme: "that EU leaders agreed", "which EU lawmakers approved"
            if let c = cue, !c.left {
                for h in nearHits(info, t) where info.hits[h].start > t && info.hits[h].end <= c.index {
                    if donorPosition(info, h) && info.hits[h].party.code != recipient?.code { return [info.hits[h].party] }
                }
            }
        }
        // possessive right before the money: "the G20's $9 billion loan facility"
        if info.word(t - 1) == W.possessive, let h = info.hitEnding(before: t - 1) {
            let p = info.hits[h].party
            if p.kind == .institution { return [p] }
            let other = nearHits(info, t).first { $0 != h && donorPosition(info, $0) && info.hits[$0].party.code != p.code }
            if other == nil { return [p] }
        }
        // subject: nearest party in donor position left of the verb (or of the money)
        let anchor = embedded ? t : ((cue?.left ?? false) ? cue?.index ?? t : t)
        var k = anchor - 1
        while k >= max(0, anchor - AttributionRun.reach) {
            let w = toks[k]
            if w.isPunct(W.semicolon) { break }
            // a relative clause between subject and verb: "The X Fund, to which donors have
            // given ..., approved $N": its words are not the subject
            if w.isPunct(W.comma), let open = relativeClauseStart(info, closingAt: k) { k = open - 1; continue }
            if info.partyAt[k] >= 0 {
                let h = info.partyAt[k]
                if donorPosition(info, h) && info.hits[h].party.code != recipient?.code {
                    return donorList(info, h)
                }
                k = info.hits[h].start - 1
                continue
            }
            if w.kind == .word && Lexicon.generic.contains(w.id) { return [nil] }
            k -= 1
        }
        if embedded {
            for h in nearHits(info, t) where donorPosition(info, h) && info.hits[h].party.code != recipient?.code {
                return [info.hits[h].party]
            }
        }
        // no party in donor position: the previous flow's donor carries over
        for h in nearHits(info, t) where donorPosition(info, h) && info.hits[h].party.code != recipient?.code {
            let prev = info.word(info.beforeDeterminers(info.hits[h].start))
            if prev == W.by || prev == W.from || prev == W.of { continue }
            return [nil]
        }
        if let pf = parentFigureIndex(draft), let p = figures[pf].donor { return [p] }
        if let c = cue, c.left, unknownNamedSubject(info, before: c.index) { return [nil] }
        return [figures.last?.donor]
    }

    /// The comma opening a relative clause (", which ...", ", to which ...", ", who ...") that the
    /// comma at `close` ends, within twenty tokens; nil otherwise.
    func relativeClauseStart(_ info: SentenceInfo, closingAt close: Int) -> Int? {
        var j = close - 1
        while j >= 1 && j >= close - 20 {
            if info.tokens[j].isPunct(W.comma) {
                let a = info.word(j + 1), b = info.word(j + 2)
                if Rules.relativePronouns.contains(a) || (Lexicon.prepositions.contains(a) && Rules.whichWhom.contains(b)) {
                    return j
                }
                return nil
            }
            if info.tokens[j].isPunct(W.semicolon) { return nil }
            j -= 1
        }
        return nil
    }

    /// True when the verb's subject is a proper name the gazetteer does not know ("The town of
    /// Springfield transferred", "Hope Relief, a charity, sent"): the previous
    /// donor must not carry over to it.
    func unknownNamedSubject(_ info: SentenceInfo, before c: Int) -> Bool {
        let from = max(0, c - AttributionRun.reach)
        var start = from
        for k in from..<max(from, c) where Rules.reportingWords.contains(info.word(k)) { start = k + 1 }
        for k in start..<c where k > 0 && info.tokens[k].kind == .word && info.tokens[k].cap && info.partyAt[k] < 0 {
            return true
        }
        return false
    }

    /// "the board of the World Bank", "the executive directors of the IMF": a body of a party
    /// (determiner, one or two lower-case words, "of") starting at token `i`.
    func bodyOf(_ info: SentenceInfo, _ i: Int) -> Int? {
        guard info.word(i) == W.the else { return nil }
        for n in 1...2 {
            let of = i + 1 + n
            guard of < info.tokens.count else { return nil }
            let ws = (i + 1)..<of
            guard ws.allSatisfy({ info.tokens[$0].kind == .word && !info.tokens[$0].cap && info.partyAt[$0] < 0 }) else { return nil }
            if info.word(of) == W.of { return info.hitStarting(at: of + 1) }
        }
        return nil
    }

    /// "X and Y each pledged": every listed party; otherwise the one.
    func donorList(_ info: SentenceInfo, _ h: Int) -> [Party?] {
        guard near(info, info.hits[h].start).contains(where: { info.tokens[$0].kind == .word && info.tokens[$0].id == W.each }) else {
            return [info.hits[h].party]
        }
        var list = [info.hits[h]]
        var k = info.hits[h].start - 1
        while k >= 1 {
            if info.word(k) == W.the { k -= 1; continue }  // "Qatar and the United Arab Emirates each"
            let w = info.word(k)
            guard w == W.and || info.tokens[k].isPunct(W.comma) else { break }
            var e = k
            if info.word(e - 1) == W.comma && w == W.and { e -= 1 }  // "A, B, and C"
            guard let prev = info.hitEnding(before: e) else { break }
            list.insert(info.hits[prev], at: 0)
            k = info.hits[prev].start - 1
        }
        var seenCodes = Set<String>()
        return list.compactMap { seenCodes.insert($0.party.code).inserted ? $0.party : nil }
    }

    /// "... receiving funds from the European Union": the party after "from" following a receiving cue.
    func receivedFrom(_ info: SentenceInfo) -> Party? {
        for k in info.tokens.indices {
            guard let (_, r, _) = info.statusCue(k), r else { continue }
            var j = k + 1
            while j < info.tokens.count && j <= k + 5 {
                if info.word(j) == W.from, let h = info.hitStarting(at: j + 1) { return info.hits[h].party }
                j += 1
            }
        }
        return nil
    }
}
