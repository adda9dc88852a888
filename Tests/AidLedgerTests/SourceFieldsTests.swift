import AidExtraction
import Foundation
import Testing
@testable import AidLedger

/// The per-flow source fields of migration 0005 (sources, first/latest source date, the date of
/// each stage, voided) as `flows(filter:)`, `export` (CSV and JSONL, one thread and two) read them.
/// Articles here are extracted by the real extractor from short texts written for these tests.
@Suite struct SourceFieldsTests {
    static let newColumns = ["sources", "first_source_date", "latest_source_date", "pledged_on", "committed_on",
                             "disbursed_on", "voided"]

    /// An article with the front matter the brief names, extracted by `Extractor`.
    static func item(_ body: String, published: String, source: String) throws -> IngestItem {
        let text = "---\npublished: \(published)\ntitle: t\nsource: s\n---\n" + body + "\n"
        let article = try Article(text: text)
        return IngestItem(source: source, article: article, extraction: Extractor().extract(article), extractorVersion: "test-1")
    }

    /// Norway's NOK 500 million to Ukraine, pledged (2025-03-01) then disbursed (2025-05-01), in
    /// two articles: one flow. Sweden's SEK 20 million to Sudan (2025-04-01): a flow of its own.
    static func ledger(path: String = ":memory:") throws -> Ledger {
        let ledger = try Ledger(path: path)
        let items = [
            try item("Norway pledged NOK 500 million to Ukraine.", published: "2025-03-01", source: "a.txt"),
            try item("Sweden committed SEK 20 million to Sudan.", published: "2025-04-01", source: "b.txt"),
            try item("Norway has disbursed NOK 500 million to Ukraine.", published: "2025-05-01", source: "c.txt"),
        ]
        for it in items { #expect(it.extraction.figures.count == 1, "one figure in \(it.source)") }
        _ = try ledger.write { w in try items.map { try w.insert($0) } }
        return ledger
    }

    static func flowID(_ ledger: Ledger, currency: String) throws -> Int64 {
        try #require(try ledger.database.scalarInt("SELECT id FROM flows WHERE currency = ?", [.text(currency)]))
    }

    static func void(_ ledger: Ledger, _ id: Int64) throws {
        let st = try ledger.database.prepare("UPDATE flows SET voided = 1 WHERE id = ?")
        try st.bind(id, at: 1)
        try st.run()
    }

    static func csv(_ ledger: Ledger, _ options: ExportOptions = ExportOptions(format: .csv)) throws -> [[String: String]] {
        var text = ""
        try ledger.export(options: options) { text += $0 }
        let rows = try RFC4180.parse(text)
        let header = try #require(rows.first)
        #expect(header == Ledger.exportColumns + (options.convertTo != nil ? Ledger.conversionColumns : []))
        #expect(rows.allSatisfy { $0.count == header.count })
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func jsonl(_ ledger: Ledger) throws -> [[String: Any]] {
        var text = ""
        try ledger.export(options: ExportOptions(format: .jsonl)) { text += $0 }
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func exportColumnsEndWithTheSourceFields() {
        #expect(Array(Ledger.exportColumns.suffix(8)) == ["span"] + Self.newColumns)
        #expect(Ledger.exportColumns.count == 26)
    }

    @Test func twoArticlesReportingOneFlowExportOneRow() throws {
        let ledger = try Self.ledger()
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM flows") == 2)

        let rows = try Self.csv(ledger)
        #expect(rows.count == 2, "the NOK flow once, the SEK flow once")
        let nok = try #require(rows.first { $0["currency"] == "NOK" })
        #expect(nok["amount"] == "500000000")
        #expect(nok["donor_code"] == "NOR" && nok["recipient_code"] == "UKR")
        #expect(nok["status"] == "disbursed")
        #expect(nok["iati_transaction_type"] == "3")
        #expect(nok["published"] == "2025-05-01", "the date of the first source reporting the disbursement")
        #expect(nok["sources"] == "2")
        #expect(nok["first_source_date"] == "2025-03-01")
        #expect(nok["latest_source_date"] == "2025-05-01")
        #expect(nok["pledged_on"] == "2025-03-01")
        #expect(nok["committed_on"] == "")
        #expect(nok["disbursed_on"] == "2025-05-01")
        #expect(nok["voided"] == "false")
        #expect(nok["evidence"] == "Norway has disbursed NOK 500 million to Ukraine.", "the booking source's sentence")

        let sek = try #require(rows.first { $0["currency"] == "SEK" })
        #expect(sek["sources"] == "1")
        #expect(sek["first_source_date"] == "2025-04-01" && sek["latest_source_date"] == "2025-04-01")
        #expect(sek["pledged_on"] == "" && sek["committed_on"] == "2025-04-01" && sek["disbursed_on"] == "")

        let objects = try Self.jsonl(ledger)
        #expect(objects.count == 2)
        let j = try #require(objects.first { $0["currency"] as? String == "NOK" })
        #expect(Set(j.keys) == Set(Ledger.exportColumns))
        #expect((j["sources"] as? NSNumber)?.intValue == 2)
        #expect(j["sources"] is NSNumber && !(j["sources"] is String))
        #expect(j["first_source_date"] as? String == "2025-03-01")
        #expect(j["latest_source_date"] as? String == "2025-05-01")
        #expect(j["pledged_on"] as? String == "2025-03-01")
        #expect(j["committed_on"] is NSNull)
        #expect(j["disbursed_on"] as? String == "2025-05-01")
        #expect(j["voided"] as? Bool == false)
        #expect(j["published"] as? String == "2025-05-01")

        // The records `list` prints carry the same values.
        let record = try #require(try ledger.flows().first { $0.currency == "NOK" })
        #expect(record.sources == 2)
        #expect(record.firstSourceDate == "2025-03-01" && record.latestSourceDate == "2025-05-01")
        #expect(record.pledgedOn == "2025-03-01" && record.committedOn == nil && record.disbursedOn == "2025-05-01")
        #expect(record.status == "disbursed" && record.published == "2025-05-01")
        #expect(!record.voided)
        let detail = try #require(try ledger.flow(id: record.id))
        #expect(detail.flow == record)
    }

    @Test func voidedFlowIsExportedMarked() throws {
        let ledger = try Self.ledger()
        let sek = try Self.flowID(ledger, currency: "SEK")
        try Self.void(ledger, sek)

        let rows = try Self.csv(ledger)
        #expect(rows.count == 2, "a voided flow is still exported")
        #expect(rows.first { $0["id"] == String(sek) }?["voided"] == "true")
        #expect(rows.first { $0["currency"] == "NOK" }?["voided"] == "false")
        let voidedRow = try #require(rows.first { $0["id"] == String(sek) })
        #expect(voidedRow["status"] == "committed" && voidedRow["amount"] == "20000000", "its values are kept")

        let objects = try Self.jsonl(ledger)
        let j = try #require(objects.first { ($0["id"] as? NSNumber)?.int64Value == sek })
        #expect(j["voided"] as? Bool == true)
        #expect(objects.first { $0["currency"] as? String == "NOK" }?["voided"] as? Bool == false)

        #expect(try ledger.flows().first { $0.id == sek }?.voided == true)
        #expect(try ledger.flow(id: sek)?.flow.voided == true)
    }

    @Test func sourceFieldsSurviveConversionAndCSVQuoting() throws {
        let ledger = try Self.ledger()
        try Self.void(ledger, try Self.flowID(ledger, currency: "SEK"))
        // Conversion columns stay the last three; the source fields come before them.
        let rows = try Self.csv(ledger, ExportOptions(format: .csv, convertTo: "EUR"))
        let nok = try #require(rows.first { $0["currency"] == "NOK" })
        #expect(nok["sources"] == "2" && nok["disbursed_on"] == "2025-05-01" && nok["voided"] == "false")
        #expect(nok["converted_amount"] == "" && nok["rate"] == "" && nok["rate_date"] == "")
        #expect(rows.first { $0["currency"] == "SEK" }?["voided"] == "true")
        // Excel BOM: the same bytes after it.
        var bom: [UInt8] = [], plain: [UInt8] = []
        try ledger.export(options: ExportOptions(format: .csv, excelBOM: true)) { bom += $0 }
        try ledger.export(options: ExportOptions(format: .csv)) { plain += $0 }
        #expect(Array(bom.dropFirst(3)) == plain)
        let text = String(decoding: plain, as: UTF8.self)
        let header = try #require(text.components(separatedBy: "\r\n").first)
        #expect(header.hasSuffix(",span," + Self.newColumns.joined(separator: ",")))
    }

    /// The two-thread export of a file ledger writes the same bytes, source fields included.
    @Test func parallelExportWritesTheSameSourceFields() throws {
        try withTemporaryPath { path in
            let ledger = try Self.ledger(path: path)
            try Self.void(ledger, try Self.flowID(ledger, currency: "SEK"))
            for format in [ExportFormat.csv, .jsonl] {
                func bytes() throws -> [UInt8] {
                    var out: [UInt8] = []
                    try ledger.export(options: ExportOptions(format: format)) { out += $0 }
                    return out
                }
                ledger.parallelExportMinimum = .max
                let one = try bytes()
                ledger.parallelExportMinimum = 1
                ledger.parallelExportBlock = 1
                let two = try bytes()
                #expect(two == one, "\(format)")
                let text = String(decoding: two, as: UTF8.self)
                #expect(text.contains(format == .csv ? ",true\r\n" : "\"voided\":true}"))
                #expect(text.contains(format == .csv ? ",2,2025-03-01,2025-05-01,2025-03-01,,2025-05-01,false\r\n"
                                                     : "\"sources\":2,\"first_source_date\":\"2025-03-01\""))
            }
            #expect(ledger.database.busyStatementCount == 0)
        }
    }
}
