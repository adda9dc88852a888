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
    /// The rules' donor was named outright ("from X", "by X", "receiving funds from X").
    var explicitDonor = false
    /// The rules' recipient was named outright ("to X" after the money, "X will receive").
    var explicitRecipient = false
}

/// What a sentence says of aid at all: the sentence-wide features of the flow decision.
struct SentenceVocabulary {
    var aidWords = 0, statusWords = 0, measureWords = 0, blockWords = 0
    /// Tokens that are words of a running total ("since", "so far"): status features.
    var cumulative: [Int] = []
    var roles: [String] = []
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
        // money index -> its conversions ("NOK 130 million ($12 million)"), and the figures booked per
        // currency: a sum whose conversion is a figure already booked restates that figure
        var conversionsOf: [Int: [Int]] = [:]
        for c in cases { if case .conversion(let prev) = c.verdict { conversionsOf[prev, default: []].append(c.money) } }
        var bookedIn: [String: [Int]] = [:]
        // the stage of every flow whose sentence states one (a status cue), in text order, and the
        // case each booked figure's attributes came from: a cue-less figure takes its stage from
        // the nearest cued flow (see `inheritStages`)
        var cuedStages: [(case: Int, status: FlowStatus)] = []
        var outCase: [Int] = []
        for (ci, c) in cases.enumerated() {
            let key = MoneyKey(currency: money[c.money].currency, amount: money[c.money].amount)
            let earlierCase = latestCase[key]
            latestCase[key] = ci
            if case .conversion(let prev) = c.verdict {
                if let o = moneyOut[prev] { out[o].others.append(c.money) }
                continue
            }
            guard var d = c.draft, let info = sentenceInfo(moneySentence[c.money]) else { continue }
            let named = featureLog != nil
            // the rules' non-flows are a veto (below): no features to build unless training asks
            if case .nonFlow = c.verdict, !named { continue }
            let feats = mentionFeatures(c, info, context, named: named)
            let ruleFlow: Bool
            if case .flow = c.verdict { ruleFlow = true } else { ruleFlow = false }
            // money the rules read as a measure (damage, GDP, a price, a rate) stays out: the model
            // may drop the rules' flows, not book their non-flows
            var isFlow = model.best(.flow, feats.hashes).map { $0 == "yes" } ?? ruleFlow
            if case .nonFlow = c.verdict { isFlow = false }
            // a sum its sentence gives with a stage verb before it, from a giver to a receiver it
            // names ("the UK has allocated £120 million to Chad"), is a flow whatever the model says
            if ruleFlow, let cue = c.cue, cue.left, c.explicitRecipient, (c.donors.first ?? nil) != nil { isFlow = true }
            // the other decisions' features are built only for a flow (or for training)
            if !isFlow && !named {
                if case .restatement(let f) = c.verdict, let o = moneyOut[figures[f].money] { out[o].others.append(c.money) }
                continue
            }
            var catFeats = feats
            if named || model.has(.category) { categoryFeatures(c, info, d, context, into: &catFeats) }
            let (donorCands, recipientCands) = partyCandidates(c, info, context, named: named)
            let repeatFeats = earlierCase.map { repeatFeatures(c, cases[$0], context, named: named) }
            if named {
                featureLog?.append(MentionFeatures(
                    money: money[c.money], features: feats.names ?? [], categoryFeatures: catFeats.names ?? [],
                    donors: donorCands.map { CandidateFeatures(party: $0.party, features: $0.features.names ?? []) },
                    recipients: recipientCands.map { CandidateFeatures(party: $0.party, features: $0.features.names ?? []) },
                    repeatFeatures: repeatFeats.map { $0.names ?? [] }))
            }
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
                // the same sum named again in one sentence for another party is another flow ("A
                // (NOK 40 million), B (NOK 40 million)"): no restatement repeats a sum mid-sentence
                let otherParty = earlierCase.map { sameSentenceOtherParty(c, cases[$0]) } ?? false
                // "0.5 percent of €9 billion": the base of a share is the sum named before
                let shareBase = info.word(c.token - 1) == W.of
                    && (info.word(c.token - 2) == W.percent || info.word(c.token - 2) == W.cent
                        || (c.token >= 2 && info.tokens[c.token - 2].isPunct(W.percentSign)))
                let isNew = otherParty
                    || (!shareBase && (repeatFeats.flatMap { model.best(.repeat, $0.hashes) }.map { $0 == "new" } ?? ruleNew))
                if !isNew { sameAs = o }
            }
            if sameAs == nil, let convs = conversionsOf[c.money] {
                sameAs = restatedByConversion(convs, bookedIn, out)
            }
            if var s = model.best(.status, feats.hashes).flatMap(FlowStatus.init(rawValue:)) {
                if let cue = c.cue, let worded = conventionStage(info, cue, rules: d.status) { s = worded }
                d.status = s
                if c.cue != nil { cuedStages.append((ci, s)) }
            }
            if let k = model.best(.category, catFeats.hashes).flatMap(AidCategory.init(rawValue:)) { d.category = k }
            let donors = chooseParties(c, &d, donorCands, recipientCands, model)
            // an instrument the rules did not tie to the money: the nearest one the sentence names,
            // else the previous sentence's, else the headline's
            if d.mechanism == nil {
                let si = moneySentence[c.money]
                for s in [si, si - 1, context.headline ?? -1] where s >= 0 && s <= si {
                    guard let other = sentenceInfo(s) else { continue }
                    if let m = nearestInstrument(other, s == si ? c.token : other.tokens.count) {
                        d.mechanism = m; break
                    }
                }
            }
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
                    outCase[o] = ci
                }
                continue
            }
            // part-of: the rules' parent (by its money, resolved once every figure is booked)
            if d.parentMoney == nil, let pf = d.parentFigure, pf < figures.count { d.parentMoney = figures[pf].money }
            d.parentFigure = nil
            moneyOut[c.money] = out.count
            latestOut[key] = out.count
            bookedIn[money[c.money].currency, default: []].append(out.count)
            // "A, B and C will receive $20 million each": one flow per listed recipient
            let recipients = donors.count <= 1 ? eachRecipients(info, c.token, d.recipient) : []
            for donor in donors {
                var copy = d
                copy.donor = donor
                if recipients.count > 1 {
                    // a listed recipient is not the donor too
                    if let dc = donor?.code, recipients.contains(where: { $0.code == dc }) { copy.donor = nil }
                    for r in recipients {
                        var each = copy
                        each.recipient = r
                        out.append(each)
                        outCase.append(ci)
                    }
                } else {
                    out.append(copy)
                    outCase.append(ci)
                }
            }
        }
        if model.has(.status) { inheritStages(&out, outCase, cuedStages) }
        for k in out.indices {
            if let pm = out[k].parentMoney, let o = moneyOut[pm], o != k { out[k].parentFigure = o }
        }
        return out
    }

    /// A figure whose sentence states no stage (no status cue: a list row, "of which $N", a
    /// headline without a verb) takes the stage of the nearest flow before it whose sentence
    /// states one, else of the nearest after it: the conventions' "elliptical lists inherit the
    /// nearest verb", read article-wide. One with a future modal before it is pledged; one after
    /// "the", "its", "their" or a possessive keeps the model's stage. Cross-validated, the model's
    /// own guess on cue-less money was right about half the time, the nearest cued flow's stage
    /// two times in three.
    mutating func inheritStages(_ out: inout [FigureDraft], _ outCase: [Int], _ cued: [(case: Int, status: FlowStatus)]) {
        for k in out.indices {
            let c = cases[outCase[k]]
            guard c.cue == nil else { continue }
            // "will top $40 million", "may come to $9 million": a future is a pledge
            guard let info = sentenceInfo(moneySentence[c.money]) else { continue }
            if futureBefore(info, c.token) { out[k].status = .pledged; continue }
            // "the G20's $80 billion lending scheme", "its $2 billion programme": a definite or
            // possessed sum names a standing instrument, not the clause's act; the model decides
            let before = info.word(c.token - 1)
            if before == W.possessive || before == W.its || before == W.their || before == W.the { continue }
            guard !cued.isEmpty else { continue }
            // the first cued flow after the figure's case (cases are in text order)
            var lo = 0, hi = cued.count
            while lo < hi { let mid = (lo + hi) / 2; if cued[mid].case <= outCase[k] { lo = mid + 1 } else { hi = mid } }
            out[k].status = lo > 0 ? cued[lo - 1].status : cued[lo].status
        }
    }

    /// The stage the conventions' own wording decides over the model: a pledge (`pledgeWording`),
    /// or money given or received before the sum, in a form the rules read as done ("received
    /// $N", "has transferred $N"; not "will receive $N").
    func conventionStage(_ info: SentenceInfo, _ cue: Cue, rules: FlowStatus) -> FlowStatus? {
        if pledgeWording(info, cue) { return .pledged }
        if cue.left && cue.status == .disbursed && rules == .disbursed { return .disbursed }
        return nil
    }

    /// The conventions' own words of a pledge, which decide the stage over the model: "set to",
    /// "due to", "poised to" (and "expected", "scheduled", "slated") or an announcing or promising
    /// word ("pledged to send", "promised to deliver") right before "to" and the cue, or an
    /// announcing or promising cue before the money ("announces $N", "has pledged $N"), whatever
    /// the tense.
    func pledgeWording(_ info: SentenceInfo, _ cue: Cue) -> Bool {
        let c = cue.index
        if c >= 2 && info.word(c - 1) == W.to {
            let before = info.word(c - 2)
            // "is set to receive", "pledged to send", "promised to deliver"
            if Rules.scheduledWords.contains(before) || Rules.announceWords.contains(before) { return true }
        }
        return cue.left && Rules.announceWords.contains(info.word(c))
    }

    /// A future modal ("will", "may", "could") in the clause before money token `t`.
    func futureBefore(_ info: SentenceInfo, _ t: Int) -> Bool {
        var j = t - 1
        while j >= max(0, t - 12) {
            let tok = info.tokens[j]
            if tok.kind == .money || (tok.kind == .punct && Rules.clauseMarks.contains(tok.id)) { return false }
            if tok.kind == .word && Rules.futureModals.contains(tok.id) { return true }
            j -= 1
        }
        return false
    }

    /// The booked figure that conversion moneys `convs` restate: one in the conversion's currency
    /// whose amount agrees with it at the coarser one's precision ("$12 million" in the headline,
    /// "NOK 130 million ($12 million)" in the body; "$120 million" and "($123 million)"). Only the
    /// latest few figures of that currency are read.
    func restatedByConversion(_ convs: [Int], _ bookedIn: [String: [Int]], _ out: [FigureDraft]) -> Int? {
        for cm in convs {
            guard let list = bookedIn[money[cm].currency] else { continue }
            for o in list.suffix(16).reversed() where out[o].money < money.count {
                let om = out[o].money
                if money[om].amountMax == nil, money[cm].amountMax == nil,
                   MoneyPrecision.agree(amountDouble[om], amountDouble[cm]) { return o }
            }
        }
        return nil
    }

    /// Donor(s) and recipient of a flow. A party the text names outright in its role stays there
    /// and the ranking fills the other; otherwise donor and recipient are the best-scoring pair of
    /// two different parties. "X and Y each" keeps the rules' donor list.
    func chooseParties(_ c: MentionCase, _ d: inout FigureDraft, _ donorCands: Candidates, _ recipientCands: Candidates,
                       _ model: AttributionModel) -> [Party?] {
        var donors = c.donors
        let single = donors.count <= 1
        if !c.explicitDonor && !c.explicitRecipient && single,
           let ds = model.candidateScores(.donor, donorCands.map(\.features.hashes)),
           let rs = model.candidateScores(.recipient, recipientCands.map(\.features.hashes)) {
            var best = (0, 0), top = -Double.infinity
            for i in ds.indices {
                for j in rs.indices where ds[i] + rs[j] > top {
                    if let a = donorCands[i].party, let b = recipientCands[j].party, a.code == b.code { continue }
                    top = ds[i] + rs[j]; best = (i, j)
                }
            }
            d.recipient = recipientCands[best.1].party
            return [donorCands[best.0].party]
        }
        if !c.explicitDonor && single {
            let excluded: Set<String> = c.explicitRecipient ? Set([d.recipient?.code].compactMap { $0 }) : []
            if let p = bestParty(model, .donor, donorCands, excluding: excluded) { donors = [p] }
        }
        if !c.explicitRecipient,
           let p = bestParty(model, .recipient, recipientCands, excluding: Set(donors.compactMap { $0?.code })) {
            d.recipient = p
        }
        return donors
    }

    /// The recipients of a distributive "each" right after the money ("Sudan and Syria will receive
    /// $20 million each"): the coordinated list of parties the chosen recipient stands in; empty
    /// when the money is not followed by "each" or the recipient is not in such a list.
    func eachRecipients(_ info: SentenceInfo, _ t: Int, _ recipient: Party?) -> [Party] {
        guard let recipient, info.word(t + 1) == W.each else { return [] }
        // the recipient's mention nearest before the money, a few words before it and no money
        // between ("... and Chad are to receive $N each"): one list, read once, for one money
        guard let h = info.hits.lastIndex(where: { $0.party.code == recipient.code && $0.end <= t }),
              t - info.hits[h].end <= Self.eachReach,
              !(info.hits[h].end..<t).contains(where: { info.tokens[$0].kind == .money }) else { return [] }
        func joiner(_ k: Int) -> Bool { info.word(k) == W.and || info.tokens[k].isPunct(W.comma) }
        var list = [info.hits[h]]
        // backwards: "A, B, and C"
        var k = info.hits[h].start - 1
        while k >= 1 {
            if info.word(k) == W.the { k -= 1; continue }  // "Sudan and the Congo"
            guard joiner(k) else { break }
            var e = k
            if info.word(k) == W.and && info.tokens[e - 1].isPunct(W.comma) { e -= 1 }
            guard let prev = info.hitEnding(before: e) else { break }
            list.insert(info.hits[prev], at: 0)
            k = info.hits[prev].start - 1
        }
        // forwards
        var j = info.hits[h].end
        while j < info.tokens.count && joiner(j) {
            var n = j + 1
            if n < info.tokens.count && info.word(n) == W.and { n += 1 }
            guard n < info.tokens.count, let next = info.hitStarting(at: n) else { break }
            list.append(info.hits[next])
            j = info.hits[next].end
        }
        var seen = Set<String>()
        let parties = list.compactMap { seen.insert($0.party.code).inserted ? $0.party : nil }
        return parties.count <= Self.eachMaximum ? parties : []
    }

    /// How far before the money the list of an "each" may end, in tokens.
    static let eachReach = 6
    /// The longest list an "each" distributes over; a longer one stays one figure.
    static let eachMaximum = 12

    /// The best candidate of a ranking whose party is none of `excluded` (nil: no weights for it).
    func bestParty(_ model: AttributionModel, _ decision: AttributionModel.Decision, _ cands: Candidates,
                   excluding excluded: Set<String>) -> Party?? {
        let allowed = cands.filter { $0.party.map { !excluded.contains($0.code) } ?? true }
        return model.bestCandidate(decision, allowed.map(\.features.hashes)).map { allowed[$0].party }
    }

    // MARK: - features

    /// A word of a sentence as a feature value: its bytes with ASCII capitals lowered,
    /// `<money>` for a money token, `<s>` / `</s>` outside the sentence.
    func word(_ info: SentenceInfo, _ j: Int) -> Piece {
        guard j >= 0 && j < info.tokens.count else { return .text(j < 0 ? "<s>" : "</s>") }
        let t = info.tokens[j]
        if t.kind == .money { return .text("<money>") }
        return .bytes(t.start, t.end)
    }

    /// Magnitude of an amount: the power of ten ("6" for millions), for features only.
    func magnitude(_ mi: Int) -> String {
        let d = amountDouble[mi]
        guard d > 0, d.isFinite else { return "0" }
        return String(Int(log10(d)))
    }

    /// The suffix class of a cue word: ed, ing, s or base.
    func suffixClass(_ info: SentenceInfo, _ j: Int) -> StaticString {
        let t = info.tokens[j]
        func ends(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard t.end - t.start > n else { return false }
            let p = s.utf8Start
            for k in 0..<n where bytes[t.end - n + k] | 0x20 != p[k] { return false }
            return true
        }
        return ends("ed") ? "ed" : ends("ing") ? "ing" : ends("s") ? "s" : "base"
    }

    /// Features of the flow and status decisions: the rules' verdict, status cue, modality, the
    /// words around the money, where the sentence stands, and what the article said before.
    mutating func mentionFeatures(_ c: MentionCase, _ info: SentenceInfo, _ ctx: ArticleContext, named: Bool) -> Features {
        var f = Features(bytes: bytes, named: named)
        f.add("bias")
        let t = c.token, mi = c.money, m = money[mi]
        switch c.verdict {
        case .flow: f.add("rule=flow")
        case .nonFlow: f.add("rule=nonflow")
        case .restatement: f.add("rule=restate")
        case .conversion: f.add("rule=conversion")
        }
        let where_ = ctx.position(moneySentence[mi])
        f.add("pos=", .text(where_))
        if let d = c.draft {
            f.add("rst=", .text(d.status.rawValue))
            f.add("rst=", .text(d.status.rawValue), .text("&pos="), .text(where_))
            if d.parentMoney != nil || d.parentFigure != nil { f.add("part") }
            if d.mechanism != nil { f.add(d.mechanismNamed ? "mech=named" : "mech=phrase") }
        }
        if let cue = c.cue {
            let w = word(info, cue.index)
            let modal = modalBefore(info, cue.index)
            f.add("cue=", w)
            f.add("cue=", w, .text("&pos="), .text(where_))
            f.add("cuesfx=", .text(suffixClass(info, cue.index).description))
            f.add(cue.left ? "cue=left" : "cue=right")
            f.add("cuest=", .text(cue.status.rawValue), .text(modal ? "&modal" : ""))
            if modal { f.add("modal") }
            if cue.receive { f.add("receive") }
            // the auxiliaries and modals between the clause start and the cue
            var j = cue.index - 1
            var n = 0
            while j >= 0 && n < 4 {
                let tok = info.tokens[j]
                if tok.kind != .word { break }
                if isAuxiliary(tok.id) {
                    f.add("aux=", word(info, j))
                    f.add("aux=", word(info, j), .text("&cue="), w)
                }
                j -= 1; n += 1
            }
        } else {
            f.add("nocue")
        }
        // modality and tense words of the clause before the money ("will", "is to", "has", "set")
        var j = t - 1
        while j >= max(0, t - 12) {
            let tok = info.tokens[j]
            if tok.kind == .punct && (tok.id == W.semicolon || tok.id == W.colon) { break }
            if tok.kind == .word && isAuxiliary(tok.id) { f.add("fl=", word(info, j)) }
            j -= 1
        }
        // a running total in the sentence ("has provided $N since 2022", "bringing the total to
        // $N"): the words, and whether any stands with the cue's stage
        let v = vocabulary(info)
        for k in v.cumulative { f.add("cum=", word(info, k)) }
        if !v.cumulative.isEmpty { f.add("cum&cuest=", .text(c.cue?.status.rawValue ?? "none")) }
        if c.embedded { f.add("embedded") }
        if m.hedge != nil { f.add("hedge") }
        if m.inherited { f.add("bare") }
        if m.amountMax != nil { f.add("range") }
        f.add("cur=", .text(m.currency))
        f.add("m", .text(magnitude(mi)))
        f.add("w-1=", word(info, t - 1)); f.add("w+1=", word(info, t + 1))
        f.add("w-2=", word(info, t - 2)); f.add("w+2=", word(info, t + 2))
        f.add("w-3=", word(info, t - 3)); f.add("w+3=", word(info, t + 3))
        f.add("w-1w+1=", word(info, t - 1), .text("_"), word(info, t + 1))
        // bags of words either side, within the clause-sized window
        for j in max(0, t - 12)..<t where info.tokens[j].kind == .word { f.add("l=", word(info, j)) }
        for j in (t + 1)..<min(info.tokens.count, t + 10) where info.tokens[j].kind == .word { f.add("r=", word(info, j)) }
        // what came before: the same amount (a restatement?), or one within 5%
        let same = ctx.sameBefore[mi], near = ctx.nearBefore[mi], sameSentence = ctx.sameSentenceBefore[mi]
        if same { f.add("same-before") }
        if same, where_ != "headline" { f.add("same-before&pos=", .text(where_)) }
        if sameSentence { f.add("same-sentence") }
        if near { f.add("near-before") }
        if ctx.headlineAmounts.contains(where: { $0.0 == m.currency && $0.1 == m.amount }) && where_ != "headline" {
            f.add("in-headline")
        }
        f.add("nmoney=", .text(String(min(info.moneyTokens.count, 4))))
        // the rules' previous figure: an elliptical list ("Spain approved €20 million, Portugal
        // €5 million") or a follow-up sentence shares its stage
        if c.previousFigure >= 0, c.previousFigure < figures.count {
            let p = figures[c.previousFigure], si = moneySentence[mi]
            let where_ = p.sentence == si ? "same" : p.sentence == si - 1 ? "prev" : "earlier"
            f.add("pst=", .text(where_), .text("&"), .text(p.status.rawValue))
            if c.cue == nil { f.add("pst&nocue=", .text(where_), .text("&"), .text(p.status.rawValue)) }
        }
        // how much the sentence and the article speak of aid at all: trade figures, salaries, box
        // office and share prices have no aid vocabulary, nor measure and blocking words apart
        let aidWords = v.aidWords
        f.add("said=", .text(aidWords == 0 ? "0" : aidWords == 1 ? "1" : "2+"))
        // the kinds of party the sentence names (a trade report names none that gives)
        if info.hits.isEmpty { f.add("srole=none") }
        for role in v.roles { f.add("srole=", .text(role)) }
        f.add("sstatus=", .text(v.statusWords == 0 ? "0" : "1+"))
        if v.measureWords > 0 { f.add("smeasure") }
        if v.blockWords > 0 { f.add("sblock") }
        f.add("aaid=", .text(ctx.aidWords == 0 ? "0" : ctx.aidWords < 4 ? "1-3" : ctx.aidWords < 10 ? "4-9" : "10+"))
        f.add("aaid=", .text(ctx.aidWords == 0 ? "0" : ctx.aidWords < 4 ? "1-3" : "4+"), .text("&said="),
              .text(aidWords == 0 ? "0" : "1+"))
        return f
    }

    /// The sentence's aid, status, measure and blocking words and its parties' roles (cached).
    mutating func vocabulary(_ info: SentenceInfo) -> SentenceVocabulary {
        if let hit = sentenceVocabulary[info.index] { return hit }
        var v = SentenceVocabulary()
        for j in info.tokens.indices where info.tokens[j].kind == .word {
            if info.categoryCues[j] != nil { v.aidWords += 1 }
            if info.cues[j] != nil { v.statusWords += 1 }
            let id = info.tokens[j].id
            if Lexicon.measure.contains(id) { v.measureWords += 1 }
            if Lexicon.blockVerb.contains(id) { v.blockWords += 1 }
            if Rules.cumulativeWords.contains(id) { v.cumulative.append(j) }
        }
        v.roles = Set(info.hits.map { Gazetteer.role(of: $0.party) }).sorted()
        sentenceVocabulary[info.index] = v
        return v
    }

    @inline(__always) func isAuxiliary(_ id: Int32) -> Bool {
        Lexicon.modal.contains(id) || Lexicon.aux.contains(id) || Lexicon.perfect.contains(id)
            || id == W.to || id == W.be || id == W.been
    }

    /// Extra features of the category decision: the sentence's words, the headline's, the
    /// mechanism's words, the parties the rules found, and the rules' own category.
    func categoryFeatures(_ c: MentionCase, _ info: SentenceInfo, _ d: FigureDraft, _ ctx: ArticleContext,
                          into f: inout Features) {
        f.add("rcat=", .text(d.category.rawValue))
        for j in info.tokens.indices where info.tokens[j].kind == .word && info.tokens[j].end - info.tokens[j].start >= 3 {
            f.add("s=", word(info, j))
        }
        if let m = d.mechanism {
            for w in m.lowercased().split(separator: " ") { f.add("mw=", .text(String(w))) }
        }
        if let h = ctx.headline, h != moneySentence[c.money], let hi = infos[h] {
            for j in hi.tokens.indices where hi.tokens[j].kind == .word && hi.tokens[j].end - hi.tokens[j].start >= 3 {
                f.add("h=", word(hi, j))
            }
        }
        if let p = c.donors.first ?? nil { f.add("dc=", .text(p.code)) }
        if let p = d.recipient { f.add("rc=", .text(p.code)) }
    }

    /// Features of the repeat decision: how this money stands to the latest earlier money of the
    /// same amount and currency.
    func repeatFeatures(_ c: MentionCase, _ e: MentionCase, _ ctx: ArticleContext, named: Bool) -> Features {
        var f = Features(bytes: bytes, named: named)
        f.add("rep&bias")
        let s = moneySentence[c.money], es = moneySentence[e.money]
        switch c.verdict {
        case .restatement: f.add("rep&rule=restate")
        case .flow: f.add("rep&rule=flow")
        default: f.add("rep&rule=other")
        }
        let gap = s - es
        f.add("rep&gap=", .text(gap == 0 ? "0" : gap == 1 ? "1" : gap < 5 ? "2-4" : "5+"))
        f.add("rep&earlier=", .text(ctx.position(es)))
        f.add("rep&this=", .text(ctx.position(s)))
        if sentences[s].paragraph == sentences[es].paragraph { f.add("rep&samepara") }
        f.add("rep&cues=", .text(e.cue != nil ? "y" : "n"), .text(c.cue != nil ? "y" : "n"))
        if let a = e.donors.first ?? nil, let b = c.donors.first ?? nil { f.add(a.code == b.code ? "rep&donor=same" : "rep&donor=diff") }
        if let a = e.draft?.recipient, let b = c.draft?.recipient { f.add(a.code == b.code ? "rep&recipient=same" : "rep&recipient=diff") }
        if let a = e.draft?.mechanism, let b = c.draft?.mechanism { f.add(a == b ? "rep&mech=same" : "rep&mech=diff") }
        if c.donors.count > 1 || e.donors.count > 1 { f.add("rep&each") }
        // money between the two: a list of amounts ("X (CHF15 million), Y (CHF15 million)")
        let between = c.money - e.money - 1
        f.add("rep&between=", .text(between == 0 ? "0" : between == 1 ? "1" : between < 4 ? "2-3" : "4+"))
        // the party named nearest before each money in its own stretch of the sentence: another
        // party names another flow of the same amount, the same one a restatement
        if let info = infos[s], let einfo = infos[es] {
            let a = localParty(einfo, e.token), b = localParty(info, c.token)
            switch (a, b) {
            case let (x?, y?): f.add(x.code == y.code ? "rep&local=same" : "rep&local=diff")
                if x.code != y.code && gap == 0 { f.add("rep&local=diff&gap=0") }
            case (nil, nil): f.add("rep&local=none")
            default: f.add("rep&local=one")
            }
        }
        if let info = infos[s] {
            if Rules.restatementDeterminers.contains(info.word(c.token - 1)) { f.add("rep&determiner") }
            for j in max(0, c.token - 4)..<c.token where info.tokens[j].kind == .word && Rules.anotherFlow.contains(info.tokens[j].id) {
                f.add("rep&another"); break
            }
            f.add("rep&w-1=", word(info, c.token - 1))
            if info.word(c.token + 1) == W.each || info.word(c.token - 1) == W.each { f.add("rep&each-word") }
        }
        return f
    }

    /// True when earlier case `e` is in the same sentence as `c` and the parties local to the two
    /// sums differ (both named).
    func sameSentenceOtherParty(_ c: MentionCase, _ e: MentionCase) -> Bool {
        let s = moneySentence[c.money]
        guard moneySentence[e.money] == s, let info = infos[s] else { return false }
        return localPartiesDiffer(info, e.token, c.token)
    }

    /// True when the parties local to money tokens `a` and `b` of one sentence are both named and
    /// differ: the same sum named for two parties is two flows, in the rules and in the model.
    func localPartiesDiffer(_ info: SentenceInfo, _ a: Int, _ b: Int) -> Bool {
        guard let x = localParty(info, a), let y = localParty(info, b) else { return false }
        return x.code != y.code
    }

    /// The party named nearest before money token `t`, not past the money before it (the money's
    /// own stretch of a list), else the nearest after it before the next money.
    func localParty(_ info: SentenceInfo, _ t: Int) -> Party? {
        var j = t - 1
        while j >= 0 && info.tokens[j].kind != .money {
            if info.partyAt[j] >= 0 { return info.hits[info.partyAt[j]].party }
            j -= 1
        }
        j = t + 1
        while j < info.tokens.count && info.tokens[j].kind != .money && j <= t + 8 {
            if info.partyAt[j] >= 0 { return info.hits[info.partyAt[j]].party }
            j += 1
        }
        return nil
    }

    /// The instrument phrase of `info` nearest to token `t`: a head noun ("loan", "package",
    /// "Facility") with up to three modifiers before it ("Extended Fund Facility", "military aid").
    mutating func nearestInstrument(_ info: SentenceInfo, _ t: Int) -> String? {
        var best: (Int, Int, Int)? = nil  // distance, start, head
        for (a, h) in instruments(info) {
            let dist = abs(h - t)
            if best == nil || dist < (best?.0 ?? Int.max) { best = (dist, a, h) }
        }
        guard let (_, a, h) = best else { return nil }
        return normalise(tokenText(info, a, h)).0
    }

    /// The sentence's instrument phrases in token order (cached per sentence).
    mutating func instruments(_ info: SentenceInfo) -> [(start: Int, head: Int)] {
        if let hit = instrumentSpans[info.index] { return hit }
        let toks = info.tokens
        var out: [(start: Int, head: Int)] = []
        for h in toks.indices where toks[h].kind == .word && isHead(toks[h].id) {
            // the last head of a run ("aid package"): a head followed by another head extends it
            if h + 1 < toks.count, toks[h + 1].kind == .word, isHead(toks[h + 1].id) { continue }
            var a = h
            var n = 0
            while a - 1 >= 0 && n < 3 {
                let w = toks[a - 1]
                guard w.kind == .word, info.partyAt[a - 1] < 0 || w.cap else { break }
                if Lexicon.determiners.contains(w.id) || Lexicon.prepositions.contains(w.id) || Rules.npStops.contains(w.id)
                    || Lexicon.clauseWords.contains(w.id) || info.statusCue(a - 1) != nil || w.id == W.and || w.id == W.of { break }
                a -= 1; n += 1
            }
            // a bare generic word ("aid", "support", "funding") names no instrument
            if a == h && Rules.genericHeads.contains(toks[h].id) { continue }
            out.append((a, h))
        }
        instrumentSpans[info.index] = out
        return out
    }

    /// The sentence's short forms and generic aid words (cached per sentence).
    mutating func words(_ info: SentenceInfo) -> (shortForms: [Int32], generic: Bool) {
        if let hit = sentenceWords[info.index] { return hit }
        var shortForms: [Int32] = []
        for j in info.tokens.indices where j > 0 && info.tokens[j - 1].kind == .word && info.tokens[j - 1].id == W.the
            && info.tokens[j].kind == .word && info.partyAt[j] < 0 && info.tokens[j].id != 0 {
            shortForms.append(info.tokens[j].id)
        }
        let generic = info.tokens.contains { $0.kind == .word && Lexicon.generic.contains($0.id) }
        sentenceWords[info.index] = (shortForms, generic)
        return (shortForms, generic)
    }

    enum Role { case donor, recipient }

    /// One candidate party being built: its features and what the conjunctions need to know.
    struct CandidateDraft {
        var party: Party
        var features: Features
        var inSentence = false
        var ruleDonor = false
        var ruleRecipient = false
        var previousDonor = false
        var previousRecipient = false
        /// Named right before another money of a list ("..., Peru $3 million"): that item's party.
        var itemOfOther = false
    }

    typealias Candidates = [(party: Party?, features: Features)]

    /// The candidates of the donor and the recipient rankings: no party; every party of the
    /// sentence; the parties of the previous sentence, the headline and the lead; the rules'
    /// choices and the previous figure's parties. Each carries where it was found and how it
    /// stands to the money; the two rankings share all but the features of the rules' choices.
    mutating func partyCandidates(_ c: MentionCase, _ info: SentenceInfo, _ ctx: ArticleContext,
                                  named: Bool) -> (donors: Candidates, recipients: Candidates) {
        let t = c.token
        let ruleDonor = c.donors.first ?? nil
        let ruleRecipient = c.draft?.recipient
        var cands: [CandidateDraft] = []
        let b = bytes
        func slot(_ p: Party) -> Int {
            if let k = cands.firstIndex(where: { $0.party.code == p.code }) { return k }
            var f = Features(bytes: b, named: named)
            f.add("cand"); f.add("kind=", .text(p.kind.rawValue)); f.add("code=", .text(p.code))
            f.add("role=", .text(Gazetteer.role(of: p)))
            cands.append(CandidateDraft(party: p, features: f))
            return cands.count - 1
        }
        // the sentence's own parties
        var firstHit = true
        for h in nearHits(info, t) {
            let hit = info.hits[h]
            let k = slot(hit.party)
            cands[k].inSentence = true
            var f = cands[k].features
            f.add("src=sent")
            let before = hit.start < t
            f.add(before ? "side=before" : "side=after")
            let dist = before ? t - hit.end : hit.start - t
            f.add("dist=", .text(dist < 3 ? "0-2" : dist < 7 ? "3-6" : dist < 15 ? "7-14" : "15+"))
            let pw = word(info, info.beforeDeterminers(hit.start))
            f.add("pw=", pw)
            f.add("pw=", pw, .text(before ? "&side=b" : "&side=a"))
            f.add("nw=", word(info, hit.end))
            if let cue = c.cue {
                f.add(hit.start < cue.index ? "vs-cue=before" : "vs-cue=after")
                if cue.receive { f.add(hit.start < cue.index ? "receive&before" : "receive&after") }
            }
            if donorPosition(info, h) { f.add("subjpos"); f.add("subjpos&role=", .text(Gazetteer.role(of: hit.party))) }
            f.add("role=", .text(Gazetteer.role(of: hit.party)), .text(before ? "&side=b" : "&side=a"))
            if firstHit { f.add("first-in-sentence"); firstHit = false }
            // the party of another item of a list ("Norway gave $9 million, Peru $3 million")
            if info.labelsOtherListItem(hit, notOf: t) { f.add("item-of-other"); cands[k].itemOfOther = true }
            cands[k].features = f
        }
        // the context: previous sentence, headline, lead, the previous figure
        let si = moneySentence[c.money]
        if let prev = sentenceInfo(si - 1) {
            let samePara = sentences[si - 1].paragraph == sentences[si].paragraph
            for (n, hit) in prev.hits.enumerated() {
                let k = slot(hit.party)
                cands[k].features.add("src=prev")
                cands[k].features.add(samePara ? "prev&samepara" : "prev&otherpara")
                cands[k].features.add(n == 0 ? "prev&first" : "prev&later")
            }
        }
        for (n, p) in ctx.headlineParties.enumerated() {
            let k = slot(p)
            cands[k].features.add("src=headline"); cands[k].features.add(n == 0 ? "headline&first" : "headline&later")
        }
        for (n, p) in ctx.leadParties.enumerated() {
            let k = slot(p)
            cands[k].features.add("src=lead"); cands[k].features.add(n == 0 ? "lead&first" : "lead&later")
        }
        // the article's most named parties (the subject of a story that names its donor once)
        for (n, p) in ctx.topParties.enumerated() {
            let k = slot(p)
            cands[k].features.add("src=top"); cands[k].features.add(n == 0 ? "top&first" : "top&later")
        }
        // the state that issues the sum's currency, when the article names it
        if let iso3 = Lexicon.issuer[money[c.money].currency], ctx.mentionCounts[iso3] != nil,
           let p = gazetteer.party(code: iso3) {
            cands[slot(p)].features.add("issuer")
        }
        if c.previousFigure >= 0 {
            let pf = figures[c.previousFigure]
            if let p = pf.donor { cands[slot(p)].previousDonor = true }
            if let p = pf.recipient { cands[slot(p)].previousRecipient = true }
        }
        if let p = ruleDonor { cands[slot(p)].ruleDonor = true }
        if let p = ruleRecipient { cands[slot(p)].ruleRecipient = true }
        // short forms in the sentence that name a context party ("the bank", "the Commission", "the Fund")
        let sw = words(info)
        for id in sw.shortForms {
            for k in cands.indices where !cands[k].inSentence {
                if gazetteer.nameWords[cands[k].party.code]?.contains(id) == true { cands[k].features.add("short-form") }
            }
        }
        var none = Features(bytes: b, named: named)
        none.add("none")
        if info.hits.isEmpty { none.add("none&no-party-in-sentence") }
        if sw.generic { none.add("none&generic") }
        if case .flow = c.verdict {} else { none.add("none&rule-not-flow") }
        for k in cands.indices {
            let n = ctx.mentionCounts[cands[k].party.code] ?? 0
            cands[k].features.add(n < 2 ? "mentions=1" : n < 4 ? "mentions=2-3" : "mentions=4+")
            if !cands[k].inSentence {
                // a conjunction that matters only for parties from outside the sentence
                cands[k].features.add(info.hits.isEmpty ? "ctx&no-party-in-sentence" : "ctx&sentence-has-party")
            }
        }
        // the role's own features: the rules' choice for it and for the other role, the previous figure
        func ranking(_ role: Role) -> Candidates {
            let rule = role == .donor ? ruleDonor : ruleRecipient
            var out: Candidates = []
            out.reserveCapacity(cands.count + 1)
            var n0 = none
            if rule == nil { n0.add("none&rule") }
            out.append((nil, n0))
            for cand in cands {
                var f = cand.features
                let isRule = role == .donor ? cand.ruleDonor : cand.ruleRecipient
                // another list item's party receives none of this item's money (it gives its own)
                if role == .recipient && cand.itemOfOther && !isRule { continue }
                let isOther = role == .donor ? cand.ruleRecipient : cand.ruleDonor
                if role == .donor ? cand.previousDonor : cand.previousRecipient { f.add("src=prevfig") }
                if role == .donor ? cand.previousRecipient : cand.previousDonor { f.add("src=prevfig-other") }
                if isRule { f.add("rule") }
                if isOther { f.add("rule-other") }
                if !cand.inSentence && rule == nil { f.add("ctx&rule-none") }
                if isRule && cand.inSentence { f.add("rule&sent") }
                out.append((cand.party, f))
            }
            return out
        }
        return (ranking(.donor), ranking(.recipient))
    }
}

/// A piece of a feature's name: fixed text, or a word of the article (bytes, ASCII lower-cased).
enum Piece {
    case text(String)
    case bytes(Int, Int)
}

/// The features of one decision as 64-bit FNV-1a hashes of their names, built without making a
/// `String` per feature; the names themselves are kept only when training asks for them.
struct Features {
    let bytes: UnsafeBufferPointer<UInt8>
    var hashes: [UInt64] = []
    var names: [String]?

    init(bytes: UnsafeBufferPointer<UInt8>, named: Bool) {
        self.bytes = bytes
        hashes.reserveCapacity(48)
        names = named ? [] : nil
    }

    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// The hash of a feature name (what the weights file's names are looked up by).
    static func hash(_ name: String) -> UInt64 {
        var h = offset
        for c in name.utf8 { h = (h ^ UInt64(c)) &* Features.prime }
        return h
    }

    @inline(__always) private static func mix(_ h0: UInt64, _ s: StaticString) -> UInt64 {
        var h = h0
        let p = s.utf8Start
        for k in 0..<s.utf8CodeUnitCount { h = (h ^ UInt64(p[k])) &* prime }
        return h
    }

    @inline(__always) private static func mix(_ h0: UInt64, _ s: String) -> UInt64 {
        var h = h0
        var s = s
        s.withUTF8 { for c in $0 { h = (h ^ UInt64(c)) &* prime } }
        return h
    }

    @inline(__always) private func mix(_ h0: UInt64, _ p: Piece) -> UInt64 {
        switch p {
        case .text(let s): return Features.mix(h0, s)
        case .bytes(let a, let b):
            var h = h0
            for k in a..<b {
                var c = bytes[k]
                if c >= 65 && c <= 90 { c |= 0x20 }
                h = (h ^ UInt64(c)) &* Features.prime
            }
            return h
        }
    }

    private func text(_ p: Piece) -> String {
        switch p {
        case .text(let s): return s
        case .bytes(let a, let b):
            return String(decoding: bytes[a..<b].map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
    }

    mutating func add(_ name: StaticString) {
        hashes.append(Features.mix(Features.offset, name))
        names?.append(name.description)
    }

    mutating func add(_ prefix: StaticString, _ a: Piece, _ b: Piece? = nil, _ c: Piece? = nil) {
        var h = mix(Features.mix(Features.offset, prefix), a)
        if let b { h = mix(h, b) }
        if let c { h = mix(h, c) }
        hashes.append(h)
        if names != nil {
            let name = prefix.description + text(a) + (b.map(text) ?? "") + (c.map(text) ?? "")
            names?.append(name)
        }
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
    /// Aid vocabulary (category cue words) in the sentences read so far (the money's own and their
    /// neighbours): zero for a trade report or a box-office story.
    var aidWords = 0
    /// The two parties the sentences read so far name most often (at least twice each).
    var topParties: [Party] = []

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
        var partyOf: [String: Party] = [:]
        for case let info? in run.infos {
            for h in info.hits { mentionCounts[h.party.code, default: 0] += 1; partyOf[h.party.code] = h.party }
            for c in info.categoryCues where c != nil { aidWords += 1 }
        }
        // most named first, ties by code (deterministic); named at least twice
        topParties = mentionCounts.filter { $0.value >= 2 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(2).compactMap { partyOf[$0.key] }
    }

    /// Where sentence `s` stands: headline, lead, or body.
    func position(_ s: Int) -> String {
        if s == headline { return "headline" }
        if s == lead { return "lead" }
        return "body"
    }
}

/// Whether two written amounts are the same sum at the coarser one's precision: the one with more
/// significant digits, rounded to the other's, equals it ("440 million" and "443 million";
/// "1.2 billion" and "1.23 billion"; not "440" and "450"). A comparison of written figures, never
/// a value stored or added.
enum MoneyPrecision {
    static func significantDigits(_ x: Double) -> Int {
        guard x > 0, x.isFinite else { return 0 }
        var m = x
        while m >= 1e15 { m /= 10 }
        // the written mantissa: digits up to the last non-zero one
        var digits = 0
        var v = m < 1e9 ? (m * 1e6).rounded() : m.rounded()  // six decimals: as fine as news writes sums
        while v > 0, v.truncatingRemainder(dividingBy: 10) == 0 { v /= 10 }
        while v >= 1 { v = (v / 10).rounded(.down); digits += 1 }
        return max(digits, 1)
    }

    static func agree(_ a: Double, _ b: Double) -> Bool {
        guard a > 0, b > 0, a.isFinite, b.isFinite else { return false }
        if a == b { return true }
        guard max(a, b) / min(a, b) < 1.1 else { return false }
        let sa = significantDigits(a), sb = significantDigits(b)
        let (coarse, fine, sig) = sa <= sb ? (a, b, sa) : (b, a, sb)
        let p = pow(10.0, floor(log10(fine)) - Double(sig - 1))
        let rounded = (fine / p).rounded() * p
        return abs(rounded - coarse) <= coarse * 1e-9
    }
}
