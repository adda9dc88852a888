import AidExtraction
import Foundation
import Testing
@testable import AidLedger

// One flow however many articles report it (issue 11). The articles are written for these
// tests and run through the real extractor, so a change that breaks attribution of these plain
// sentences shows here too.

private let extractor = Extractor()

private func article(_ published: String?, _ body: String, source: String) throws -> IngestItem {
    let front = published.map { "---\npublished: \($0)\ntitle: \(source)\nsource: \(source)\n---\n" } ?? ""
    let a = try Article(text: front + body + "\n")
    return IngestItem(source: source, article: a, extraction: extractor.extract(a), extractorVersion: "test")
}

private let announcement = "Norway will provide NOK 500 million in humanitarian aid to Sudan, the foreign ministry said on Monday."
private let secondOutlet = "Norway has pledged about NOK 500 million in humanitarian aid to Sudan, officials in Oslo confirmed."
private let delivery = "Norway has disbursed NOK 500 million in humanitarian aid to Sudan, the ministry said."
private let otherFlow = "Denmark will provide DKK 200 million in humanitarian aid to Sudan, Copenhagen said."

private func ingest(_ ledger: Ledger, _ items: [IngestItem], merge: MergeOptions = .standard) throws -> [MergeEvent] {
    try ledger.write(merge: merge) { w in
        for i in items { _ = try w.insert(i) }
        return w.merges
    }
}

private func threeAndOne() throws -> [IngestItem] {
    [try article("2025-03-03", announcement, source: "wire"),
     try article("2025-03-05", secondOutlet, source: "paper"),
     try article("2025-06-10", delivery, source: "ministry"),
     try article("2025-03-06", otherFlow, source: "other")]
}

@Suite struct MergeTests {
    @Test func threeReportsOfOnePackageAreOneFlowWithItsStages() throws {
        let ledger = try Ledger.inMemory()
        let merges = try ingest(ledger, try threeAndOne())
        #expect(merges.map(\.flowID) == [1, 1])
        let flows = try ledger.flows()
        #expect(flows.count == 2)
        let nok = try #require(flows.first { $0.currency == "NOK" })
        #expect(nok.status == "disbursed")
        #expect(nok.amount == 50_000_000_000)
        #expect(nok.published == "2025-06-10", "dated by the first source at the stage counted")
        let srcs = try ledger.sources(ofFlow: nok.id)
        #expect(srcs.map(\.stage) == ["pledged", "pledged", "disbursed"])
        #expect(srcs.map(\.published) == ["2025-03-03", "2025-03-05", "2025-06-10"])
        let row = try ledger.database.prepare("SELECT sources, pledged_on, committed_on, disbursed_on, first_source_date FROM flows WHERE id = ?")
        try row.bind(nok.id, at: 1)
        #expect(try row.step())
        #expect(row.int(0) == 3)
        #expect(row.string(1) == "2025-03-03")
        #expect(row.string(2) == nil)
        #expect(row.string(3) == "2025-06-10")
        #expect(row.string(4) == "2025-03-03")
        row.reset()
        // totals count the package once, at its furthest stage
        let t = try ledger.totals(by: [.donor])
        let norway = t.rows.filter { $0.values.first == "Norway" }
        #expect(norway.map(\.sumCents) == [50_000_000_000])
        #expect(norway.map { $0.values.last } == ["disbursed"])
        #expect(norway.map(\.flowCount) == [1])
        // and the ledger as known before the delivery: pledged, dated by the announcement
        let before = try ledger.totals(by: [.donor], filter: FlowFilter(asOf: "2025-04-01"))
        #expect(before.rows.filter { $0.values.first == "Norway" }.map { $0.values.last } == ["pledged"])
        #expect(try ledger.flows(filter: FlowFilter(asOf: "2025-03-04")).map(\.currency) == ["NOK"])
        #expect(try ledger.flows(filter: FlowFilter(asOf: "2025-03-01")).isEmpty)
        // --article: the flows an article reports, booked there or not
        #expect(try ledger.flows(filter: FlowFilter(articleID: 1)).map(\.currency) == ["NOK"])
        #expect(try ledger.totals(by: [.donor], filter: FlowFilter(articleID: 2)).rows.map(\.sumCents) == [50_000_000_000])
        #expect(try ledger.check().isClean)
    }

    @Test func noMergeAndTheWindowKeepReportsApart() throws {
        let off = try Ledger.inMemory()
        _ = try ingest(off, try threeAndOne(), merge: .off)
        #expect(try off.flows().count == 4)
        let narrow = try Ledger.inMemory()
        _ = try ingest(narrow, try threeAndOne(), merge: MergeOptions(windowDays: 30))
        #expect(try narrow.flows().filter { $0.currency == "NOK" }.map(\.status) == ["pledged", "disbursed"])
    }

    @Test func undatedArticlesMatchOnTheOtherTests() throws {
        let ledger = try Ledger.inMemory()
        _ = try ingest(ledger, [try article(nil, announcement, source: "a"), try article(nil, delivery, source: "b")])
        #expect(try ledger.flows().count == 1)
    }

    @Test func anotherCurrencyMergesOnlyAtAKnownRate() throws {
        let usd = "Japan will provide $100 million in development aid to Ukraine, Tokyo said."
        let eur = "Japan has disbursed €92 million in development aid to Ukraine, Kyiv said."
        let without = try Ledger.inMemory()
        _ = try ingest(without, [try article("2025-02-03", usd, source: "a"), try article("2025-02-04", eur, source: "b")])
        #expect(try without.flows().count == 2, "no rate: kept apart")
        let with = try Ledger.inMemory()
        try with.importRates(csvText: "date,base,quote,rate\n2025-02-04,EUR,USD,1.0850\n")
        _ = try ingest(with, [try article("2025-02-03", usd, source: "a"), try article("2025-02-04", eur, source: "b")])
        let flows = try with.flows()
        #expect(flows.count == 1)
        #expect(flows.first?.status == "disbursed")
    }

    @Test func differentPartiesOrMechanismsStayApart() throws {
        let ledger = try Ledger.inMemory()
        _ = try ingest(ledger, [
            try article("2025-01-10", "Germany will provide €50 million to Moldova under the Energy Security Facility.", source: "a"),
            try article("2025-01-12", "France will provide €50 million to Moldova under the Energy Security Facility.", source: "b"),
            try article("2025-01-14", "Germany will provide €50 million to Moldova under the Winter Heating Programme.", source: "c"),
        ])
        #expect(try ledger.flows().count == 3)
    }

    @Test func reextractKeepsIdsAndMergesALedgerFromBeforeTheSchema() throws {
        try withTemporaryPath { path in
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            do {
                let db = try Database(path: path)
                try Migrator.migrate(db, migrations: Migrator.all.filter { $0.version <= 4 })
                try insertLegacy(db, try threeAndOne())
            }
            let ledger = try Ledger(path: path)
            #expect(try ledger.flows().count == 4, "the migration keeps every row as it was")
            // 0006 moved each sentence into its own row: the evidence still reads back
            #expect(try ledger.flows().map(\.sentence) == [announcement, secondOutlet, delivery, otherFlow])
            #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM mentions WHERE sentence_id IS NULL") == 0)
            let ids = try ledger.flows().map(\.id)
            let report = try ledger.reextract { stored in extractor.extract(try Article(text: stored.fullText, defaults: stored.metadata)) }
            #expect(report.merges.map(\.into) == [1, 1])
            let after = try ledger.flows()
            #expect(after.map(\.id) == [1, 4])
            #expect(Set(after.map(\.id)).isSubset(of: ids))
            #expect(after.first?.status == "disbursed")
            guard case .merged(_, let into, _, _) = try ledger.locate(2) else { Issue.record("#2 should point to its survivor"); return }
            #expect(into == 1)
            // a second reextract changes nothing
            let again = try ledger.reextract { stored in extractor.extract(try Article(text: stored.fullText, defaults: stored.metadata)) }
            #expect(again.merges.isEmpty && again.removedFlows.isEmpty && again.changedArticles == 0)
            #expect(try ledger.flows().map(\.id) == [1, 4])
            #expect(try ledger.check().isClean)
        }
    }
}

@Suite struct CorrectionTests {
    func reextract(_ ledger: Ledger) throws {
        _ = try ledger.reextract { stored in extractor.extract(try Article(text: stored.fullText, defaults: stored.metadata)) }
    }

    @Test func anAmendmentSurvivesReingestReextractAndANewSource() throws {
        let ledger = try Ledger.inMemory()
        let items = try threeAndOne()
        _ = try ingest(ledger, [items[0], items[3]])
        try ledger.amend(1, FlowAmendment(recipient: "South Sudan", amount: "480000000", category: "development"),
                         reason: "ministry release says 480 million", author: "analyst")
        func check(_ note: Comment) throws {
            let f = try #require(try ledger.flows().first { $0.id == 1 }, note)
            #expect(f.recipientCode == "SSD", note)
            #expect(f.amount == 48_000_000_000, note)
            #expect(f.category == "development", note)
        }
        try check("after amend")
        _ = try ingest(ledger, [items[0]])            // the same article again: nothing added
        try check("after re-ingest")
        try reextract(ledger)
        try check("after reextract")
        // a new report of the flow joins it (the corrected recipient is not a contradiction of
        // an article that names none) and the corrections still hold
        _ = try ingest(ledger, [try article("2025-04-01", "Norway has disbursed NOK 500 million in humanitarian aid, the ministry said.", source: "n")])
        try check("after a new source")
        #expect(try ledger.flows().first { $0.id == 1 }?.status == "disbursed")
        let h = try ledger.history(flowID: 1)
        #expect(h.map(\.action).contains("amend"))
        let amend = try #require(h.first { $0.action == "amend" })
        #expect(amend.author == "analyst")
        #expect(amend.before?.contains("\"recipient\":\"SDN\"") == true)
        #expect(amend.after?.contains("\"recipient\":\"SSD\"") == true)
        // export carries the corrected values
        var csv = ""
        try ledger.export(options: ExportOptions(format: .csv)) { csv += $0 }
        #expect(csv.contains("480000000"))
        #expect(try ledger.check().isClean)
    }

    @Test func aLaterReportOfAVoidedFlowJoinsItAndItStaysVoided() throws {
        let ledger = try Ledger.inMemory()
        _ = try ingest(ledger, [try article("2025-03-01", "Norway has pledged $40 million in aid to Chad for schools.", source: "a")])
        let flow = try #require(try ledger.flows().first)
        try ledger.void(flow.id, reason: "not aid", author: "analyst")
        _ = try ingest(ledger, [try article("2025-04-01", "Norway has transferred $40 million in aid to Chad for schools, officials said.", source: "b")])
        #expect(try ledger.flows().count == 1, "the new report joins the voided flow, makes no new row")
        #expect(try ledger.isVoided(flow.id))
        #expect(try ledger.totals(by: [.donor]).rows.isEmpty)
        #expect(try ledger.history(flowID: flow.id).map(\.action) == ["void", "merge"])
        #expect(try ledger.check().isClean)
    }

    @Test func aVoidedFlowCountsInNoTotalAndStaysVoided() throws {
        let ledger = try Ledger.inMemory()
        _ = try ingest(ledger, try threeAndOne())
        let dkk = try #require(try ledger.flows().first { $0.currency == "DKK" })
        try ledger.void(dkk.id, reason: "an appeal target, not a flow", author: "analyst")
        #expect(try ledger.totals(by: [.donor]).rows.allSatisfy { $0.currency != "DKK" })
        try RollupTests.expectSameAsScan(ledger, "after void")
        #expect(try ledger.flows().first { $0.id == dkk.id } != nil, "still listed")
        #expect(throws: LedgerError.self) { try ledger.void(dkk.id, reason: "again", author: "a") }
        try reextract(ledger)
        #expect(try ledger.isVoided(dkk.id))
        #expect(try ledger.totals(by: [.donor]).rows.allSatisfy { $0.currency != "DKK" })
        #expect(try ledger.history(flowID: dkk.id).map(\.action) == ["void"])
        #expect(try ledger.check().isClean)
    }

    @Test func aManualMergeAndASplitHoldThroughReextract() throws {
        let ledger = try Ledger.inMemory()
        _ = try ingest(ledger, try threeAndOne(), merge: .off)
        #expect(try ledger.flows().count == 4)
        #expect(throws: LedgerError.self) { try ledger.merge([1, 4], reason: "test", author: "a") }  // NOK and DKK
        let survivor = try ledger.merge([3, 1, 2], reason: "one package", author: "analyst")
        #expect(survivor == 1)
        #expect(try ledger.flows().map(\.id) == [1, 4])
        #expect(try ledger.sources(ofFlow: 1).count == 3)
        try RollupTests.expectSameAsScan(ledger, "after merge")
        #expect(throws: LedgerError.self) { try ledger.amend(2, FlowAmendment(category: "other"), reason: "x", author: "a") }
        try reextract(ledger)
        #expect(try ledger.flows().map(\.id) == [1, 4])
        // split the delivery back out: it stays apart through a reextract with merging on
        let deliveryArticle = try #require(try ledger.sources(ofFlow: 1).first { $0.stage == "disbursed" }?.articleID)
        let new = try ledger.split(1, article: deliveryArticle, reason: "a second tranche", author: "analyst")
        #expect(new == 5, "a new id, above every id ever given")
        try reextract(ledger)
        let flows = try ledger.flows()
        #expect(flows.map(\.id) == [1, 4, 5])
        #expect(flows.first { $0.id == 1 }?.status == "pledged")
        #expect(flows.first { $0.id == 5 }?.status == "disbursed")
        let actions = try ledger.history(flowID: 1).map(\.action)
        #expect(actions.filter { $0 == "merge" }.count == 4, "two merged in, each recorded on both flows")
        #expect(actions.last == "split")
        #expect(try ledger.check().isClean)
    }
}

extension CorrectionTests {
    @Test func aCorrectedFigureNoLongerFoundIsKeptAndReported() throws {
        let ledger = try Ledger.inMemory()
        _ = try ingest(ledger, [try threeAndOne()[0], try threeAndOne()[3]])
        try ledger.amend(1, FlowAmendment(category: "development"), reason: "checked", author: "analyst")
        // an extractor that no longer finds any figure
        let report = try ledger.reextract { _ in Extraction(mentions: [], figures: []) }
        #expect(report.articles.flatMap(\.keptForCorrections) == [1])
        #expect(report.removedFlows == [2], "the uncorrected flow goes")
        #expect(try ledger.flows().map(\.id) == [1])
        #expect(try ledger.sources(ofFlow: 1).map(\.lost) == [true])
        guard case .removed = try ledger.locate(2) else { Issue.record("#2 should be retired as removed"); return }
        let check = try ledger.check()
        #expect(check.isClean)
        #expect(check.notes.count == 1)
        // the next run finds the figure again: the same flow, evidence no longer lost
        try reextract(ledger)
        #expect(try ledger.flows().map(\.id) == [1, 3], "the flow keeps its id; the other figure gets a new one")
        #expect(try ledger.sources(ofFlow: 1).map(\.lost) == [false])
        #expect(try ledger.flows().first?.category == "development")
    }
}

@Suite struct FlowMatchTests {
    func amount(_ surface: String, _ major: Int64, hedge: String? = nil, max: Int64? = nil) -> FlowMatch.Amount {
        let c = major * 100
        return FlowMatch.Amount(cents: c, maxCents: max.map { $0 * 100 }, hedge: hedge, unit: FlowMatch.statedUnit(surface: surface, cents: c))
    }

    @Test func statedPrecision() {
        #expect(FlowMatch.statedUnit(surface: "$1.23 billion", cents: 123_000_000_000) == 1_000_000_000)
        #expect(FlowMatch.statedUnit(surface: "$500 million", cents: 50_000_000_000) == 100_000_000)
        #expect(FlowMatch.statedUnit(surface: "$1,234.56", cents: 123_456) == 1)
        #expect(FlowMatch.statedUnit(surface: "two billion dollars", cents: 200_000_000_000) == 100_000_000_000)
    }

    @Test func amountsAgreeByPrecisionFivePercentOrHedge() {
        let a = amount("$1.2 billion", 1_200_000_000), b = amount("$1.23 billion", 1_230_000_000)
        #expect(FlowMatch.amountsAgree(a, b))
        #expect(FlowMatch.amountsAgree(amount("$2 billion", 2_000_000_000), amount("$2.4 billion", 2_400_000_000)), "coarser: 2 billion")
        #expect(FlowMatch.amountsAgree(amount("$500 million", 500_000_000), amount("$520 million", 520_000_000)), "within 5%")
        #expect(!FlowMatch.amountsAgree(amount("$500 million", 500_000_000), amount("$540 million", 540_000_000)))
        #expect(FlowMatch.amountsAgree(amount("nearly $50 billion", 50_000_000_000, hedge: "nearly"), amount("$46.5 billion", 46_500_000_000)))
        #expect(!FlowMatch.amountsAgree(amount("$50 billion", 50_000_000_000), amount("$46.5 billion", 46_500_000_000)))
        #expect(FlowMatch.amountsAgree(amount("more than $300 million", 300_000_000, hedge: "more than"), amount("$325 million", 325_000_000)))
        #expect(!FlowMatch.amountsAgree(amount("more than $300 million", 300_000_000, hedge: "more than"), amount("$280 million", 280_000_000)))
        #expect(FlowMatch.amountsAgree(amount("$1-2 billion", 1_000_000_000, max: 2_000_000_000), amount("$1.8 billion", 1_800_000_000)))
    }

    @Test func mechanismsPartiesAndWindow() {
        #expect(FlowMatch.mechanismsAgree("ERA Loans", "Extraordinary Revenue Acceleration (ERA) Loans"))
        #expect(!FlowMatch.mechanismsAgree("Ukraine Facility", "European Peace Facility"))
        #expect(FlowMatch.mechanismsAgree("military aid package", "armament package"))
        #expect(FlowMatch.mechanismsAgree(nil, "Ukraine Facility"))
        // a stage or form word is no instrument: the disbursement of a facility is that facility
        #expect(FlowMatch.mechanismsAgree("disbursement", "Extended Fund Facility"))
        #expect(FlowMatch.mechanismsAgree("the first pledge", "drone package"))
        #expect(!FlowMatch.mechanismsAgree("loan arrangement", "grant"))
        #expect(FlowMatch.partiesAgree(nil, 3) && FlowMatch.partiesAgree(3, 3) && !FlowMatch.partiesAgree(3, 4))
        #expect(FlowMatch.withinWindow("2025-12-31", first: "2025-01-01", latest: "2025-06-01", window: 365))
        #expect(!FlowMatch.withinWindow("2026-06-03", first: "2025-01-01", latest: "2025-06-01", window: 365))
        #expect(!FlowMatch.withinWindow("2023-12-01", first: "2025-01-01", latest: "2025-06-01", window: 365))
        #expect(FlowMatch.withinWindow(nil, first: "2025-01-01", latest: "2025-06-01", window: 0))
        #expect(LedgerWriter.dateBounds("2025-01-31", window: 30) == ("2025-01-01", "2025-03-02"))
        #expect(LedgerWriter.dateBounds(nil, window: 30) == ("0000-00-00", "9999-99-99"))
    }
}

/// Migration 0008: each source holds a copy of its flow's donor and recipient, and the merge
/// lookup tests the parties on it before it reads the flow.
@Suite struct MatchCopyTests {
    /// The NOK 500 million flow (#1) with its donor corrected to Sweden (its sources still say
    /// Norway), and the Danish flow (#2).
    func correctedLedger(_ ledger: Ledger) throws {
        let items = try threeAndOne()
        _ = try ingest(ledger, [items[0], items[3]])
        try ledger.amend(1, FlowAmendment(donor: "Sweden"), reason: "the ministry release names Sweden", author: "analyst")
    }

    /// Reports of flow #1 naming its corrected donor, its sources' donor, and no donor.
    func laterReports() throws -> [IngestItem] {
        [try article("2025-03-07", "Sweden will provide NOK 500 million in humanitarian aid to Sudan, Stockholm said.", source: "swe"),
         try article("2025-03-08", "Norway has pledged NOK 500 million in humanitarian aid to Sudan, officials said.", source: "nor"),
         try article("2025-03-09", "Donors will provide NOK 500 million in humanitarian aid to Sudan, the agency said.", source: "none")]
    }

    @Test func theLookupMatchesTheFlowsCorrectedParties() throws {
        let ledger = try Ledger.inMemory()
        try correctedLedger(ledger)
        let sweden = try #require(try ledger.database.scalarInt("SELECT id FROM parties WHERE code = 'SWE'"))
        #expect(try ledger.database.scalarInt("SELECT flow_donor_id FROM flow_sources WHERE flow_id = 1") == sweden)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM flow_sources WHERE flow_id = 1 AND donor_id <> flow_donor_id") == 1)
        let later = try laterReports()
        #expect(try ingest(ledger, [later[0]]).map(\.flowID) == [1], "the corrected donor's report joins the flow")
        #expect(try ingest(ledger, [later[1]]).isEmpty, "a report naming the sources' donor contradicts the correction")
        #expect(try ledger.check().isClean)
    }

    @Test func correctionsKeepTheCopiesInStep() throws {
        let ledger = try Ledger.inMemory()
        let items = try threeAndOne()
        _ = try ingest(ledger, items, merge: .off)
        #expect(try ledger.check().isClean)
        try ledger.amend(2, FlowAmendment(donor: "Sweden", recipient: ""), reason: "release", author: "analyst")
        #expect(try ledger.check().isClean, "amend")
        _ = try ledger.merge([1, 2], reason: "one package", author: "analyst")
        #expect(try ledger.check().isClean, "merge")
        let article = try #require(try ledger.database.scalarInt("SELECT MAX(article_id) FROM flow_sources WHERE flow_id = 1"))
        let new = try ledger.split(1, article: article, reason: "two packages", author: "analyst")
        #expect(try ledger.check().isClean, "split")
        let copies = try ledger.database.scalarInt("""
            SELECT COUNT(*) FROM flow_sources s JOIN flows f ON f.id = s.flow_id
            WHERE s.flow_id IN (1, ?) AND s.flow_donor_id IS f.donor_id AND s.flow_recipient_id IS f.recipient_id
            """, [.integer(new)])
        #expect(copies == (try ledger.database.scalarInt("SELECT COUNT(*) FROM flow_sources WHERE flow_id IN (1, ?)", [.integer(new)])))
    }

    /// A ledger written under schema 0007 (the same rows, without the copies) is brought forward
    /// by 0008 and then merges every later report exactly as a ledger made under 0008 does.
    @Test func aLedgerOfSchema0007MigratesAndMergesTheSame() throws {
        try withTemporaryPath { current in
            try FileManager.default.createDirectory(atPath: (current as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let previous = current + ".0007.sqlite"
            let now = try Ledger(path: current)
            try correctedLedger(now)
            do {
                // the rows as 0007 stores them: every column 0007 has, copied from the current ledger
                let db = try Database(path: previous)
                try Migrator.migrate(db, migrations: Migrator.all.filter { $0.version <= 7 })
                #expect(try db.scalarInt("SELECT COUNT(*) FROM pragma_table_info('flow_sources') WHERE name = 'flow_donor_id'") == 0)
                try db.execute("PRAGMA foreign_keys=OFF")
                try db.prepare("ATTACH DATABASE ? AS now").bindAndRun([.text(current)])
                try db.transaction {
                    let tables = try db.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'")
                    var names: [String] = []
                    while try tables.step() { names.append(tables.string(0) ?? "") }
                    for t in names {
                        let info = try db.prepare("SELECT name FROM pragma_table_info(?)")
                        try info.bind(t, at: 1)
                        var cols: [String] = []
                        while try info.step() { cols.append("\"\(info.string(0) ?? "")\"") }
                        let list = cols.joined(separator: ", ")
                        try db.execute("DELETE FROM main.\"\(t)\"")
                        try db.execute("INSERT INTO main.\"\(t)\"(\(list)) SELECT \(list) FROM now.\"\(t)\"")
                    }
                }
                try db.execute("DETACH DATABASE now")
            }
            let migrated = try Ledger(path: previous)
            #expect(try Migrator.currentVersion(migrated.database) == Migrator.latestVersion)
            #expect(try migrated.check().isClean, "the copies are filled in from the flows")
            #expect(try migrated.flows() == now.flows())
            let later = try laterReports() + [try threeAndOne()[2]]
            let expected = try ingest(now, later)
            #expect(!expected.isEmpty)
            #expect(try ingest(migrated, later) == expected)
            #expect(try migrated.flows() == now.flows())
            #expect(try migrated.check().isClean)
        }
    }
}
