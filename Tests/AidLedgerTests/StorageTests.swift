import AidExtraction
import Foundation
import Testing
@testable import AidLedger

/// Evidence is stored once (migration 0006): a sentence is one row however many money
/// expressions it holds, so a hostile file cannot make the ledger grow faster than its input.
@Suite struct StorageTests {
    @Test func moneySpansRoundTrip() {
        let spans = [Span(start: 0, end: 2), Span(start: 4, end: 6), Span(start: 200, end: 300), Span(start: 1_000_000, end: 1_000_012)]
        let bytes = MoneySpans.encode(spans)
        #expect(bytes.count == 11)
        #expect(MoneySpans.decode(bytes) == spans)
        #expect(MoneySpans.decode([0x80]) == nil, "a cut varint is no list")
        #expect(MoneySpans.decode(MoneySpans.encode([])) == [])
    }

    @Test func aSentenceIsStoredOnceForAllItsMentions() throws {
        try withTemporaryPath { path in
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let ledger = try Ledger(path: path)
            // 80 KB of money in one sentence that opens with one real figure (the evidence)
            let text = "Norway pledged $5 million to Chad, " + String(repeating: "$1, ", count: 19_999)
            let a = try Article(text: text)
            let item = IngestItem(source: "dense.txt", article: a, extraction: Extractor().extract(a), extractorVersion: "t")
            #expect(item.extraction.mentions.count == 20_000)
            _ = try ledger.write { w in try w.insert(item) }
            let db = ledger.database
            #expect(try ledger.counts().mentions == 20_000)
            // rows only for the figures' evidence; the rest as spans, a few bytes each
            #expect(try db.scalarInt("SELECT COUNT(*) FROM mentions") ?? 0 <= 1 + LedgerWriter.restatementsKept)
            #expect(try db.scalarInt("SELECT length(spans) FROM money_spans") ?? 0 < 20_000 * 4)
            let blob = try db.prepare("SELECT spans FROM money_spans")
            #expect(try blob.step())
            let stored = try #require(MoneySpans.decode(blob.bytes(0)))
            let rows = try db.prepare("SELECT start, \"end\" FROM mentions")
            var all = stored
            while try rows.step() { all.append(Span(start: rows.int(0), end: rows.int(1))) }
            rows.reset(); blob.reset()
            #expect(all.sorted { $0.start < $1.start } == item.extraction.mentions.map(\.money.span), "every expression's span is kept")
            let sentences = try db.scalarInt("SELECT COUNT(*) FROM sentences") ?? 0
            #expect(sentences > 0 && sentences < 100, "a few long sentences, not one per mention")
            #expect(try db.scalarInt("SELECT SUM(length(text)) FROM sentences") ?? 0 <= Int64(text.utf8.count))
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            #expect(size < 30 * text.utf8.count, "database \(size) bytes for \(text.utf8.count) bytes of input")
            // the evidence still reads back whole
            let flow = try #require(try ledger.flows().first)
            #expect(flow.sentence.hasPrefix("Norway pledged $5 million to Chad, $1, $1,"))
            #expect(flow.sentence.utf8.count > 8_000)  // the segmenter cuts a sentence at 8 KB
        }
    }

    @Test func reextractKeepsOneSentenceRowPerSentence() throws {
        let ledger = try Ledger.inMemory()
        let a = try Article(text: "Norway will provide NOK 20 million to Sudan, and NOK 5 million of it goes to WFP. The rest follows.\n")
        let item = IngestItem(source: "a.txt", article: a, extraction: Extractor().extract(a), extractorVersion: "t")
        _ = try ledger.write { w in try w.insert(item) }
        let before = try ledger.database.scalarInt("SELECT COUNT(*) FROM sentences")
        #expect(before == 1)
        _ = try ledger.reextract { s in Extractor().extract(try Article(text: s.fullText)) }
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM sentences") == before)
        _ = try ledger.reextract { _ in Extraction() }
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM sentences") == 0, "no mention, no sentence")
        #expect(try ledger.check().isClean)
    }

    @Test func checkNamesAMentionWithoutItsSentence() throws {
        let ledger = try Ledger.inMemory()
        let a = try Article(text: "Norway will provide NOK 20 million to Sudan.\n")
        _ = try ledger.write { w in try w.insert(IngestItem(source: "a", article: a, extraction: Extractor().extract(a), extractorVersion: "t")) }
        #expect(try ledger.check().isClean)
        try ledger.database.execute("PRAGMA foreign_keys=OFF; DELETE FROM sentences;")
        #expect(try ledger.check().violations.contains("mention #1: its sentence is not stored"))
    }
}
