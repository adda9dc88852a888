import AidExtraction
import Foundation
@testable import AidLedger

// Shared helpers: temporary databases and hand-built extractions (no dependency on the
// extractor's behaviour). Sentences here are written for these tests.

/// A temporary database file, removed (with its WAL files) when `body` returns.
func withTemporaryPath<T>(_ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aidledger-tests-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir.appendingPathComponent("ledger.sqlite").path)
}

enum P {
    static let usa = Party(name: "United States", code: "USA", kind: .country)
    static let ukr = Party(name: "Ukraine", code: "UKR", kind: .country)
    static let deu = Party(name: "Germany", code: "DEU", kind: .country)
    static let gbr = Party(name: "United Kingdom", code: "GBR", kind: .country)
    static let eu = Party(name: "European Union", code: "EU", kind: .institution)
    static let g7 = Party(name: "G7", code: "G7", kind: .institution)
}

/// One figure to place in a test article.
struct FigSpec {
    var text: String
    var amount: String
    var currency: String
    var donor: Party? = nil
    var recipient: Party? = P.ukr
    var mechanism: String? = nil
    var category: AidCategory = .military
    var status: FlowStatus = .committed
    var partOf: Int? = nil
    var hedge: String? = nil
    var amountMax: String? = nil
    /// Further mentions of the same flow (their surface texts, found in the text after the first).
    var others: [String] = []
}

func dec(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) ?? .nan }

/// Code-point offset of the first occurrence of `needle` in `text` at or after `from`.
func scalarOffset(of needle: String, in text: String, from: Int = 0) -> Int? {
    let hay = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
    guard n.count <= hay.count, from <= hay.count - n.count else { return nil }
    for i in from...(hay.count - n.count) where Array(hay[i..<(i + n.count)]) == n { return i }
    return nil
}

/// Builds an article from `sentences` (front matter with title/published when given) and an
/// extraction whose figures are `figures`; every figure is also a mention, plus `extraMentions`
/// (money that is not a flow).
func makeItem(title: String?, published: String?, sentences: [String], figures: [FigSpec],
              extraMentions: [(text: String, amount: String, currency: String)] = [],
              source: String = "test.txt") throws -> IngestItem {
    var text = ""
    if title != nil || published != nil {
        text += "---\n"
        if let title { text += "title: \(title)\n" }
        if let published { text += "published: \(published)\n" }
        text += "---\n"
    }
    text += sentences.joined(separator: " ") + "\n"
    let article = try Article(text: text)
    func money(_ surface: String, _ amount: String, _ currency: String, hedge: String?, max: String?, after: Int = 0) -> (MoneyExpression, String, Span) {
        guard let start = scalarOffset(of: surface, in: text, from: after) else { fatalError("\(surface) not in text") }
        // The sentence that holds this occurrence.
        var sentence = "", sStart = 0
        for candidate in sentences {
            if let o = scalarOffset(of: candidate, in: text), o <= start, start < o + candidate.unicodeScalars.count {
                sentence = candidate; sStart = o
            }
        }
        let end = start + surface.unicodeScalars.count
        let m = MoneyExpression(span: Span(start: start, end: end), byteStart: start, byteEnd: end, text: surface,
                                amount: dec(amount), amountMax: max.map(dec), currency: currency, hedge: hedge)
        return (m, sentence, Span(start: sStart, end: sStart + sentence.unicodeScalars.count))
    }
    var mentions: [Mention] = []
    var figs: [Figure] = []
    for f in figures {
        let (m, sentence, sspan) = money(f.text, f.amount, f.currency, hedge: f.hedge, max: f.amountMax)
        mentions.append(Mention(money: m, sentence: sentence, sentenceSpan: sspan))
        var others: [MoneyExpression] = []
        for o in f.others {
            let (om, osent, ospan) = money(o, f.amount, f.currency, hedge: nil, max: nil, after: m.span.end)
            mentions.append(Mention(money: om, sentence: osent, sentenceSpan: ospan))
            others.append(om)
        }
        figs.append(Figure(money: m, otherMentions: others, donor: f.donor, recipient: f.recipient,
                           mechanism: f.mechanism, category: f.category, status: f.status, partOf: f.partOf,
                           sentence: sentence, sentenceSpan: sspan))
    }
    for e in extraMentions {
        let (m, sentence, sspan) = money(e.text, e.amount, e.currency, hedge: nil, max: nil)
        mentions.append(Mention(money: m, sentence: sentence, sentenceSpan: sspan))
    }
    mentions.sort { $0.money.span.start < $1.money.span.start }
    return IngestItem(source: source, article: article, extraction: Extraction(mentions: mentions, figures: figs),
                      extractorVersion: "test-1")
}

/// The shared totals fixture: four articles with several donors, currencies, statuses and a part.
///
/// A (Fri 2024-01-05): USA 500m USD committed military "armament package"; EU 3bn EUR disbursed
///   financial "ERA Loans"; G7 ~50bn USD pledged financial "ERA Loans"; EU 20bn USD pledged
///   financial "ERA Loans" part of the G7 figure.
/// B (Sun 2024-01-07): DEU 1.5m EUR disbursed humanitarian; USA 2bn USD pledged military;
///   (unnamed) 250 USD committed other; GBR 1000 GBP committed humanitarian.
/// C (undated): USA 10m USD committed military; GBR 5m GBP committed humanitarian.
/// D (2024-03-20): EU 7 EUR disbursed financial.
func fixtureItems() throws -> [IngestItem] {
    let a = try makeItem(title: "Allies, partners and \"loans\"", published: "2024-01-05", sentences: [
        "Washington said it had approved a $500 million armament package for Kyiv.",
        "Brussels paid out three billion euros to Kyiv under the ERA Loans scheme.",
        "Group of Seven leaders promised nearly $50 billion in ERA Loans.",
        "Of that total, $20 billion will come from the European Union.",
    ], figures: [
        FigSpec(text: "$500 million", amount: "500000000", currency: "USD", donor: P.usa, mechanism: "armament package"),
        FigSpec(text: "three billion euros", amount: "3000000000", currency: "EUR", donor: P.eu, mechanism: "ERA Loans",
                category: .financial, status: .disbursed),
        FigSpec(text: "nearly $50 billion", amount: "50000000000", currency: "USD", donor: P.g7, mechanism: "ERA Loans",
                category: .financial, status: .pledged, hedge: "nearly"),
        FigSpec(text: "$20 billion", amount: "20000000000", currency: "USD", donor: P.eu, mechanism: "ERA Loans",
                category: .financial, status: .pledged, partOf: 2),
    ], source: "a.txt")
    let b = try makeItem(title: "Weekend round-up", published: "2024-01-07", sentences: [
        "Berlin transferred EUR 1.5 million for shelters.",
        "The White House pledged $2 billion more in weapons.",
        "An anonymous benefactor gave $250 to a clinic.",
        "London committed £1,000 to a field kitchen.",
    ], figures: [
        FigSpec(text: "EUR 1.5 million", amount: "1500000", currency: "EUR", donor: P.deu, category: .humanitarian, status: .disbursed),
        FigSpec(text: "$2 billion", amount: "2000000000", currency: "USD", donor: P.usa, status: .pledged),
        FigSpec(text: "$250", amount: "250", currency: "USD", donor: nil, category: .other),
        FigSpec(text: "£1,000", amount: "1000", currency: "GBP", donor: P.gbr, category: .humanitarian),
    ], source: "b.txt")
    let c = try makeItem(title: "Undated note", published: nil, sentences: [
        "A further $10 million went to air defence.",
        "Britain added £5 million for medical supplies.",
    ], figures: [
        FigSpec(text: "$10 million", amount: "10000000", currency: "USD", donor: P.usa),
        FigSpec(text: "£5 million", amount: "5000000", currency: "GBP", donor: P.gbr, category: .humanitarian),
    ], source: "c.txt")
    let d = try makeItem(title: "Spring", published: "2024-03-20", sentences: [
        "The Commission sent €7 to test the channel.",
    ], figures: [
        FigSpec(text: "€7", amount: "7", currency: "EUR", donor: P.eu, category: .financial, status: .disbursed),
    ], source: "d.txt")
    return [a, b, c, d]
}

/// An in-memory ledger holding the fixture.
func fixtureLedger() throws -> Ledger {
    let ledger = try Ledger.inMemory()
    _ = try ledger.write { w in try fixtureItems().map { try w.insert($0) } }
    return ledger
}

/// ECB-layout rates for the fixture (units per EUR; Friday 2024-01-05 is the last rate before the weekend).
let fixtureRatesECB = """
Date,USD,JPY,GBP,
2024-01-05,1.0921,158.61,0.8612,
2024-01-04,1.0953,N/A,0.8625,
2023-12-20,1.0944,156.00,0.8600,

"""

/// Writes `items` the way the writer did before migration 0005 (one flow per figure, no
/// sources), straight into a database migrated to an earlier version: the ledger an upgrade
/// finds on disk.
func insertLegacy(_ db: Database, _ items: [IngestItem]) throws {
    try db.transaction {
        for item in items {
            let art = try db.prepare("""
                INSERT INTO articles(content_hash, source, title, url, published, ingested_at, extractor_version)
                VALUES (?, ?, ?, ?, ?, '2024-01-01T00:00:00Z', '0.0.9')
                """)
            try art.bind([.text(SHA256.hex(item.article.body)), .text(item.article.metadata.source ?? item.source),
                          item.article.metadata.title.map { .text($0) } ?? .null, item.article.metadata.url.map { .text($0) } ?? .null,
                          item.article.metadata.published.map { .text($0) } ?? .null])
            try art.run()
            let articleID = db.lastInsertRowID
            try db.prepare("INSERT INTO article_texts(article_id, full_text) VALUES (?, ?)")
                .bindAndRun([.integer(articleID), .text(item.article.fullText)])
            var mentionIDs: [Span: Int64] = [:]
            func mention(_ m: MoneyExpression, _ sentence: String, _ span: Span) throws -> Int64 {
                if let id = mentionIDs[m.span] { return id }
                try db.prepare("""
                    INSERT INTO mentions(article_id, start, "end", surface, amount, amount_max, currency, hedge, sentence, sentence_start, sentence_end)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).bindAndRun([.integer(articleID), .integer(Int64(m.span.start)), .integer(Int64(m.span.end)), .text(m.text),
                                     .text(Cents.plainString(m.amount)), m.amountMax.map { .text(Cents.plainString($0)) } ?? .null,
                                     .text(m.currency), m.hedge.map { .text($0) } ?? .null, .text(sentence),
                                     .integer(Int64(span.start)), .integer(Int64(span.end))])
                mentionIDs[m.span] = db.lastInsertRowID
                return db.lastInsertRowID
            }
            for m in item.extraction.mentions { _ = try mention(m.money, m.sentence, m.sentenceSpan) }
            var flowIDs: [Int64] = []
            for fig in item.extraction.figures {
                let mid = try mention(fig.money, fig.sentence, fig.sentenceSpan)
                func party(_ p: Party?) throws -> SQLValue {
                    guard let p else { return .null }
                    try db.prepare("INSERT OR IGNORE INTO parties(code, name, kind) VALUES (?, ?, ?)")
                        .bindAndRun([.text(p.code), .text(p.name), .text(p.kind.rawValue)])
                    return .integer(try db.scalarInt("SELECT id FROM parties WHERE code = ?", [.text(p.code)]) ?? 0)
                }
                try db.prepare("""
                    INSERT INTO flows(article_id, mention_id, amount, amount_max, currency, approximate, donor_id, recipient_id,
                                      mechanism, category, status, published)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).bindAndRun([.integer(articleID), .integer(mid), .integer(Cents.from(fig.money.amount) ?? 0),
                                     fig.money.amountMax.map { .integer(Cents.from($0) ?? 0) } ?? .null, .text(fig.money.currency),
                                     .integer(fig.money.approximate ? 1 : 0), try party(fig.donor), try party(fig.recipient),
                                     fig.mechanism.map { .text($0) } ?? .null, .text(fig.category.rawValue),
                                     .text(fig.status.rawValue), item.article.metadata.published.map { .text($0) } ?? .null])
                let fid = db.lastInsertRowID
                flowIDs.append(fid)
                try db.prepare("INSERT OR IGNORE INTO flow_mentions(flow_id, mention_id) VALUES (?, ?)").bindAndRun([.integer(fid), .integer(mid)])
                for o in fig.otherMentions {
                    let oid = try mention(o, fig.sentence, fig.sentenceSpan)
                    try db.prepare("INSERT OR IGNORE INTO flow_mentions(flow_id, mention_id) VALUES (?, ?)").bindAndRun([.integer(fid), .integer(oid)])
                }
            }
            for (i, fig) in item.extraction.figures.enumerated() {
                guard let p = fig.partOf, p >= 0, p < flowIDs.count, p != i else { continue }
                try db.prepare("UPDATE flows SET part_of = ? WHERE id = ?").bindAndRun([.integer(flowIDs[p]), .integer(flowIDs[i])])
            }
        }
    }
}

extension Statement {
    func bindAndRun(_ values: [SQLValue]) throws { try bind(values); try run() }
}
