import ArgumentParser
import Foundation
import AidLedger

/// `aidledger list`: the ledger rows, with their evidence sentence.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List ledger rows (flows) with their evidence.")

    @Flag(help: "List the stored articles instead of flows.")
    var articles = false
    @Option(help: "Shorten evidence sentences to this many characters (0: full).")
    var width: Int = 60
    @OptionGroup var filters: FilterOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        let out = OutputSink()
        defer { out.flush() }
        if articles {
            let rows = try ledger.articles().map { a in
                [String(a.id), a.published ?? "undated", String(a.figures), (a.title ?? "").shortened(to: 50), a.source]
            }
            out.line(renderTable(header: ["article", "published", "figures", "title", "source"], rows: rows, rightAligned: [0, 2]))
            return
        }
        let flows = try ledger.flows(filter: filters.filter)
        let rows = flows.map { f -> [String] in
            var amount = displayAmount(f.amount)
            if let max = f.amountMax { amount += "–" + displayAmount(max) }
            if f.approximate { amount = "~" + amount }
            let evidence = width > 0 ? f.sentence.shortened(to: width) : f.sentence
            // A voided flow keeps its row (and its status), marked: it is never counted in totals.
            let status = f.voided ? f.status + " (voided)" : f.status
            return [String(f.id), String(f.articleID), f.published ?? "undated", amount, f.currency, f.donor ?? "", f.recipient ?? "",
                    (f.mechanism ?? "").shortened(to: 30), f.category, status, String(f.sources),
                    f.partOf.map { "#\($0)" } ?? "", evidence]
        }
        // `sources`: distinct articles reporting the flow; `article` and the evidence are its booking source's.
        out.line(renderTable(header: ["id", "article", "date", "amount", "cur", "donor", "recipient", "mechanism", "category", "status",
                                      "sources", "part of", "evidence"],
                             rows: rows, rightAligned: [0, 1, 3, 10]))
        let voided = flows.lazy.filter(\.voided).count
        out.line("\(flows.count) flow\(flows.count == 1 ? "" : "s")"
                 + (voided > 0 ? ", \(voided) voided (listed, never counted)" : "")
                 + " (~ marks hedged figures; sources: articles reporting a flow; `aidledger show ID` prints one in full)")
    }
}
