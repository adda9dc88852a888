import Foundation
import Testing
import AidLedger

/// RFC 4180 reader used to check what `export` writes (CRLF records, quoted fields, doubled quotes).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var inQuotes = false
    var chars = Array(text.unicodeScalars)[...]
    if chars.first == "\u{FEFF}" { chars = chars.dropFirst() }
    var i = chars.startIndex
    while i < chars.endIndex {
        let c = chars[i]
        if inQuotes {
            if c == "\"" {
                if i + 1 < chars.endIndex, chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { inQuotes = false }
            } else { field.unicodeScalars.append(c) }
        } else if c == "\"" { inQuotes = true
        } else if c == "," { row.append(field); field = ""
        } else if c == "\r", i + 1 < chars.endIndex, chars[i + 1] == "\n" {
            row.append(field); rows.append(row); row = []; field = ""; i += 1
        } else { field.unicodeScalars.append(c) }
        i += 1
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite(.serialized) struct EndToEndTests {
    /// The reference sample's four figures, as the skeleton issue tabulates them.
    static let sampleRows: [(amount: String, currency: String, approx: String, donor: String, recipient: String,
                             category: String, status: String)] = [
        ("500000000", "USD", "false", "United States", "Ukraine", "military", "committed"),
        ("2000000000", "USD", "false", "", "Ukraine", "military", "pledged"),
        ("50000000000", "USD", "true", "G7", "Ukraine", "financial", "pledged"),
        ("3000000000", "EUR", "false", "European Union", "Ukraine", "financial", "disbursed"),
    ]

    @Test func ingestTwiceAddsNothingAndExportsEveryValue() throws {
        let cli = try CLI()
        // the rules' reading of the sample (its values are checked by hand); this test is about the ledger
        let first = try cli.ok(["ingest", "--rules-only", CLI.sampleArticle])
        #expect(first.contains("ingested 1 article (4 figures)"))
        let second = try cli.ok(["ingest", "--rules-only", CLI.sampleArticle])
        #expect(second.contains("ingested 0 articles (0 figures), 1 already present"))

        let csv = parseCSV(try cli.ok(["export", "--format", "csv"]))
        let header = try #require(csv.first)
        #expect(header == ["id", "published", "article_title", "source", "amount", "amount_max", "currency", "approximate",
                           "donor", "donor_code", "recipient", "recipient_code", "mechanism", "category", "status",
                           "iati_transaction_type", "part_of", "evidence", "span", "sources", "first_source_date",
                           "latest_source_date", "pledged_on", "committed_on", "disbursed_on", "voided"])
        let rows = csv.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        #expect(rows.count == 4)
        for (row, want) in zip(rows, Self.sampleRows) {
            #expect(row["amount"] == want.amount)
            #expect(row["currency"] == want.currency)
            #expect(row["approximate"] == want.approx)
            #expect(row["donor"] == want.donor)
            #expect(row["recipient"] == want.recipient)
            #expect(row["recipient_code"] == "UKR")
            #expect(row["category"] == want.category)
            #expect(row["status"] == want.status)
            #expect(row["published"] == "2025-01-10")
            #expect(row["amount_max"] == "")
            #expect(row["iati_transaction_type"] == ["pledged": "12", "committed": "2", "disbursed": "3"][want.status])
            let span = (row["span"] ?? "").split(separator: "-").compactMap { Int($0) }
            #expect(span.count == 2)
            // The span points at the figure in the file, counted in code points.
            let text = try String(contentsOfFile: CLI.sampleArticle, encoding: .utf8)
            let scalars = Array(text.unicodeScalars)
            if span.count == 2, span[0] < span[1], span[1] <= scalars.count {
                var figure = String.UnicodeScalarView(); figure.append(contentsOf: scalars[span[0]..<span[1]])
                #expect(String(figure).contains(want.currency == "EUR" ? "Euros" : "$"))
            }
            #expect(!(row["evidence"] ?? "").isEmpty)
        }
        #expect(rows.first?["donor_code"] == "USA")
        #expect(rows.first?["mechanism"]?.contains("armament package") == true)
        #expect(rows[3]["part_of"] == rows[2]["id"], "the EU's three billion is a tranche of the ERA loans")
    }

    @Test func totalsNeverMixCurrenciesOrStatuses() throws {
        let cli = try CLI()
        _ = try cli.ok(["ingest", "--rules-only", CLI.sampleArticle])
        let json = try jsonObject(try cli.ok(["totals", "--by", "donor", "--format", "json"]))
        #expect(json["group_by"] as? [String] == ["donor", "currency", "status"])
        let rows = try #require(json["rows"] as? [[String: Any]])
        func amount(_ donor: String, _ currency: String, _ status: String) -> String? {
            rows.first { $0["donor"] as? String == donor && $0["currency"] as? String == currency && $0["status"] as? String == status }
                .map { "\($0["amount"] ?? "")" }
        }
        #expect(amount("United States", "USD", "committed") == "500000000")
        #expect(amount("G7", "USD", "pledged") == "50000000000")
        #expect(amount("European Union", "EUR", "disbursed") == "3000000000")
        #expect(amount("(unnamed)", "USD", "pledged") == "2000000000")
        #expect(rows.count == 4)

        let table = try cli.ok(["totals", "--by", "mechanism"])
        #expect(table.contains("500,000,000.00"))
        #expect(table.contains("currency"))
    }

    @Test func eurDisbursementsToUkraineInDollarsNameTheirRates() throws {
        let cli = try CLI()
        _ = try cli.ok(["ingest", "--rules-only", CLI.sampleArticle])
        // 2025-01-10 is a Friday; an ECB-style file (units per EUR) with a missing value.
        let rates = try cli.write("rates.csv", "Date,USD,JPY,GBP,\r\n2025-01-10,1.0304,162.50,N/A,\r\n2025-01-09,1.0305,163.01,0.83,\r\n")
        #expect(try cli.ok(["rates", "import", rates]).contains("imported 5 rates"))
        let out = try cli.ok(["totals", "--by", "donor", "--donor", "EU", "--recipient", "Ukraine", "--status", "disbursed", "--in", "USD"])
        #expect(out.contains("converted to USD"))
        #expect(out.contains("3,091,200,000.00"), "3e9 EUR × 1.0304")
        #expect(out.contains("2025-01-10"))
    }

    @Test func badInputNamesTheFileAndLeavesTheLedgerAsItWas() throws {
        let cli = try CLI()
        _ = try cli.ok(["ingest", "--rules-only", CLI.sampleArticle])
        let good = try cli.write("batch/a-good.txt", "Germany pledged €100 million in humanitarian aid to Sudan on Monday.\n")
        try cli.write("batch/b-bad.txt", "---\npublished: yesterday\n---\nJapan gave $5 million.\n")
        let r = try cli.run(["ingest", cli.workdir.appendingPathComponent("batch").path])
        #expect(r.status != 0)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("error: ") == true)
        #expect(r.stderr.contains("b-bad.txt"))
        #expect(r.stderr.contains("published"))
        #expect(try cli.ok(["list", "--articles"]).split(separator: "\n").count == 3, "header, rule, the sample only")

        let missing = try cli.run(["ingest", good, cli.workdir.appendingPathComponent("nope.txt").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.txt"))

        let binary = cli.workdir.appendingPathComponent("bin.txt")
        try Data([0x66, 0xFF, 0xFE, 0x00, 0x41]).write(to: binary)
        let bad = try cli.run(["ingest", binary.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.hasPrefix("error: ") && bad.stderr.contains("bin.txt"))
        #expect(try cli.ok(["list", "--articles"]).split(separator: "\n").count == 3)
    }

    @Test func sameBodyWithNewFrontMatterIsNotCountedTwice() throws {
        let cli = try CLI()
        let body = "Canada will provide C$25 million in humanitarian aid to Haiti, Ottawa said on Monday.\n"
        let plain = try cli.write("plain.txt", body)
        let dated = try cli.write("dated.txt", "---\npublished: 2024-06-03\ntitle: Canada aid\n---\n" + body)
        #expect(try cli.ok(["ingest", plain]).contains("ingested 1 article (1 figure)"))
        #expect(try cli.ok(["ingest", dated]).contains("ingested 0 articles (0 figures), 1 already present"))
        let csv = parseCSV(try cli.ok(["export"]))
        #expect(csv.count == 2, "header and one flow")
    }

    @Test func stdinWithCommandLineMetadataAndReextract() throws {
        let cli = try CLI()
        let out = try cli.ok(["ingest", "-", "--published", "2024-03-05", "--source", "wire", "--title", "T"],
                             stdin: "Norway will provide NOK 2 billion in humanitarian aid to Gaza.\n")
        #expect(out.contains("ingested 1 article"))
        let articles = try cli.ok(["list", "--articles"])
        #expect(articles.contains("2024-03-05"))
        #expect(articles.contains("wire"))
        let re = try cli.ok(["reextract"])
        #expect(re.contains("re-extracted 1 article"))
        #expect(re.contains("0 changed"))
    }

    @Test func userAliasesReachExtraction() throws {
        let cli = try CLI()
        let article = try cli.write("sida.txt", "Sida approved a grant of SEK 50 million for Ukraine's energy sector.\n")
        let plain = try cli.ok(["extract", "--format", "jsonl", article])
        #expect(!plain.contains("\"donor\": \"Sweden\""))
        try cli.write("config/aidledger/aliases.tsv", "# alias\tcode\nSida\tSWE\n")
        let aliased = try cli.ok(["extract", "--format", "jsonl", article])
        #expect(aliased.contains("\"donor\": \"Sweden\""))
        try cli.write("broken.tsv", "Sida SWE\n")
        let r = try cli.run(["extract", "--aliases", cli.workdir.appendingPathComponent("broken.tsv").path, article])
        #expect(r.status != 0 && r.stderr.contains("line 1"))
    }

    @Test func extractJSONLinesFollowTheEvaluationSchema() throws {
        let cli = try CLI()
        let lines = try cli.ok(["extract", "--format", "jsonl", CLI.sampleArticle]).split(separator: "\n")
        #expect(lines.count == 4)
        for (line, want) in zip(lines, Self.sampleRows) {
            let o = try jsonObject(String(line))
            #expect(o["amount"] as? String == want.amount)
            #expect(o["currency"] as? String == want.currency)
            #expect("\(o["approximate"] ?? "")" == (want.approx == "true" ? "1" : "0"))
            for key in ["file", "text", "start", "end", "amount_max", "donor", "recipient", "category", "mechanism", "status", "sentence"] {
                #expect(o.keys.contains(key), "missing \(key)")
            }
        }
    }

    @Test func worksFromAnyDirectoryWithoutBuildResources() throws {
        let cli = try CLI()
        _ = try cli.ok(["ingest", "--rules-only", CLI.sampleArticle])
        let r = try cli.run(["totals", "--db", cli.db, "--by", "donor"], cwd: URL(fileURLWithPath: "/"))
        #expect(r.status == 0)
        #expect(r.stdout.contains("European Union"))
    }

    @Test func newerSchemaIsRefusedWithAClearError() throws {
        let cli = try CLI()
        _ = try cli.ok(["list"])
        // A future aidledger recorded a migration this binary does not know.
        try Ledger(path: cli.db).database.execute(
            "INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'future', '2030-01-01T00:00:00Z')")
        let r = try cli.run(["list"])
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stderr.contains("newer"))
    }

    @Test func argumentErrorsExitNonZero() throws {
        let cli = try CLI()
        let r = try cli.run(["totals", "--by", "colour"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("colour"))
        let since = try cli.run(["totals", "--since", "last week"])
        #expect(since.status != 0)
    }
}
