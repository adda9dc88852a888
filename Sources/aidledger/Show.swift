import ArgumentParser
import Foundation
import AidLedger

/// `aidledger show ID`: one flow with every field, its evidence, article, parent and parts.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one flow in full, with its evidence sentences.")

    @Argument(help: "Flow id, as `list` prints it.")
    var id: Int64
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        guard let detail = try ledger.flow(id: id) else { throw CLIError("no flow #\(id) in \(ledger.path)") }
        let f = detail.flow
        let out = OutputSink()
        defer { out.flush() }
        func field(_ name: String, _ value: String?) {
            out.line(name.padding(toLength: 12, withPad: " ", startingAt: 0) + (value ?? "—"))
        }
        var amount = displayAmount(f.amount) + (f.amountMax.map { " to " + displayAmount($0) } ?? "") + " " + f.currency
        if let hedge = f.hedge { amount += "  (\(hedge))" } else if f.approximate { amount += "  (approximate)" }
        out.line("flow #\(f.id)")
        field("amount", amount)
        field("as written", f.surface)
        field("donor", f.donor.map { "\($0) (\(f.donorCode ?? ""))" })
        field("recipient", f.recipient.map { "\($0) (\(f.recipientCode ?? ""))" })
        field("mechanism", f.mechanism)
        field("category", f.category)
        field("status", f.status + (f.iatiTransactionType.map { " (IATI transaction type \($0))" } ?? ""))
        field("article", "#\(detail.article.id) \(detail.article.title ?? detail.article.source)")
        field("published", detail.article.published ?? "undated")
        field("source", detail.article.source)
        if let url = detail.article.url { field("url", url) }
        if let parent = detail.parent {
            field("part of", "#\(parent.id) \(displayAmount(parent.amount)) \(parent.currency) \(parent.mechanism ?? "")")
        }
        for part in detail.parts {
            field("part", "#\(part.id) \(displayAmount(part.amount)) \(part.currency) \(part.mechanism ?? "")")
        }
        out.line("evidence:")
        for e in detail.evidence {
            out.line("  [\(e.start)-\(e.end)]\(e.isPrimary ? "" : " (also)") \(e.marked(open: "»", close: "«"))")
        }
    }
}
