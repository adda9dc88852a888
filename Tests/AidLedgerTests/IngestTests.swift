import AidExtraction
import Foundation
import Testing
@testable import AidLedger

@Suite struct IngestTests {
    @Test func storesArticlesMentionsAndFlows() throws {
        let ledger = try Ledger.inMemory()
        let items = try fixtureItems()
        let outcomes = try ledger.write { w in try items.map { try w.insert($0) } }
        #expect(outcomes == [.added(articleID: 1, figures: 4), .added(articleID: 2, figures: 4),
                             .added(articleID: 3, figures: 2), .added(articleID: 4, figures: 1)])
        let counts = try ledger.counts()
        #expect(counts.articles == 4 && counts.mentions == 11 && counts.flows == 11)
        // Each party stored once, upserted by code.
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM parties") == 6)
        let rows = try ledger.flows()
        let first = try #require(rows.first)
        #expect(first.amount == 50_000_000_000)
        #expect(first.currency == "USD")
        #expect(first.donor == "United States" && first.donorCode == "USA")
        #expect(first.recipient == "Ukraine" && first.recipientCode == "UKR")
        #expect(first.mechanism == "armament package")
        #expect(first.category == "military" && first.status == "committed")
        #expect(first.published == "2024-01-05")
        #expect(first.articleTitle == "Allies, partners and \"loans\"")
        #expect(first.source == "a.txt")
        #expect(first.sentence == "Washington said it had approved a $500 million armament package for Kyiv.")
        #expect(first.surface == "$500 million")
        // Spans count code points from the start of the file, front matter included.
        let text = items[0].article.fullText
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[first.spanStart..<first.spanEnd])) == "$500 million")
        let g7 = rows[2]
        #expect(g7.approximate && g7.hedge == "nearly" && g7.status == "pledged")
        #expect(rows[3].partOf == g7.id)
        #expect(rows.first { $0.currency == "GBP" && $0.published == "2024-01-07" }?.amount == 100_000)
        #expect(rows.first { $0.surface == "$250" }?.donor == nil)
        // The article's metadata is kept, its text whole.
        let stored = try #require(try ledger.article(id: 1))
        #expect(stored.fullText == text)
        #expect(stored.extractorVersion == "test-1")
        #expect(stored.published == "2024-01-05")
        #expect(try ledger.articles().map(\.figures) == [4, 4, 2, 1])
    }

    @Test func reingestingTheSameTextAddsNothing() throws {
        try withTemporaryPath { path in
            let items = try fixtureItems()
            do {
                let ledger = try Ledger(path: path)
                _ = try ledger.write { w in try items.map { try w.insert($0) } }
            }
            let ledger = try Ledger(path: path)
            let again = try ledger.write { w in try items.map { try w.insert($0) } }
            #expect(again == [.duplicate(existingID: 1), .duplicate(existingID: 2), .duplicate(existingID: 3), .duplicate(existingID: 4)])
            let counts = try ledger.counts()
            #expect(counts.articles == 4 && counts.flows == 11 && counts.mentions == 11)
            // Within one run too: the second copy is a duplicate of the first.
            let mem = try Ledger.inMemory()
            let twice = try mem.write { w in [try w.insert(items[3]), try w.insert(items[3])] }
            #expect(twice == [.added(articleID: 1, figures: 1), .duplicate(existingID: 1)])
        }
    }

    @Test func aThrowingBodyLeavesTheLedgerUnchanged() throws {
        let ledger = try Ledger.inMemory()
        struct Stop: Error {}
        let items = try fixtureItems()
        #expect(throws: Stop.self) {
            try ledger.write { w in
                _ = try w.insert(items[0])
                _ = try w.insert(items[1])
                throw Stop()
            }
        }
        let counts = try ledger.counts()
        #expect(counts.articles == 0 && counts.mentions == 0 && counts.flows == 0)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM parties") == 0)
        // And the ledger still works afterwards.
        _ = try ledger.write { w in try w.insert(items[0]) }
        #expect(try ledger.counts().flows == 4)
    }

    @Test func partOfIsResolvedWhateverTheOrderAndCyclesAreDropped() throws {
        let ledger = try Ledger.inMemory()
        // The part comes before its parent in the figure list.
        let item = try makeItem(title: "t", published: "2024-02-01", sentences: [
            "Of the package, €2 million is for demining.", "The whole package is worth €9 million."
        ], figures: [
            FigSpec(text: "€2 million", amount: "2000000", currency: "EUR", donor: P.eu, partOf: 1),
            FigSpec(text: "€9 million", amount: "9000000", currency: "EUR", donor: P.eu),
        ])
        _ = try ledger.write { w in try w.insert(item) }
        let rows = try ledger.flows()
        #expect(rows[0].partOf == rows[1].id)
        #expect(rows[1].partOf == nil)
        // A cycle (0 -> 1 -> 0) and an out-of-range index are not stored.
        var cyclic = try makeItem(title: "u", published: nil, sentences: ["One £3 here, £4 there, and £5 too."], figures: [
            FigSpec(text: "£3", amount: "3", currency: "GBP", partOf: 1),
            FigSpec(text: "£4", amount: "4", currency: "GBP", partOf: 0),
            FigSpec(text: "£5", amount: "5", currency: "GBP", partOf: 7),
        ])
        cyclic.extractorVersion = "x"
        _ = try ledger.write { w in try w.insert(cyclic) }
        #expect(try ledger.flows(filter: FlowFilter(articleID: 2)).map(\.partOf) == [nil, nil, nil])
    }

    @Test func otherMentionsAreLinkedAsEvidenceAndShown() throws {
        let ledger = try Ledger.inMemory()
        let item = try makeItem(title: "Restated", published: "2024-05-02", sentences: [
            "Ottawa approved $1.25 billion for Kyiv's grid.",
            "The $1.25 billion will arrive in two tranches, the first of $0.5 billion.",
        ], figures: [
            FigSpec(text: "$1.25 billion", amount: "1250000000", currency: "USD", donor: nil, category: .development, others: ["$1.25 billion"]),
            FigSpec(text: "$0.5 billion", amount: "500000000", currency: "USD", category: .development, partOf: 0),
        ], extraMentions: [])
        _ = try ledger.write { w in try w.insert(item) }
        #expect(try ledger.counts().mentions == 3)
        let detail = try #require(try ledger.flow(id: 1))
        #expect(detail.evidence.count == 2)
        #expect(detail.evidence[0].isPrimary && !detail.evidence[1].isPrimary)
        #expect(detail.evidence[0].marked() == "Ottawa approved [$1.25 billion] for Kyiv's grid.")
        #expect(detail.evidence[1].marked(open: "<<", close: ">>") == "The <<$1.25 billion>> will arrive in two tranches, the first of $0.5 billion.")
        #expect(detail.parts.map(\.id) == [2])
        #expect(detail.parent == nil)
        #expect(detail.article.title == "Restated" && detail.article.figures == 2)
        let part = try #require(try ledger.flow(id: 2))
        #expect(part.parent?.id == 1)
        #expect(part.flow.amount == 50_000_000_000)
        #expect(part.flow.iatiTransactionType == 2)
        #expect(try ledger.flow(id: 99) == nil)
    }

    @Test func nonFigureMentionsAreStoredToo() throws {
        let ledger = try Ledger.inMemory()
        let item = try makeItem(title: nil, published: nil, sentences: [
            "The fund pays ¥300 million to Kyiv.", "A ticket costs ¥2,000 in Tokyo."
        ], figures: [
            FigSpec(text: "¥300 million", amount: "300000000", currency: "JPY", category: .development),
        ], extraMentions: [("¥2,000", "2000", "JPY")])
        let out = try ledger.write { w in try w.insert(item) }
        #expect(out == .added(articleID: 1, figures: 1))
        #expect(try ledger.counts().mentions == 2)
        #expect(try ledger.articles().first?.source == "test.txt")  // no front matter: source is the path
        #expect(try ledger.flows().first?.published == nil)
    }

    @Test func defaultPathFollowsTheEnvironment() {
        #expect(Ledger.defaultPath(environment: ["AIDLEDGER_DB": "/x/l.sqlite", "XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/x/l.sqlite")
        #expect(Ledger.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/aidledger/ledger.sqlite")
        #expect(Ledger.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/aidledger/ledger.sqlite")
        #expect(Ledger.defaultPath(environment: ["AIDLEDGER_DB": "", "XDG_DATA_HOME": "", "HOME": "/h"]) == "/h/.local/share/aidledger/ledger.sqlite")
    }

    @Test func reextractReplacesMentionsAndFlowsInOneTransaction() throws {
        let ledger = try fixtureLedger()
        let before = try ledger.flows()
        // The "new extractor": drops article 1's part, adds a figure to article 4, keeps the rest.
        let items = try fixtureItems()
        let report = try ledger.reextract(extractorVersion: "test-2") { stored in
            let idx = Int(stored.id) - 1
            var ex = items[idx].extraction
            #expect(stored.fullText == items[idx].article.fullText)
            if stored.id == 1 { ex.figures.removeLast(); ex.mentions.removeAll { $0.money.text == "$20 billion" } }
            if stored.id == 4 {
                var extra = ex.figures[0]
                extra.money.amount = dec("0.125")
                extra.money.currency = "CHF"
                ex.figures.append(extra)
            }
            return ex
        }
        #expect(report.articles.map(\.oldFigures) == [4, 4, 2, 1])
        #expect(report.articles.map(\.newFigures) == [3, 4, 2, 2])
        #expect(report.articles[0].removed == ["20000000000 USD"] && report.articles[0].added.isEmpty)
        #expect(report.articles[3].added == ["0.12 CHF"] && report.articles[3].removed.isEmpty)
        #expect(report.changedArticles == 2)
        #expect(!report.articles[1].changed)
        #expect(report.oldFigures == 11 && report.newFigures == 11)
        let after = try ledger.flows()
        #expect(after.count == 11)
        #expect(after.contains { $0.currency == "CHF" && $0.amount == 12 })
        #expect(!after.contains { $0.amount == 2_000_000_000_000 })
        #expect(try ledger.articles().allSatisfy { $0.extractorVersion == "test-2" })
        #expect(try ledger.counts().mentions == 10)  // one removed; the new figure re-uses a mention span
        #expect(before.count == 11)
        // A failing extractor changes nothing.
        struct Broken: Error {}
        let snapshot = try ledger.flows()
        #expect(throws: Broken.self) {
            try ledger.reextract(extractorVersion: "test-3") { stored in
                if stored.id == 3 { throw Broken() }
                return Extraction()
            }
        }
        #expect(try ledger.flows() == snapshot)
        #expect(try ledger.articles().allSatisfy { $0.extractorVersion == "test-2" })
    }
}
