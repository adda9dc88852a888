import Foundation
import Testing
import AidLedger

/// Issue 11 end to end through the binary: three articles that report one package make one flow;
/// corrections round-trip through export and history and survive re-ingest and reextract.
@Suite(.serialized) struct FlowsCLITests {
    static let articles: [(String, String)] = [
        ("announce.txt", "---\npublished: 2025-04-01\ntitle: Pledge\nsource: Wire\n---\nCanada will provide C$80 million in humanitarian aid to Haiti, Ottawa said on Tuesday.\n"),
        ("report.txt", "---\npublished: 2025-04-03\ntitle: Report\nsource: Paper\n---\nCanada has pledged C$80 million in humanitarian aid to Haiti, officials confirmed.\n"),
        ("delivered.txt", "---\npublished: 2025-08-20\ntitle: Delivered\nsource: Ministry\n---\nCanada has disbursed C$80 million in humanitarian aid to Haiti, the ministry said.\n"),
        ("other.txt", "---\npublished: 2025-04-05\ntitle: Other\nsource: Wire\n---\nIreland will provide €15 million in humanitarian aid to Haiti, Dublin said.\n"),
    ]

    func exportRows(_ cli: CLI, _ extra: [String] = []) throws -> [[String: String]] {
        let csv = parseCSV(try cli.ok(["export"] + extra))
        guard let header = csv.first else { return [] }
        return csv.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func threeReportsMakeOneFlowAndCorrectionsHold() throws {
        let cli = try CLI()
        var paths: [String] = []
        for (name, text) in Self.articles { paths.append(try cli.write(name, text)) }
        let out = try cli.ok(["ingest"] + paths)
        let merged = out.split(separator: "\n").filter { $0.hasPrefix("merged") }
        #expect(merged.count == 2)
        #expect(merged.first?.hasSuffix("figure 80000000 CAD into flow #1") == true, "\(out)")
        var rows = try exportRows(cli)
        #expect(rows.count == 2)
        let cad = try #require(rows.first { $0["currency"] == "CAD" })
        #expect(cad["sources"] == "3")
        #expect(cad["status"] == "disbursed")
        #expect(cad["pledged_on"] == "2025-04-01")
        #expect(cad["disbursed_on"] == "2025-08-20")
        #expect(cad["published"] == "2025-08-20")
        #expect(cad["voided"] == "false")
        let totals = try cli.ok(["totals", "--by", "donor", "--format", "csv"])
        #expect(totals.contains("Canada,CAD,disbursed,80000000,1,0"))
        let early = try cli.ok(["totals", "--by", "donor", "--format", "csv", "--as-of", "2025-05-01"])
        #expect(early.contains("Canada,CAD,pledged,80000000,1,0"))
        #expect(try cli.ok(["show", "1"]).contains("sources (3 articles):"))

        // corrections
        _ = try cli.ok(["amend", "1", "--amount", "75000000", "--mechanism", "Haiti Humanitarian Fund",
                        "--reason", "the ministry's figure", "--author", "tester"])
        _ = try cli.ok(["void", "2", "--reason", "a duplicate of another record", "--author", "tester"])
        func checkCorrections(_ note: Comment) throws {
            let rows = try exportRows(cli)
            let one = rows.first { $0["id"] == "1" }
            #expect(one?["amount"] == "75000000", note)
            #expect(one?["mechanism"] == "Haiti Humanitarian Fund", note)
            #expect(rows.first { $0["id"] == "2" }?["voided"] == "true", note)
            #expect(!(try cli.ok(["totals", "--format", "csv"])).contains("EUR"), note)
        }
        try checkCorrections("after amend and void")
        _ = try cli.ok(["ingest"] + paths)
        try checkCorrections("after re-ingest")
        _ = try cli.ok(["reextract"])
        try checkCorrections("after reextract")
        let history = try cli.ok(["history", "1"])
        #expect(history.contains("amend  by tester: the ministry's figure"))
        #expect(history.contains("\"amount\":\"75000000\""))
        #expect(history.contains("merge  by aidledger"))

        // split the delivery out, then merge it back by hand
        let delivered = try cli.ok(["list", "--articles"]).split(separator: "\n").first { $0.contains("Delivered") }
        let articleID = try #require(delivered?.split(separator: " ").first.map(String.init))
        let split = try cli.ok(["split", "1", "--article", articleID, "--reason", "a second tranche"])
        #expect(split.contains("into flow #3"))
        _ = try cli.ok(["reextract"])
        rows = try exportRows(cli)
        #expect(rows.map { $0["id"] ?? "" } == ["1", "2", "3"], "a split holds through reextract")
        _ = try cli.ok(["merge", "3", "1", "--reason", "one package after all"])
        #expect(try exportRows(cli).map { $0["id"] ?? "" } == ["1", "2"])
        #expect(try cli.ok(["show", "3"]).hasPrefix("flow #3 was merged into flow #1"))
        let refused = try cli.run(["amend", "3", "--category", "other", "--reason", "x"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: flow #3 was merged into flow #1; use #1\n")
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test func noMergeKeepsEveryFigure() throws {
        let cli = try CLI()
        var paths: [String] = []
        for (name, text) in Self.articles { paths.append(try cli.write(name, text)) }
        let out = try cli.ok(["ingest", "--no-merge"] + paths)
        #expect(!out.contains("merged"))
        #expect(try exportRows(cli).count == 4)
        let narrow = try CLI()
        var p2: [String] = []
        for (name, text) in Self.articles { p2.append(try narrow.write(name, text)) }
        _ = try narrow.ok(["ingest", "--merge-window", "30"] + p2)
        #expect(try exportRows(narrow).count == 3, "the delivery, 139 days later, stays apart")
    }
}
