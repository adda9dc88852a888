import Foundation

/// Mechanism and category rules of the attribution run.
extension AttributionRun {
    /// True for an instrument head noun ("package", "loan", "facility").
    @inline(__always) func isHead(_ w: Int32) -> Bool { Lexicon.heads.contains(w) }
    func isHead(_ w: String) -> Bool { Lexicon.mechHead[w] != nil }

    /// A head noun's word, its singular and that singular's plural ("facilities" gives
    /// "facilities", "facilitie", "facilities"; "fund" gives "fund", "fund", "funds").
    func singularPlural(_ id: Int32) -> [String] {
        let noun = gazetteer.vocabulary.words[Int(id)]
        let sing = noun.hasSuffix("s") ? String(noun.dropLast()) : noun
        return [noun, sing, sing + "s"]
    }

    /// Text of tokens [a, b] (inclusive) as written.
    func tokenText(_ info: SentenceInfo, _ a: Int, _ b: Int) -> String {
        text(info.tokens[a].start, info.tokens[b].end)
    }

    /// Normalises a mechanism phrase: a named instrument's alias becomes its canonical name.
    func normalise(_ s: String) -> (String, Bool) {
        if let (canonical, _) = withWords(s, { namedEntry($0, $1) }) { return (canonical, true) }
        return (s, false)
    }

    /// `body` on the tokens of a short string (a mechanism's name), with their vocabulary ids.
    func withWords<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>, [Token]) -> R) -> R {
        Tokenizer.withTokens(s, vocabulary: gazetteer.vocabulary, body)
    }

    /// The named instrument these tokens spell (an alias or the canonical name), if any. The key
    /// is built only when the first word can start a name.
    func namedEntry(_ b: UnsafeBufferPointer<UInt8>, _ toks: [Token]) -> (String, AidCategory?)? {
        guard let first = toks.first, Lexicon.namedFirstWords.contains(first.id) else { return nil }
        return Lexicon.named[toks.map { Tokenizer.lowerText(b, $0) }.joined(separator: " ")]
    }

    /// A noun phrase starting at `i`: capitalised run (with "and", "of", ",", "(ACR)") or lower-case
    /// words; returns the index of its last token and whether it ends in an instrument head.
    func nounPhrase(_ info: SentenceInfo, _ i: Int, maxLen: Int = 7, allowAnd: Bool = true) -> (end: Int, head: Int)? {
        let toks = info.tokens
        var j = i
        var last = -1, head = -1
        var n = 0
        while j < toks.count && n < maxLen {
            let w = toks[j]
            if w.kind == .punct {
                if w.id == W.lparen, j + 2 < toks.count, toks[j + 1].allCaps, toks[j + 2].isPunct(W.rparen) { j += 3; last = j - 1; continue }
                if w.id == W.comma, last >= 0, toks[last].cap, j + 1 < toks.count, toks[j + 1].cap { j += 1; continue }
                break
            }
            if w.kind != .word { break }
            let l = w.id
            if l == W.and || l == W.of || l == W.for {
                let prevCap = last >= 0 && toks[last].cap
                let nextCap = j + 1 < toks.count && toks[j + 1].cap
                if (prevCap && nextCap) || (l == W.and && allowAnd && j + 1 < toks.count && isHead(toks[j + 1].id)) { j += 1; continue }
                break
            }
            if Lexicon.prepositions.contains(l) || Rules.npStops.contains(l) { break }
            if !w.cap && !(isHead(l) && last >= 0) && info.statusCue(j) != nil { break }
            if !w.cap && last >= 0 && toks[last].cap && !isHead(l) { break }
            last = j
            if isHead(l) || Lexicon.source.contains(l) { head = j }
            j += 1; n += 1
        }
        guard last >= 0 else { return nil }
        return (last, head)
    }

    /// m1: the head noun phrase right after the money ("$500 million armament package"), with a
    /// funding source that is part of the name ("loan backed by seized-asset income").
    func headAfter(_ info: SentenceInfo, _ t: Int) -> (Int, Int)? {
        let toks = info.tokens
        guard t + 1 < toks.count, toks[t + 1].kind == .word, let np = nounPhrase(info, t + 1), np.head >= 0 else { return nil }
        var end = np.head
        if Rules.backedBy.contains(info.word(end + 1)), info.word(end + 2) == W.by {
            var k = end + 3
            while k < toks.count && toks[k].kind == .word && !Lexicon.clauseWords.contains(toks[k].id) && k < end + 12 { k += 1 }
            end = k - 1
        }
        return (t + 1, end)
    }

    mutating func mechanism(_ d: inout FigureDraft, _ info: SentenceInfo, _ t: Int, embedded: Bool) {
        let toks = info.tokens
        func set(_ a: Int, _ b: Int) {
            let (s, named) = normalise(tokenText(info, a, b))
            d.mechanism = s; d.mechanismNamed = named || toks[a].cap; d.mechanismToken = a
        }
        // a conversion in brackets does not separate the money from its phrase:
        // "¥3.5 billion ($24 million) in emergency grant aid"
        var ta = t
        if t + 3 < toks.count, toks[t + 1].isPunct(W.lparen), toks[t + 2].kind == .money, toks[t + 3].isPunct(W.rparen) { ta = t + 3 }
        // m0: what the money values: "$7 million worth of humanitarian assistance"
        if info.word(ta + 1) == W.worth {
            var a = ta + 2
            if info.word(a) == W.of { a += 1 }
            // an instrument head only: "worth of tents and blankets through UNICEF" leaves
            // the channel to name it
            if a < toks.count, toks[a].kind == .word, !Lexicon.determiners.contains(toks[a].id),
               let np = nounPhrase(info, a, maxLen: 5), np.head >= 0, np.head - a < 4 {
                set(a, np.head); return
            }
        }
        // m1: head noun phrase right after the money ("$500 million armament package"); a bare
        // generic head yields to the named instrument it is for ("$3 million grant from its Asia
        // Disaster Fund", "a $1 billion loan for the Peru Water Project")
        if let (a, b) = headAfter(info, ta) {
            // a stage word ("a $90 million disbursement to Chad under its Extended Credit
            // Facility") names the stage, not the instrument: it yields to one named within a
            // few words
            let reach = Rules.stageHeads.contains(toks[b].id) ? 6 : 1
            if a == b, !toks[a].cap {
                var p = b + 1
                while p <= b + reach && p < toks.count && toks[p].kind != .money {
                    if Rules.forUnderFrom.contains(info.word(p)) {
                        var c = p + 1
                        if Rules.articles.contains(info.word(c)) { c += 1 }
                        if c < toks.count, toks[c].kind == .word, toks[c].cap, let np = nounPhrase(info, c, maxLen: 9), np.head > c, toks[np.head].cap {
                            set(c, np.head); return
                        }
                    }
                    p += 1
                }
            }
            set(a, b); return
        }
        // m2: "$N in military aid packages"
        if info.word(ta + 1) == W.in, let np = nounPhrase(info, ta + 2), np.head >= 0, np.head == np.end {
            // a named instrument as the sentence's subject wins over a generic phrase
            // ("The X Loans ... is ... aiming to provide $N in financial support")
            if !toks[ta + 2].cap, let (a, b) = subjectInstrument(info, before: t) { set(a, b); return }
            // a bare generic word yields to "for the mission" naming an earlier named instrument
            if np.head == ta + 2, !toks[ta + 2].cap, let f = backReference(info, after: np.head), let m = figures[f].mechanism {
                d.mechanism = m; d.mechanismNamed = true; return
            }
            set(ta + 2, np.head); return
        }
        // m3: "its fifth air-defence package for Latvia, worth €90 million", "the first tranche of"
        if info.word(t - 1) == W.worth || info.word(t - 1) == W.of {
            var j = t - 2
            if j >= 0 && toks[j].isPunct(W.comma) { j -= 1 }
            if j >= 0, let h = info.partyAt[j] >= 0 ? info.partyAt[j] : nil {
                let before = info.hits[h].start - 1
                if info.word(before) == W.for || info.word(before) == W.to { j = before - 1 }
            }
            if j >= 0 && toks[j].kind == .word && isHead(toks[j].id) {
                var a = j
                var n = 0
                while a - 1 >= 0 && n < 4 {
                    let w = toks[a - 1]
                    if w.kind != .word || Lexicon.determiners.contains(w.id) || Lexicon.prepositions.contains(w.id)
                        || info.statusCue(a - 1) != nil || Lexicon.aux.contains(w.id) || Lexicon.clauseWords.contains(w.id) { break }
                    a -= 1; n += 1
                }
                set(a, j); return
            }
        }
        // m5: "under the facility": the earlier figure with that instrument
        for k in near(info, t) where info.word(k) == W.the && k + 1 < toks.count {
            let noun = info.word(k + 1)
            guard isHead(noun), !toks[k + 1].cap, k + 2 >= toks.count || !isHead(info.word(k + 2)) else { continue }
            if let f = index.latestNamed(lastWordIn: singularPlural(noun)), let m = figures[f].mechanism {
                d.mechanism = m; d.mechanismNamed = true
                if d.parentMoney == nil && d.parentFigure == nil && money[figures[f].money].amount > money[d.money].amount {
                    d.parentFigure = f
                }
                return
            }
        }
        // m4: "under the Baltic Security Initiative", "through UN agencies", "from its X Fund"
        var j = t + 1
        var n = 0
        while j < toks.count && n < 20 {
            let w = toks[j]
            if w.isPunct(W.semicolon) { break }
            if w.kind == .money && !isEmbedded(info, j) && conversionSource(info, j) == nil { break }
            if w.kind == .word, Rules.instrumentPrep.contains(w.id) {
                var a = j + 1
                while a < toks.count && (Lexicon.determiners.contains(info.word(a)) || toks[a].kind == .money) { a += 1 }
                if w.id == W.through || w.id == W.via {
                    if let e = channelPhrase(info, a) { set(a, e); return }
                } else if a < toks.count, toks[a].kind == .word, let np = nounPhrase(info, a, maxLen: 8),
                          np.head >= 0, toks[a].cap || w.id != W.to || np.head > a {
                    set(a, np.head); return
                }
            }
            j += 1; n += 1
        }
        // m6: a named instrument elsewhere in the sentence
        if let (a, b) = namedInstrument(info, near: t) { set(a, b); return }
        // m7: the parent's instrument (the parent may stand later in the same sentence)
        if let pf = parentFigureIndex(d), let m = figures[pf].mechanism {
            d.mechanism = m; d.mechanismNamed = figures[pf].mechanismNamed; return
        }
        if let pm = d.parentMoney, let pt = info.token(ofMoney: pm), let (a, b) = headAfter(info, pt) { set(a, b); return }
        // m9: the next sentence names the instrument ("The money, lent under the lender's X scheme")
        if let next = sentenceInfo(info.index + 1), next.moneyTokens.isEmpty {
            if let (a, b) = namedInstrument(next, near: 0) {
                let (s, named) = normalise(tokenText(next, a, b))
                d.mechanism = s; d.mechanismNamed = named || true
            }
        }
    }

    /// The channel named after "through": words up to a preposition, punctuation or clause word
    /// ("UN agencies and Canadian aid groups", "its development agency Sida").
    func channelPhrase(_ info: SentenceInfo, _ a: Int) -> Int? {
        var j = a
        var last = -1
        while j < info.tokens.count && j < a + 8 {
            let w = info.tokens[j]
            guard w.kind == .word else { break }
            if w.id != W.and && (Lexicon.prepositions.contains(w.id) || Lexicon.clauseWords.contains(w.id)) { break }
            if w.id == W.and && (j + 1 >= info.tokens.count || info.tokens[j + 1].kind != .word) { break }
            if !w.cap && info.statusCue(j) != nil { break }
            if w.id != W.and { last = j }
            j += 1
        }
        return last >= 0 ? last : nil
    }

    /// "for the mission", "under the facility" after token `a`: the latest earlier figure whose
    /// named instrument ends in that head noun.
    func backReference(_ info: SentenceInfo, after a: Int) -> Int? {
        let toks = info.tokens
        var k = a + 1
        while k + 2 < toks.count && k <= a + 4 {
            if Rules.forUnderTo.contains(info.word(k)), info.word(k + 1) == W.the, !toks[k + 2].cap, isHead(info.word(k + 2)),
               k + 3 >= toks.count || !isHead(info.word(k + 3)) {
                return index.latestNamed(lastWordIn: singularPlural(info.word(k + 2)))
            }
            k += 1
        }
        return nil
    }

    /// The sentence's subject when it is a named instrument ("The Baltic Rail Facility is set to
    /// lend ..."): a capitalised run ending in an instrument head at the sentence start, followed by
    /// a verb or auxiliary, with no other money between it and token `t`.
    func subjectInstrument(_ info: SentenceInfo, before t: Int) -> (Int, Int)? {
        let toks = info.tokens
        let i0 = info.word(0) == W.the ? 1 : 0
        guard i0 < t, toks[i0].kind == .word, toks[i0].cap, info.partyAt[i0] < 0,
              let np = nounPhrase(info, i0, maxLen: 9), np.head > i0, np.end < t, toks[np.head].cap else { return nil }
        let next = info.word(np.end + 1)
        guard Lexicon.aux.contains(next) || Lexicon.modal.contains(next) || info.statusCue(np.end + 1) != nil else { return nil }
        // money between the name and `t`: the money just before t's (money in a sentence is in text order)
        if toks[t].kind == .money, let before = info.token(ofMoney: toks[t].money - 1), before > np.end { return nil }
        return (i0, np.head)
    }

    /// A capitalised run ending in an instrument head ("Arctic Resilience Programme", "Andes Water
    /// Security and Access project"), nearest to token `t`.
    func namedInstrument(_ info: SentenceInfo, near t: Int) -> (Int, Int)? {
        let toks = info.tokens
        var best: (Int, Int)? = nil
        var bestDist = Int.max
        let window = near(info, t)
        var i = window.lowerBound
        while i < window.upperBound {
            let w = toks[i]
            guard w.kind == .word, w.cap, !w.allCaps || w.length(bytes) <= 5 else { i += 1; continue }
            if let np = nounPhrase(info, i, maxLen: 9), np.head > i {
                let dist = min(abs(i - t), abs(np.head - t))
                if dist < bestDist { best = (i, np.head); bestDist = dist }
                i = np.end + 1
                continue
            }
            i += 1
        }
        return best
    }

    // MARK: - category

    mutating func category(_ info: SentenceInfo, _ t: Int, draft d: FigureDraft, donor: Party?) -> AidCategory {
        var score = CategoryScores()
        addCues(info, t, weight: 1, into: &score)
        if let m = d.mechanism {
            withWords(m) { b, toks in
                if let (_, c) = namedEntry(b, toks), let c { score[c] += 4 }
                for k in toks.indices {
                    let w = toks[k].id
                    if let c = Lexicon.categoryOf(w) { score[c.0] += Double(c.1) }
                    if k + 1 < toks.count, let c = Lexicon.categoryPairs[Lexicon.pairKey(w, toks[k + 1].id)] {
                        score[c.0] += Double(c.1)
                    }
                    if let hc = Lexicon.headCategoryOf(w) { score[hc] += 1 }
                }
            }
        }
        for p in [donor, d.recipient] {
            if let p, let c = Lexicon.partyCategory[p.code] { score[c] += 2 }
        }
        if let best = bestCategory(score) { return best }
        // nothing in the sentence and the sum is a total: mixed or unspecified, not a neighbour's
        if isTotal(info, t) { return .other }
        // nothing in the sentence: the parent, the previous flow of the paragraph, the next sentence
        if let pf = parentFigureIndex(d) { return figures[pf].category }
        if let last = figures.last, sentences[last.sentence].paragraph == sentences[info.index].paragraph { return last.category }
        for s in [info.index + 1, info.index - 1] {
            if let other = sentenceInfo(s) {
                var sc = CategoryScores()
                addCues(other, -1, weight: 1, into: &sc)
                if let best = bestCategory(sc) { return best }
            }
        }
        if let last = figures.last { return last.category }
        return .other
    }

    /// A total word within ten tokens before the money, with no other money between and not
    /// pointing back ("a total of $N", "combined total of $N"; not "to that total, X gave $N").
    func isTotal(_ info: SentenceInfo, _ t: Int) -> Bool {
        var k = t - 1
        while k >= max(0, t - 10) {
            let tok = info.tokens[k]
            if tok.kind == .money { return false }
            if tok.kind == .word, Rules.totalWords.contains(tok.id) {
                return !(k > 0 && Rules.pointingBack.contains(info.tokens[k - 1].id))
            }
            k -= 1
        }
        return false
    }

    func bestCategory(_ score: CategoryScores) -> AidCategory? {
        var best: AidCategory? = nil
        var top = 0.0
        for c in AidCategory.allCases { let v = score[c]; if v > top { top = v; best = c } }
        return best
    }

    /// Sentence vocabulary, weighted down with distance from the money (6 / (6 + tokens)).
    func addCues(_ info: SentenceInfo, _ t: Int, weight: Double, into score: inout CategoryScores) {
        let toks = info.tokens
        for k in t < 0 ? toks.indices : near(info, t) {
            guard let c = info.categoryCues[k] else { continue }
            let dist = t < 0 ? 6.0 : Double(abs(k - t))
            let decay = 6.0 / (6.0 + dist)
            if c.2 == 2 {
                score[c.0] += Double(c.1) * decay * weight
                continue
            }
            do {
                // "Defence Minister", "defence spending" are not military aid
                if c.0 == .military && (toks[k].id == W.defence || toks[k].id == W.defense),
                   Rules.notMilitaryAfterDefence.contains(info.word(k + 1)) { continue }
                score[c.0] += Double(c.1) * decay * weight
            }
        }
    }
}

/// Evidence for each category, added up in rule order (a fixed array: no dictionary per figure).
struct CategoryScores {
    private var v: (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)
    subscript(_ c: AidCategory) -> Double {
        get {
            switch c {
            case .military: return v.0
            case .financial: return v.1
            case .humanitarian: return v.2
            case .development: return v.3
            case .other: return v.4
            }
        }
        set {
            switch c {
            case .military: v.0 = newValue
            case .financial: v.1 = newValue
            case .humanitarian: v.2 = newValue
            case .development: v.3 = newValue
            case .other: v.4 = newValue
            }
        }
    }
}
