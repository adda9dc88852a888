import Foundation

/// What the rules said of one money expression.
enum RuleVerdict: Sendable {
    /// A conversion in brackets of the money at this index: never a flow of its own.
    case conversion(Int)
    /// Money that measures something else (damage, GDP, a price, a rate).
    case nonFlow
    /// The same flow as the rules' figure at this index.
    case restatement(Int)
    case flow
}

/// One money expression as the rules left it: their verdict and the figure they would book.
struct MentionCase {
    var money: Int
    var token: Int
    var verdict: RuleVerdict
    var draft: FigureDraft? = nil
    var donors: [Party?] = []
    var cue: AttributionRun.Cue? = nil
    var embedded = false
    /// The rules' latest figure before this money (-1: none).
    var previousFigure = -1
}

/// A candidate party of a ranking decision (nil: "no party named") with its features.
public struct CandidateFeatures: Sendable, Hashable {
    public var party: Party?
    public var features: [String]
}

/// The features of every decision made for one money expression: what `make train` learns from.
public struct MentionFeatures: Sendable, Hashable {
    public var money: MoneyExpression
    /// Features of the flow and status decisions.
    public var features: [String]
    /// Features of the category decision (the above plus the sentence's words and the parties).
    public var categoryFeatures: [String]
    public var donors: [CandidateFeatures]
    public var recipients: [CandidateFeatures]
    /// Features of the repeat decision (same flow as the latest earlier money of equal amount and
    /// currency, or a new one), when there is such an earlier money.
    public var repeatFeatures: [String]?
}

extension AttributionRun {
    // MARK: - the decisions

    /// The figures the model books: for each money expression, flow or not, then status,
    /// category, donor and recipient, each the best-scoring label or candidate. The rules'
    /// verdicts and choices are features; a decision the model has no weights for keeps the rules'.
    mutating func decide(_ model: AttributionModel) -> [FigureDraft] {
        var out: [FigureDraft] = []
        var moneyOut = MoneyFigures(count: money.count)
        let context = ArticleContext(run: &self)
        // (currency, amount) -> the latest earlier case and the latest booked figure with them
        var latestCase: [MoneyKey: Int] = [:]
        var latestOut: [MoneyKey: Int] = [:]
        for (ci, c) in cases.enumerated() {
            let key = MoneyKey(currency: money[c.money].currency, amount: money[c.money].amount)
            let earlierCase = latestCase[key]
            latestCase[key] = ci
            if case .conversion(let prev) = c.verdict {
                if let o = moneyOut[prev] { out[o].others.append(c.money) }
                continue
            }
            guard var d = c.draft, let info = sentenceInfo(moneySentence[c.money]) else { continue }
            let feats = mentionFeatures(c, info, context)
            let catFeats = feats + categoryFeatures(c, info, d, context)
            let donorCands = partyCandidates(c, info, context, role: .donor)
            let recipientCands = partyCandidates(c, info, context, role: .recipient)
            let repeatFeats = earlierCase.map { repeatFeatures(c, cases[$0], context) }
            if featureLog != nil {
                featureLog?.append(MentionFeatures(money: money[c.money], features: feats, categoryFeatures: catFeats,
                                                   donors: donorCands, recipients: recipientCands,
                                                   repeatFeatures: repeatFeats))
            }
            let ruleFlow: Bool
            if case .flow = c.verdict { ruleFlow = true } else { ruleFlow = false }
            // money the rules read as a measure (damage, GDP, a price, a rate) stays out: the model
            // may drop the rules' flows, not book their non-flows
            var isFlow = model.best("flow", feats).map { $0 == "yes" } ?? ruleFlow
            if case .nonFlow = c.verdict { isFlow = false }
            if !isFlow {
                if case .restatement(let f) = c.verdict, let o = moneyOut[figures[f].money] { out[o].others.append(c.money) }
                continue
            }
            // the same flow as a figure already booked with this amount? ("$10 million" in the
            // headline and again in the lead); without weights, the rules' verdict
            var sameAs: Int? = nil
            if let o = latestOut[key] {
                let ruleNew: Bool
                if case .restatement = c.verdict { ruleNew = false } else { ruleNew = true }
                let isNew = repeatFeats.flatMap { model.best("repeat", $0) }.map { $0 == "new" } ?? ruleNew
                if !isNew { sameAs = o }
            }
            if let s = model.best("status", feats).flatMap(FlowStatus.init(rawValue:)) { d.status = s }
            if let k = model.best("category", catFeats).flatMap(AidCategory.init(rawValue:)) { d.category = k }
            var donors = c.donors
            if donors.count <= 1, let b = model.bestCandidate("donor", donorCands.map(\.features)) {
                donors = [donorCands[b].party]
            }
            let donorCode = donors.count == 1 ? donors[0]?.code : nil
            let allowed = recipientCands.filter { $0.party == nil || $0.party?.code != donorCode }
            if let b = model.bestCandidate("recipient", allowed.map(\.features)) { d.recipient = allowed[b].party }
            if let o = sameAs {
                // a headline's figure takes the attributes its body states
                out[o].others.append(c.money)
                if context.position(out[o].sentence) == "headline" {
                    let first = out[o].money, others = out[o].others, sentence = out[o].sentence
                    if d.mechanism == nil { d.mechanism = out[o].mechanism; d.mechanismNamed = out[o].mechanismNamed }
                    d.donor = donors.first ?? nil
                    d.parentFigure = nil; d.parentMoney = out[o].parentMoney
                    out[o] = d
                    out[o].money = first; out[o].others = others; out[o].sentence = sentence
                }
                continue
            }
            // part-of: the rules' parent (by its money, resolved once every figure is booked)
            if d.parentMoney == nil, let pf = d.parentFigure, pf < figures.count { d.parentMoney = figures[pf].money }
            d.parentFigure = nil
            moneyOut[c.money] = out.count
            latestOut[key] = out.count
            for donor in donors {
                var copy = d
                copy.donor = donor
                out.append(copy)
            }
        }
        for k in out.indices {
            if let pm = out[k].parentMoney, let o = moneyOut[pm], o != k { out[k].parentFigure = o }
        }
        return out
    }

    // MARK: - features

    /// The lower-cased text of token `j` ("<money>" for money, "" outside the sentence).
    func lw(_ info: SentenceInfo, _ j: Int) -> String {
        guard j >= 0 && j < info.tokens.count else { return j < 0 ? "<s>" : "</s>" }
        let t = info.tokens[j]
        if t.kind == .money { return "<money>" }
        return text(t.start, t.end).lowercased()
    }

    /// Magnitude of an amount as a word ("m6" for millions), for features only.
    func magnitude(_ mi: Int) -> String {
        let d = amountDouble[mi]
        guard d > 0, d.isFinite else { return "m0" }
        return "m\(Int(log10(d)))"
    }

    /// Features of the flow and status decisions: the rules' verdict, status cue, modality, the
    /// words around the money, where the sentence stands, and what the article said before.
    mutating func mentionFeatures(_ c: MentionCase, _ info: SentenceInfo, _ ctx: ArticleContext) -> [String] {
        var f: [String] = ["bias"]
        let t = c.token, mi = c.money, m = money[mi]
        switch c.verdict {
        case .flow: f.append("rule=flow")
        case .nonFlow: f.append("rule=nonflow")
        case .restatement: f.append("rule=restate")
        case .conversion: f.append("rule=conversion")
        }
        let where_ = ctx.position(moneySentence[mi])
        f.append("pos=\(where_)")
        if let d = c.draft {
            f.append("rst=\(d.status.rawValue)")
            f.append("rst=\(d.status.rawValue)&pos=\(where_)")
            if d.parentMoney != nil || d.parentFigure != nil { f.append("part") }
            if d.mechanism != nil { f.append(d.mechanismNamed ? "mech=named" : "mech=phrase") }
        }
        if let cue = c.cue {
            let w = lw(info, cue.index)
            let modal = modalBefore(info, cue.index)
            f.append("cue=\(w)")
            f.append("cue=\(w)&pos=\(where_)")
            f.append("cuesfx=\(w.hasSuffix("ed") ? "ed" : w.hasSuffix("ing") ? "ing" : w.hasSuffix("s") ? "s" : "base")")
            f.append(cue.left ? "cue=left" : "cue=right")
            f.append("cuest=\(cue.status.rawValue)\(modal ? "&modal" : "")")
            if modal { f.append("modal") }
            if cue.receive { f.append("receive") }
            // the auxiliaries and modals between the clause start and the cue
            var j = cue.index - 1
            var n = 0
            while j >= 0 && n < 4 {
                let tok = info.tokens[j]
                if tok.kind != .word { break }
                let a = lw(info, j)
                if Lexicon.modal.contains(tok.id) || Lexicon.aux.contains(tok.id) || Lexicon.perfect.contains(tok.id)
                    || tok.id == W.to || tok.id == W.be || tok.id == W.been {
                    f.append("aux=\(a)")
                    f.append("aux=\(a)&cue=\(w)")
                }
                j -= 1; n += 1
            }
        } else {
            f.append("nocue")
        }
        // modality and tense words of the clause before the money ("will", "is to", "has", "set")
        var j = t - 1
        while j >= max(0, t - 12) {
            let tok = info.tokens[j]
            if tok.kind == .punct && (tok.id == W.semicolon || tok.id == W.colon) { break }
            if tok.kind == .word && (Lexicon.modal.contains(tok.id) || Lexicon.aux.contains(tok.id) || Lexicon.perfect.contains(tok.id)
                || tok.id == W.to || tok.id == W.be || tok.id == W.been) {
                f.append("fl=\(lw(info, j))")
            }
            j -= 1
        }
        if c.embedded { f.append("embedded") }
        if m.hedge != nil { f.append("hedge") }
        if m.amountMax != nil { f.append("range") }
        f.append("cur=\(m.currency)")
        f.append(magnitude(mi))
        for k in 1...3 {
            f.append("w-\(k)=\(lw(info, t - k))")
            f.append("w+\(k)=\(lw(info, t + k))")
        }
        f.append("w-1w+1=\(lw(info, t - 1))_\(lw(info, t + 1))")
        // bags of words either side, within the clause-sized window
        var seen = Set<String>()
        for j in max(0, t - 12)..<t where info.tokens[j].kind == .word {
            let w = lw(info, j)
            if seen.insert("l=" + w).inserted { f.append("l=" + w) }
        }
        for j in (t + 1)..<min(info.tokens.count, t + 10) where info.tokens[j].kind == .word {
            let w = lw(info, j)
            if seen.insert("r=" + w).inserted { f.append("r=" + w) }
        }
        // what came before: the same amount (a restatement?), or one within 5%
        let same = ctx.sameBefore[mi], near = ctx.nearBefore[mi], sameSentence = ctx.sameSentenceBefore[mi]
        if same { f.append("same-before") }
        if same, where_ != "headline" { f.append("same-before&pos=\(where_)") }
        if sameSentence { f.append("same-sentence") }
        if near { f.append("near-before") }
        if ctx.headlineAmounts.contains(where: { $0.0 == m.currency && $0.1 == m.amount }) && where_ != "headline" {
            f.append("in-headline")
        }
        let nMoney = info.moneyTokens.count
        f.append("nmoney=\(min(nMoney, 4))")
        return f
    }

    /// Extra features of the category decision: the sentence's words, the mechanism's words,
    /// the parties the rules found, and the rules' own category.
    func categoryFeatures(_ c: MentionCase, _ info: SentenceInfo, _ d: FigureDraft, _ ctx: ArticleContext) -> [String] {
        var f: [String] = ["rcat=\(d.category.rawValue)"]
        var seen = Set<String>()
        for j in info.tokens.indices where info.tokens[j].kind == .word && info.tokens[j].end - info.tokens[j].start >= 3 {
            let w = lw(info, j)
            if seen.insert(w).inserted { f.append("s=" + w) }
        }
        if let m = d.mechanism {
            for w in m.lowercased().split(separator: " ") { f.append("mw=\(w)") }
        }
        if let h = ctx.headline, h != moneySentence[c.money], let hi = infos[h] {
            for j in hi.tokens.indices where hi.tokens[j].kind == .word && hi.tokens[j].end - hi.tokens[j].start >= 3 {
                let w = lw(hi, j)
                if seen.insert("h=" + w).inserted { f.append("h=" + w) }
            }
        }
        if let p = c.donors.first ?? nil { f.append("dc=\(p.code)") }
        if let p = d.recipient { f.append("rc=\(p.code)") }
        return f
    }

    /// Features of the repeat decision: how this money stands to the latest earlier money of the
    /// same amount and currency.
    func repeatFeatures(_ c: MentionCase, _ e: MentionCase, _ ctx: ArticleContext) -> [String] {
        var f = ["rep&bias"]
        let s = moneySentence[c.money], es = moneySentence[e.money]
        switch c.verdict {
        case .restatement: f.append("rep&rule=restate")
        case .flow: f.append("rep&rule=flow")
        default: f.append("rep&rule=other")
        }
        let gap = s - es
        f.append("rep&gap=\(gap == 0 ? "0" : gap == 1 ? "1" : gap < 5 ? "2-4" : "5+")")
        f.append("rep&earlier=\(ctx.position(es))")
        f.append("rep&this=\(ctx.position(s))")
        if sentences[s].paragraph == sentences[es].paragraph { f.append("rep&samepara") }
        f.append("rep&cues=\(e.cue != nil ? "y" : "n")\(c.cue != nil ? "y" : "n")")
        if let a = e.donors.first ?? nil, let b = c.donors.first ?? nil { f.append(a.code == b.code ? "rep&donor=same" : "rep&donor=diff") }
        if let a = e.draft?.recipient, let b = c.draft?.recipient { f.append(a.code == b.code ? "rep&recipient=same" : "rep&recipient=diff") }
        if let a = e.draft?.mechanism, let b = c.draft?.mechanism { f.append(a == b ? "rep&mech=same" : "rep&mech=diff") }
        if c.donors.count > 1 || e.donors.count > 1 { f.append("rep&each") }
        if let info = infos[s] {
            let w = info.word(c.token - 1)
            if Rules.restatementDeterminers.contains(w) { f.append("rep&determiner") }
            f.append("rep&w-1=\(lw(info, c.token - 1))")
        }
        return f
    }

    enum Role { case donor, recipient }

    /// The candidates of a donor or recipient ranking: no party; every party of the sentence; the
    /// parties of the previous sentence, the headline and the lead; the rules' choice and the
    /// previous figure's party. Each carries where it was found and how it stands to the money.
    mutating func partyCandidates(_ c: MentionCase, _ info: SentenceInfo, _ ctx: ArticleContext, role: Role) -> [CandidateFeatures] {
        let t = c.token
        let ruleDonor = c.donors.first ?? nil
        let ruleRecipient = c.draft?.recipient
        let rule = role == .donor ? ruleDonor : ruleRecipient
        let other = role == .donor ? ruleRecipient : ruleDonor
        var order: [String] = []
        var feats: [String: [String]] = [:]
        var parties: [String: Party] = [:]
        func add(_ p: Party, _ fs: [String]) {
            if parties[p.code] == nil { parties[p.code] = p; order.append(p.code); feats[p.code] = ["cand", "kind=\(p.kind.rawValue)", "code=\(p.code)"] }
            feats[p.code, default: []].append(contentsOf: fs)
        }
        // the sentence's own parties
        var firstHit = true
        for h in nearHits(info, t) {
            let hit = info.hits[h]
            var fs = ["src=sent"]
            let before = hit.start < t
            fs.append(before ? "side=before" : "side=after")
            let dist = before ? t - hit.end : hit.start - t
            fs.append("dist=\(dist < 3 ? "0-2" : dist < 7 ? "3-6" : dist < 15 ? "7-14" : "15+")")
            let pw = lw(info, info.beforeDeterminers(hit.start))
            fs.append("pw=\(pw)")
            fs.append("pw=\(pw)&side=\(before ? "b" : "a")")
            let nw = lw(info, hit.end)
            fs.append("nw=\(nw)")
            if let cue = c.cue {
                fs.append(hit.start < cue.index ? "vs-cue=before" : "vs-cue=after")
                if cue.receive { fs.append("receive&\(hit.start < cue.index ? "before" : "after")") }
            }
            if donorPosition(info, h) { fs.append("subjpos") }
            if firstHit { fs.append("first-in-sentence"); firstHit = false }
            add(hit.party, fs)
        }
        // the context: previous sentence, headline, lead, the paragraph's latest party
        let si = moneySentence[c.money]
        if let prev = sentenceInfo(si - 1) {
            let samePara = sentences[si - 1].paragraph == sentences[si].paragraph
            for (k, hit) in prev.hits.enumerated() {
                add(hit.party, ["src=prev", samePara ? "prev&samepara" : "prev&otherpara", k == 0 ? "prev&first" : "prev&later"])
            }
        }
        for (k, p) in ctx.headlineParties.enumerated() { add(p, ["src=headline", k == 0 ? "headline&first" : "headline&later"]) }
        for (k, p) in ctx.leadParties.enumerated() { add(p, ["src=lead", k == 0 ? "lead&first" : "lead&later"]) }
        if c.previousFigure >= 0 {
            let pf = figures[c.previousFigure]
            if let p = role == .donor ? pf.donor : pf.recipient { add(p, ["src=prevfig"]) }
            if let p = role == .donor ? pf.recipient : pf.donor { add(p, ["src=prevfig-other"]) }
        }
        if let p = rule { add(p, ["rule"]) }
        if let p = other { add(p, ["rule-other"]) }
        // short forms in the sentence that name a context party ("the bank", "the Commission", "the Fund")
        for j in info.tokens.indices where j > 0 && info.tokens[j - 1].kind == .word && info.tokens[j - 1].id == W.the
            && info.tokens[j].kind == .word && info.partyAt[j] < 0 {
            let id = info.tokens[j].id
            guard id != 0 else { continue }
            for code in order where info.hits.allSatisfy({ $0.party.code != code }) {
                if gazetteer.nameWords[code]?.contains(id) == true { feats[code, default: []].append("short-form") }
            }
        }
        let mentions = ctx.mentionCounts
        var out: [CandidateFeatures] = []
        var none = ["none"]
        if rule == nil { none.append("none&rule") }
        if info.hits.isEmpty { none.append("none&no-party-in-sentence") }
        for j in info.tokens.indices where info.tokens[j].kind == .word && Lexicon.generic.contains(info.tokens[j].id) {
            none.append("none&generic"); break
        }
        if case .flow = c.verdict {} else { none.append("none&rule-not-flow") }
        out.append(CandidateFeatures(party: nil, features: none))
        for code in order {
            guard let p = parties[code] else { continue }
            var fs = feats[code] ?? []
            let n = mentions[code] ?? 0
            fs.append("mentions=\(n < 2 ? "1" : n < 4 ? "2-3" : "4+")")
            let isSent = fs.contains("src=sent")
            if !isSent {
                // conjunctions that matter only for parties from outside the sentence
                fs.append(info.hits.isEmpty ? "ctx&no-party-in-sentence" : "ctx&sentence-has-party")
                if rule == nil { fs.append("ctx&rule-none") }
            }
            if fs.contains("rule") && isSent { fs.append("rule&sent") }
            out.append(CandidateFeatures(party: p, features: fs))
        }
        return out
    }
}

/// An amount in one currency, as a dictionary key.
struct MoneyKey: Hashable {
    var currency: String
    var amount: Decimal
}

/// What the article as a whole says, for decisions about one figure: its headline and lead and
/// their parties, the amounts of the headline, how often each party is named.
struct ArticleContext {
    /// Index of the headline sentence (a one-sentence first paragraph), if there is one.
    var headline: Int?
    /// Index of the lead: the first sentence after the headline.
    var lead: Int?
    var headlineParties: [Party] = []
    var leadParties: [Party] = []
    var headlineAmounts: [(String, Decimal)] = []
    var mentionCounts: [String: Int] = [:]
    /// Per money expression: an equal amount (same currency) came earlier; in the same sentence;
    /// an amount within 5% (not equal) came earlier. One pass with hash tables: linear.
    var sameBefore: [Bool] = []
    var sameSentenceBefore: [Bool] = []
    var nearBefore: [Bool] = []

    init(run: inout AttributionRun) {
        let s = run.sentences
        if s.count >= 2, s[0].paragraph != s[1].paragraph, s[0].byteEnd - s[0].byteStart < 300 {
            headline = 0; lead = 1
        } else if !s.isEmpty {
            lead = 0
        }
        if let h = headline, let info = run.sentenceInfo(h) {
            headlineParties = info.hits.map(\.party)
            for k in run.money.indices where run.moneySentence[k] == h {
                headlineAmounts.append((run.money[k].currency, run.money[k].amount))
            }
        }
        if let l = lead, let info = run.sentenceInfo(l) { leadParties = info.hits.map(\.party) }
        var lastSentence: [MoneyKey: Int] = [:]
        // amounts by currency and 5% bucket of their logarithm: a near amount is in this or a next bucket
        var buckets: [String: [Int: Set<Double>]] = [:]
        let step = log(1.05)
        for k in run.money.indices {
            let m = run.money[k]
            let key = MoneyKey(currency: m.currency, amount: m.amount)
            let s = lastSentence[key]
            sameBefore.append(s != nil)
            sameSentenceBefore.append(s == run.moneySentence[k])
            lastSentence[key] = run.moneySentence[k]
            let d = run.amountDouble[k]
            var near = false
            if d > 0, d.isFinite {
                let b = Int((log(d) / step).rounded(.down))
                for nb in (b - 1)...(b + 1) {
                    for o in buckets[m.currency]?[nb] ?? [] where o != d && o / d > 0.95 && o / d < 1.05 { near = true }
                }
                buckets[m.currency, default: [:]][b, default: []].insert(d)
            }
            nearBefore.append(near)
        }
        for case let info? in run.infos {
            for h in info.hits { mentionCounts[h.party.code, default: 0] += 1 }
        }
    }

    /// Where sentence `s` stands: headline, lead, or body.
    func position(_ s: Int) -> String {
        if s == headline { return "headline" }
        if s == lead { return "lead" }
        return "body"
    }
}
