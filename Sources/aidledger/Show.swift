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
        let out = OutputSink()
        defer { out.flush() }
        var shown = id
        switch try ledger.locate(id) {
        case .live: break
        case let .merged(_, into, at, reason):
            out.line("flow #\(id) was merged into flow #\(into) on \(at.prefix(10)): \(reason)")
            out.line("")
            shown = into
        case let .removed(_, at, reason):
            out.line("flow #\(id) was removed on \(at.prefix(10)): \(reason)")
            return
        case .unknown:
            throw CLIError("no flow #\(id) in \(ledger.path)")
        }
        guard let detail = try ledger.flow(id: shown) else { throw CLIError("no flow #\(id) in \(ledger.path)") }
        let f = detail.flow
        func field(_ name: String, _ value: String?) {
            out.line(name.padding(toLength: 12, withPad: " ", startingAt: 0) + (value ?? "—"))
        }
        var amount = displayAmount(f.amount) + (f.amountMax.map { " to " + displayAmount($0) } ?? "") + " " + f.currency
        if let hedge = f.hedge { amount += "  (\(hedge))" } else if f.approximate { amount += "  (approximate)" }
        out.line("flow #\(f.id)" + (try ledger.isVoided(f.id) ? "  (voided: counted in no total)" : ""))
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
        let corrections = try ledger.corrections(ofFlow: f.id)
        if !corrections.isEmpty {
            field("corrected", corrections.map { "\($0.field) = \($0.value ?? "(cleared)")" }.joined(separator: ", "))
        }
        let sources = try ledger.sources(ofFlow: f.id)
        out.line("sources (\(Set(sources.map(\.articleID)).count) article\(Set(sources.map(\.articleID)).count == 1 ? "" : "s")):")
        for s in sources {
            out.line("  #\(s.articleID)  \(s.published ?? "undated")  \(s.stage.padding(toLength: 9, withPad: " ", startingAt: 0))  "
                     + "\(s.surface)  \(s.articleTitle ?? s.articleSource)\(s.lost ? "  (no longer found by extraction; kept for the corrections)" : "")")
            out.line("      \(s.sentence)")
        }
        out.line("evidence:")
        for e in detail.evidence {
            out.line("  #\(e.articleID) [\(e.start)-\(e.end)]\(e.isPrimary ? "" : " (also)") \(e.marked(open: "»", close: "«"))")
        }
    }
}
