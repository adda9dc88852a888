import AidExtraction
import Foundation

extension Ledger {
    /// Re-runs extraction over every stored article in ONE transaction, recording
    /// `extractorVersion`. If `extract` throws, nothing changes.
    ///
    /// Flow ids are stable: a figure found again (same span) stays the source of its flow, with
    /// what it now says; a new figure is booked like an ingested one (it may join a flow); a
    /// figure no longer found leaves its flow, which goes (its id retired) when no source is
    /// left, except that a corrected or voided flow keeps the figure as lost evidence, and its
    /// corrections. Last, with merging on, each flow that reports the same money as an earlier
    /// one is merged into it (never two flows an analyst split, nor a corrected flow).
    public func reextract(extractorVersion: String = Extractor.version, merge: MergeOptions = .standard,
                          using extract: (StoredArticle) throws -> Extraction) throws -> ReextractReport {
        try write(merge: merge) { w in
            var ids: [Int64] = []
            let list = try database.prepare("SELECT id FROM articles ORDER BY id")
            while try list.step() { ids.append(list.int64(0)) }
            let setVersion = try database.prepare("UPDATE articles SET extractor_version = ? WHERE id = ?")
            var changes: [ReextractChange] = []
            var removedFlows: [Int64] = []
            for id in ids {
                guard let art = try article(id: id) else { continue }
                let ex = try extract(art)
                let r = try w.reextractArticle(id, published: art.published, ingestedAt: art.ingestedAt, ex)
                removedFlows += r.removedFlows
                try setVersion.bind(extractorVersion, at: 1)
                try setVersion.bind(id, at: 2)
                try setVersion.run()
                let (added, removed) = Self.multisetDiff(old: r.old, new: r.new)
                changes.append(ReextractChange(articleID: id, source: art.source, title: art.title,
                                               oldFigures: r.old.count, newFigures: r.new.count, added: added,
                                               removed: removed, keptForCorrections: r.kept))
            }
            var report = ReextractReport(articles: changes)
            report.removedFlows = removedFlows
            if merge.enabled { report.merges = try w.consolidate() }
            return report
        }
    }
}

extension LedgerWriter {
    struct ArticleReextract { var old: [String] = []; var new: [String] = []; var kept: [Int64] = []; var removedFlows: [Int64] = [] }

    /// Replaces one article's extraction, keeping flow ids (see `Ledger.reextract`).
    func reextractArticle(_ articleID: Int64, published: String?, ingestedAt: String, _ ex: Extraction) throws -> ArticleReextract {
        var out = ArticleReextract()
        // what is stored now
        var oldMentions: [Span: Int64] = [:]
        let om = try cached("SELECT id, start, \"end\" FROM mentions WHERE article_id = ?")
        try om.bind(articleID, at: 1)
        while try om.step() { oldMentions[Span(start: om.int(1), end: om.int(2))] = om.int64(0) }
        om.reset()
        struct OldSource { var id: Int64; var flowID: Int64; var span: Span; var mentionID: Int64; var lost: Bool }
        var oldSources: [OldSource] = []
        let os = try cached("""
            SELECT s.id, s.flow_id, m.start, m."end", s.mention_id, s.amount, s.currency, s.lost
            FROM flow_sources s JOIN mentions m ON m.id = s.mention_id WHERE s.article_id = ? ORDER BY s.lost, s.id
            """)
        try os.bind(articleID, at: 1)
        while try os.step() {
            let lost = os.int64(7) != 0
            oldSources.append(OldSource(id: os.int64(0), flowID: os.int64(1), span: Span(start: os.int(2), end: os.int(3)),
                                        mentionID: os.int64(4), lost: lost))
            if !lost { out.old.append(Cents.string(os.int64(5)) + " " + (os.string(6) ?? "")) }
        }
        os.reset()
        let unlink = try cached("DELETE FROM flow_mentions WHERE mention_id IN (SELECT id FROM mentions WHERE article_id = ?)")
        try unlink.bind(articleID, at: 1)
        try unlink.run()

        // mentions: the same span keeps its row (and id), updated; others are new
        var mentionIDs: [Span: Int64] = [:]
        var keepMentions: Set<Int64> = []
        let upd = try cached("""
            UPDATE mentions SET surface = ?, amount = ?, amount_max = ?, currency = ?, hedge = ?, sentence_id = ?,
                sentence_start = ?, sentence_end = ? WHERE id = ?
            """)
        func store(_ money: MoneyExpression, sentence: String, sentenceSpan: Span) throws -> Int64 {
            if let id = mentionIDs[money.span] { return id }
            let id: Int64
            if let old = oldMentions[money.span] {
                try upd.bind(money.text, at: 1); try upd.bind(Cents.plainString(money.amount), at: 2)
                try upd.bind(money.amountMax.map(Cents.plainString), at: 3); try upd.bind(money.currency, at: 4)
                try upd.bind(money.hedge, at: 5)
                try upd.bind(try sentenceID(sentence, sentenceSpan, articleID: articleID), at: 6)
                try upd.bind(sentenceSpan.start, at: 7); try upd.bind(sentenceSpan.end, at: 8); try upd.bind(old, at: 9)
                try upd.run()
                id = old
            } else {
                id = try addMention(money, sentence: sentence, sentenceSpan: sentenceSpan, articleID: articleID)
            }
            mentionIDs[money.span] = id
            keepMentions.insert(id)
            return id
        }
        let evidence = Self.evidenceSpans(ex)
        var spansOnly: [Span] = []
        for m in ex.mentions {
            if evidence.contains(m.money.span) {
                _ = try store(m.money, sentence: m.sentence, sentenceSpan: m.sentenceSpan)
            } else {
                spansOnly.append(m.money.span)
            }
        }
        try storeMoneySpans(spansOnly, articleID: articleID)

        // figures: found again -> same source and flow; new -> booked
        let knownOn = published ?? String(ingestedAt.prefix(10))
        var claimed: Set<Int64> = []
        var touched: Set<Int64> = [], toRefresh: Set<Int64> = []
        var flowIDs: [Int64] = []
        let updSource = try cached("""
            UPDATE flow_sources SET article_id = ?, mention_id = ?, stage = ?, published = ?, known_on = ?, amount = ?,
                amount_max = ?, currency = ?, approximate = ?, hedge = ?, unit = ?, donor_id = ?, recipient_id = ?,
                mechanism = ?, category = ?, lost = 0
            WHERE id = ?
            """)
        for fig in ex.figures {
            let primary = try store(fig.money, sentence: fig.sentence, sentenceSpan: fig.sentenceSpan)
            let v = try sourceValues(fig, articleID: articleID, mentionID: primary, published: published,
                                     knownOn: knownOn, cents: nil)
            out.new.append(Cents.string(v.amount) + " " + v.currency)
            let flowID: Int64
            if let old = oldSources.first(where: { $0.span == fig.money.span && !claimed.contains($0.id) }) {
                claimed.insert(old.id)
                try bindSource(v, updSource, from: 1)
                try updSource.bind(old.id, at: 16)
                try updSource.run()
                flowID = old.flowID
                touched.insert(flowID); toRefresh.insert(flowID)
                sourceCurrencies.insert(v.currency)
            } else {
                flowID = try book(v, touched: &touched)
            }
            flowIDs.append(flowID)
            try link(flowID, primary)
            for other in fig.otherMentions.prefix(Self.restatementsKept) {
                try link(flowID, try store(other, sentence: fig.sentence, sentenceSpan: fig.sentenceSpan))
            }
        }

        // figures no longer found (a figure already lost in an earlier run stays lost evidence)
        for old in oldSources where !claimed.contains(old.id) {
            if old.lost {
                try link(old.flowID, old.mentionID)
                keepMentions.insert(old.mentionID)
            } else if try isCorrected(old.flowID) {
                let st = try cached("UPDATE flow_sources SET lost = 1 WHERE id = ?")
                try st.bind(old.id, at: 1); try st.run()
                try link(old.flowID, old.mentionID)
                keepMentions.insert(old.mentionID)
                out.kept.append(old.flowID)
            } else {
                let st = try cached("DELETE FROM flow_sources WHERE id = ?")
                try st.bind(old.id, at: 1); try st.run()
            }
            toRefresh.insert(old.flowID)
        }
        for f in toRefresh.sorted() {
            if try sourceCount(f) == 0 {
                try retire(f, mergedInto: nil, reason: "re-extraction no longer finds its figure")
                out.removedFlows.append(f)
            } else {
                try refresh(f)
            }
        }
        // mentions no longer found (no flow books at them any more)
        let del = try cached("DELETE FROM mentions WHERE id = ?")
        for (_, id) in oldMentions where !keepMentions.contains(id) {
            try del.bind(id, at: 1); try del.run()
        }
        // sentences no mention stands in any more
        let orphans = try cached("""
            DELETE FROM sentences WHERE article_id = ? AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.sentence_id = sentences.id)
            """)
        try orphans.bind(articleID, at: 1)
        try orphans.run()
        try setParts(ex.figures, flowIDs: flowIDs)
        return out
    }

    func isCorrected(_ flowID: Int64) throws -> Bool {
        let st = try cached("""
            SELECT EXISTS (SELECT 1 FROM flow_corrections WHERE flow_id = ?1) OR EXISTS (SELECT 1 FROM flows WHERE id = ?1 AND voided = 1)
            """)
        try st.bind(flowID, at: 1)
        defer { st.reset() }
        return try st.step() && st.int64(0) != 0
    }

    func sourceCount(_ flowID: Int64) throws -> Int {
        let st = try cached("SELECT COUNT(*) FROM flow_sources WHERE flow_id = ?")
        try st.bind(flowID, at: 1)
        defer { st.reset() }
        return try st.step() ? st.int(0) : 0
    }

    /// Removes a flow from `flows` and records its id (never given again), with history.
    func retire(_ flowID: Int64, mergedInto: Int64?, reason: String, author: String = "aidledger") throws {
        let before = try snapshot(flowID)
        // its parts follow it into the survivor, or lose their parent
        let parts = try cached("UPDATE flows SET part_of = ? WHERE part_of = ?")
        try parts.bind(mergedInto, at: 1); try parts.bind(flowID, at: 2); try parts.run()
        if let s = mergedInto {
            let selfPart = try cached("UPDATE flows SET part_of = NULL WHERE id = ? AND part_of = ?")
            try selfPart.bind(s, at: 1); try selfPart.bind(s, at: 2); try selfPart.run()
        }
        let del = try cached("DELETE FROM flows WHERE id = ?")
        try del.bind(flowID, at: 1); try del.run()
        let rec = try cached("INSERT INTO retired_flows(id, merged_into, retired_at, reason) VALUES (?, ?, ?, ?)")
        try rec.bind(flowID, at: 1); try rec.bind(mergedInto, at: 2); try rec.bind(now, at: 3); try rec.bind(reason, at: 4)
        try rec.run()
        if mergedInto == nil {
            try recordHistory(flowID: flowID, other: nil, action: "remove", author: author, reason: reason,
                              before: before, after: nil)
        }
    }

    /// Merges every flow that reports the same money as an earlier flow into it (merge rule;
    /// corrected, voided and split flows are left as they are). Returns (absorbed, survivor).
    func consolidate() throws -> [(absorbed: Int64, into: Int64)] {
        var ids: [Int64] = []
        let st = try db.prepare("""
            SELECT id FROM flows f WHERE voided = 0 AND NOT EXISTS (SELECT 1 FROM flow_corrections c WHERE c.flow_id = f.id)
            ORDER BY id
            """)
        while try st.step() { ids.append(st.int64(0)) }
        var out: [(Int64, Int64)] = []
        let sameArticle = try cached("""
            SELECT DISTINCT o.flow_id FROM flow_sources s JOIN flow_sources o ON o.article_id = s.article_id WHERE s.flow_id = ?
            """)
        let booking = try cached("""
            SELECT s.article_id, s.mention_id, s.stage, f.published, s.known_on, s.amount, s.amount_max, s.currency,
                   s.approximate, s.hedge, s.unit, f.donor_id, f.recipient_id, f.mechanism, s.category
            FROM flows f JOIN flow_sources s ON s.flow_id = f.id AND s.mention_id = f.mention_id WHERE f.id = ?
            """)
        for id in ids {
            try booking.bind(id, at: 1)
            guard try booking.step() else { booking.reset(); continue }
            let v = SourceValues(articleID: booking.int64(0), mentionID: booking.int64(1),
                                 stage: FlowStatus(rawValue: booking.string(2) ?? "") ?? .committed,
                                 published: booking.string(3), knownOn: booking.string(4) ?? "",
                                 amount: booking.int64(5), amountMax: booking.optionalInt64(6),
                                 currency: booking.string(7) ?? "", approximate: booking.int64(8) != 0,
                                 hedge: booking.string(9), unit: booking.int64(10), donorID: booking.optionalInt64(11),
                                 recipientID: booking.optionalInt64(12), mechanism: booking.string(13),
                                 category: AidCategory(rawValue: booking.string(14) ?? "") ?? .other)
            booking.reset()
            var exclude: Set<Int64> = [id]
            try sameArticle.bind(id, at: 1)
            while try sameArticle.step() { exclude.insert(sameArticle.int64(0)) }
            sameArticle.reset()
            guard let target = try findFlow(for: v, excluding: exclude, belowID: id, apartFrom: id) else { continue }
            try mergeFlows(into: target, from: [id], author: "aidledger",
                           reason: "re-extraction: reports the same flow as #\(target)")
            out.append((id, target))
        }
        return out
    }
}
