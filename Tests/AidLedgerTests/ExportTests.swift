import AidExtraction
import Foundation
import Testing
@testable import AidLedger

/// A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes and embedded
/// commas/line breaks. Rejects a bare LF record end and stray quotes.
struct RFC4180 {
    enum Failure: Error { case bareLF(Int), strayQuote(Int), unterminated }
    static func parse(_ text: String) throws -> [[String]] {
        let b = Array(text.utf8)
        var records: [[String]] = [], record: [String] = [], field: [UInt8] = []
        var i = 0, quoted = false, wasQuoted = false
        func endField() { record.append(String(decoding: field, as: UTF8.self)); field = []; wasQuoted = false }
        while i < b.count {
            let c = b[i]
            if quoted {
                if c == 34 {
                    if i + 1 < b.count, b[i + 1] == 34 { field.append(34); i += 2; continue }
                    quoted = false; i += 1; continue
                }
                field.append(c); i += 1; continue
            }
            switch c {
            case 34:
                guard field.isEmpty, !wasQuoted else { throw Failure.strayQuote(i) }
                quoted = true; wasQuoted = true; i += 1
            case 44: endField(); i += 1
            case 13:
                guard i + 1 < b.count, b[i + 1] == 10 else { throw Failure.bareLF(i) }
                endField(); records.append(record); record = []; i += 2
            case 10: throw Failure.bareLF(i)
            default:
                if wasQuoted { throw Failure.strayQuote(i) }
                field.append(c); i += 1
            }
        }
        if quoted { throw Failure.unterminated }
        if !field.isEmpty || !record.isEmpty { endField(); records.append(record) }
        return records
    }
}

/// A ledger whose text fields are hostile to CSV: commas, quotes, line breaks, formula starts.
func trickyLedger() throws -> Ledger {
    let ledger = try Ledger.inMemory()
    let fund = Party(name: "-Minus Fund", code: "@MF", kind: .institution)
    let item = try makeItem(title: "Aid, \"big\" and small", published: "2024-01-05", sentences: [
        "Kyiv said: \"we got $1.25, thanks\",\nthen more.",
        "=SUM(A1) is not a sentence but €3 million is real.",
    ], figures: [
        FigSpec(text: "$1.25", amount: "1.25", currency: "USD", donor: fund, mechanism: "=HYPERLINK(\"x\")",
                category: .humanitarian, status: .disbursed, hedge: "about", amountMax: "2.5"),
        FigSpec(text: "€3 million", amount: "3000000", currency: "EUR", donor: P.eu, recipient: nil, mechanism: "+plain",
                category: .financial, status: .pledged, partOf: 0),
    ], source: "tab\tsource.txt")
    _ = try ledger.write { w in try w.insert(item) }
    return ledger
}

@Suite struct ExportTests {
    @Test func csvReadsBackWithEveryValue() throws {
        let ledger = try trickyLedger()
        var text = ""
        let summary = try ledger.export(options: ExportOptions(format: .csv)) { text += $0 }
        #expect(summary.rows == 2 && summary.unconverted == 0)
        #expect(text.hasPrefix("id,published,article_title"))
        #expect(text.hasSuffix("\r\n"))
        let rows = try RFC4180.parse(text)
        #expect(rows.count == 3)
        #expect(rows[0] == Ledger.exportColumns)
        #expect(rows[0] == ["id", "published", "article_title", "source", "amount", "amount_max", "currency",
                            "approximate", "donor", "donor_code", "recipient", "recipient_code", "mechanism",
                            "category", "status", "iati_transaction_type", "part_of", "evidence", "span",
                            "sources", "first_source_date", "latest_source_date", "pledged_on", "committed_on",
                            "disbursed_on", "voided"])
        let sentence0 = "Kyiv said: \"we got $1.25, thanks\",\nthen more."
        let stored = try #require(try ledger.article(id: 1))
        let start0 = try #require(scalarOffset(of: "$1.25", in: stored.fullText))
        #expect(rows[1] == ["1", "2024-01-05", "Aid, \"big\" and small", "tab\tsource.txt", "1.25", "2.5", "USD",
                            "true", "'-Minus Fund", "'@MF", "Ukraine", "UKR", "'=HYPERLINK(\"x\")", "humanitarian",
                            "disbursed", "3", "", sentence0, "\(start0)-\(start0 + 5)",
                            "1", "2024-01-05", "2024-01-05", "", "", "2024-01-05", "false"])
        #expect(rows.allSatisfy { $0.count == Ledger.exportColumns.count })
        #expect(rows[2][4] == "3000000")
        #expect(rows[2][5] == "")
        #expect(rows[2][7] == "false")
        #expect(rows[2][10] == "" && rows[2][11] == "")
        #expect(rows[2][12] == "'+plain")
        #expect(rows[2][15] == "12")
        #expect(rows[2][16] == "1")
        #expect(rows[2][17] == "'=SUM(A1) is not a sentence but €3 million is real.")
        #expect(Array(rows[2].suffix(7)) == ["1", "2024-01-05", "2024-01-05", "2024-01-05", "", "", "false"])
    }

    @Test func csvFieldGuardAndQuoting() {
        #expect(CSVWriter.field("plain") == "plain")
        #expect(CSVWriter.field("a,b") == "\"a,b\"")
        #expect(CSVWriter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.field("=1+2") == "'=1+2")
        #expect(CSVWriter.field("-5") == "'-5")
        #expect(CSVWriter.field("@x") == "'@x")
        #expect(CSVWriter.field("\tx") == "'\tx")
        #expect(CSVWriter.field("\rx") == "\"'\rx\"")
        #expect(CSVWriter.field("=a,b") == "\"'=a,b\"")
        #expect(CSVWriter.field("") == "")
        #expect(CSVWriter.field("x=1") == "x=1")
    }

    /// The word-at-a-time scan and the bulk copy between quotes agree with a byte-by-byte
    /// reference, wherever the special byte sits (in an 8-byte word or the tail) and next to
    /// non-ASCII bytes.
    @Test func csvQuotingMatchesAByteByByteReference() {
        func reference(_ text: String) -> String {
            let b = Array(text.utf8)
            guard let first = b.first else { return "" }
            let guarded = [61, 43, 45, 64, 9, 13].contains(first)
            guard b.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else {
                return (guarded ? "'" : "") + text
            }
            var out: [UInt8] = [34] + (guarded ? [39] : [])
            for x in b { if x == 34 { out.append(34) }; out.append(x) }
            out.append(34)
            return String(decoding: out, as: UTF8.self)
        }
        let fillers = ["", "a", "abcdefg", "abcdefgh", "Kyiv received ", "Zürich – €5 ", "0123456789abcdef0123"]
        var cases: [String] = []
        for f in fillers {
            for special in ["", ",", "\"", "\n", "\r", "\"\"", ",\"x\","] {
                for g in fillers { cases.append(f + special + g) }
            }
        }
        cases.append("He said \"we pledged $5 million\", then \"more\".\"")
        for c in cases { #expect(CSVWriter.field(c) == reference(c), "\(c)") }
    }

    @Test func excelOptionAddsAByteOrderMark() throws {
        let ledger = try trickyLedger()
        var bytes: [UInt8] = []
        try ledger.export(options: ExportOptions(format: .csv, excelBOM: true)) { bytes += $0 }
        #expect(Array(bytes.prefix(5)) == [0xEF, 0xBB, 0xBF, UInt8(ascii: "i"), UInt8(ascii: "d")])
        var plain: [UInt8] = []
        try ledger.export(options: ExportOptions(format: .csv)) { plain += $0 }
        #expect(Array(plain.prefix(2)) == [UInt8(ascii: "i"), UInt8(ascii: "d")])
        #expect(Array(bytes.dropFirst(3)) == plain)
    }

    @Test func jsonlReadsBackWithTypes() throws {
        let ledger = try trickyLedger()
        var text = ""
        try ledger.export(options: ExportOptions(format: .jsonl)) { text += $0 }
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        let objects = try lines.map { line -> [String: Any] in
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(obj as? [String: Any])
        }
        let a = objects[0], b = objects[1]
        #expect(Set(a.keys) == Set(Ledger.exportColumns))
        #expect((a["id"] as? NSNumber)?.int64Value == 1)
        #expect(a["published"] as? String == "2024-01-05")
        #expect(a["article_title"] as? String == "Aid, \"big\" and small")
        #expect(a["source"] as? String == "tab\tsource.txt")
        #expect((a["amount"] as? NSNumber)?.decimalValue == dec("1.25"))
        #expect((a["amount_max"] as? NSNumber)?.decimalValue == dec("2.5"))
        #expect(a["approximate"] as? Bool == true)
        #expect(a["donor"] as? String == "-Minus Fund")          // no spreadsheet guard in JSON
        #expect(a["mechanism"] as? String == "=HYPERLINK(\"x\")")
        #expect((a["iati_transaction_type"] as? NSNumber)?.intValue == 3)
        #expect(a["part_of"] is NSNull)
        #expect(a["evidence"] as? String == "Kyiv said: \"we got $1.25, thanks\",\nthen more.")
        #expect((a["span"] as? String)?.contains("-") == true)
        #expect((b["amount"] as? NSNumber)?.int64Value == 3_000_000)
        #expect(b["amount_max"] is NSNull)
        #expect(b["approximate"] as? Bool == false)
        #expect(b["recipient"] is NSNull && b["recipient_code"] is NSNull)
        #expect((b["part_of"] as? NSNumber)?.intValue == 1)
        #expect((b["iati_transaction_type"] as? NSNumber)?.intValue == 12)
        #expect((a["sources"] as? NSNumber)?.intValue == 1)
        #expect(a["first_source_date"] as? String == "2024-01-05" && a["latest_source_date"] as? String == "2024-01-05")
        #expect(a["pledged_on"] is NSNull && a["committed_on"] is NSNull)
        #expect(a["disbursed_on"] as? String == "2024-01-05")
        #expect(a["voided"] as? Bool == false)
        #expect(b["pledged_on"] as? String == "2024-01-05" && b["disbursed_on"] is NSNull)
        // The new keys follow `span`, in column order, and end the object.
        let line = String(try #require(lines.first))
        let offsets = ["span", "sources", "first_source_date", "latest_source_date", "pledged_on", "committed_on",
                       "disbursed_on", "voided"].map { line.range(of: "\"\($0)\":")?.lowerBound }
        #expect(offsets.allSatisfy { $0 != nil })
        #expect(zip(offsets, offsets.dropFirst()).allSatisfy { ($0 ?? line.endIndex) < ($1 ?? line.startIndex) })
        #expect(line.hasSuffix(",\"voided\":false}"))
    }

    @Test func conversionAddsThreeColumns() throws {
        let ledger = try fixtureLedger()
        try ledger.importRates(csvText: fixtureRatesECB)
        var text = ""
        let s = try ledger.export(filter: FlowFilter(currency: "EUR"), options: ExportOptions(format: .csv, convertTo: "USD")) { text += $0 }
        let rows = try RFC4180.parse(text)
        #expect(rows[0] == Ledger.exportColumns + ["converted_amount", "rate", "rate_date"])
        #expect(rows.count == 4)
        #expect(Array(rows[1].suffix(3)) == ["3276300000", "1.0921", "2024-01-05"])
        #expect(Array(rows[2].suffix(3)) == ["1638150", "1.0921", "2024-01-05"])  // Sunday -> Friday
        #expect(Array(rows[3].suffix(3)) == ["", "", ""])                          // no rate near 2024-03-20
        #expect(s.rows == 3 && s.unconverted == 1)
        var json = ""
        try ledger.export(filter: FlowFilter(currency: "EUR"), options: ExportOptions(format: .jsonl, convertTo: "USD")) { json += $0 }
        let last = try #require(try JSONSerialization.jsonObject(with: Data(json.split(separator: "\n")[2].utf8)) as? [String: Any])
        #expect(last["converted_amount"] is NSNull && last["rate"] is NSNull && last["rate_date"] is NSNull)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(json.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect((first["converted_amount"] as? NSNumber)?.int64Value == 3_276_300_000)
    }

    @Test func exportStreamsInChunksAndFilters() throws {
        let ledger = try Ledger.inMemory()
        let n = 400  // each row repeats the long sentence: several 64 KB chunks
        let sentence = "Donors listed " + (0..<n).map { "$\($0 + 1)," }.joined(separator: " ") + " for Kyiv."
        var figures: [FigSpec] = []
        for i in 0..<n { figures.append(FigSpec(text: "$\(i + 1),", amount: "\(i + 1)", currency: "USD", donor: i % 2 == 0 ? P.usa : P.deu)) }
        let item = try makeItem(title: "many", published: "2024-02-02", sentences: [sentence], figures: figures)
        _ = try ledger.write { w in try w.insert(item) }
        var chunks = 0, text = ""
        let s = try ledger.export { (buf: UnsafeRawBufferPointer) in chunks += 1; text += String(decoding: buf, as: UTF8.self) }
        #expect(s.rows == n)
        #expect(chunks > 1)
        let rows = try RFC4180.parse(text)
        #expect(rows.count == n + 1)
        #expect(rows.dropFirst().map { $0[4] } == (1...n).map(String.init))
        let german = try RFC4180.parse({ var t = ""; _ = try ledger.export(filter: FlowFilter(donors: ["germany"])) { t += $0 }; return t }())
        #expect(german.count == n / 2 + 1)
        #expect(german.dropFirst().allSatisfy { $0[9] == "DEU" })
    }

    @Test func exportToAFileHandle() throws {
        try withTemporaryPath { path in
            let ledger = try trickyLedger()
            let dir = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let out = dir + "/out.csv"
            #expect(FileManager.default.createFile(atPath: out, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: out))
            try ledger.export(to: handle)
            try handle.close()
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(try RFC4180.parse(text).count == 3)
        }
    }
}
