import ArgumentParser
import Foundation
import AidLedger

/// Who makes a correction: `--author`, else `$USER`, else the name of the user id.
struct AuthorOptions: ParsableArguments {
    @Option(help: "Who makes the change, for the history (default: $USER, else the user id's name).")
    var author: String?
    @Option(help: "Why (kept in the history; required).")
    var reason: String

    var who: String {
        if let a = author, !a.isEmpty { return a }
        if let u = ProcessInfo.processInfo.environment["USER"], !u.isEmpty { return u }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }
}

/// Runs a correction, turning the ledger's refusal into the CLI's one-line error.
func correcting<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as LedgerError { throw CLIError(e.description) }
}

/// `aidledger amend ID`: corrects a flow's fields; the correction survives every re-ingest.
struct Amend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Correct a flow's fields (kept through every re-ingest and reextract, recorded in the history).")
    @Argument(help: "Flow id.") var id: Int64
    @Option(help: "Donor (party name or code; \"\" clears).") var donor: String?
    @Option(help: "Recipient (party name or code; \"\" clears).") var recipient: String?
    @Option(help: "Exact amount in major units (e.g. 1500000.50).") var amount: String?
    @Option(help: "Currency (ISO 4217 code).") var currency: String?
    @Option(help: "Status: pledged, committed or disbursed.") var status: String?
    @Option(help: "Category: military, financial, humanitarian, development or other.") var category: String?
    @Option(help: "Mechanism (\"\" clears).") var mechanism: String?
    @OptionGroup var who: AuthorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        let a = FlowAmendment(donor: donor, recipient: recipient, amount: amount, currency: currency, status: status,
                              category: category, mechanism: mechanism)
        let flow = try correcting { try ledger.amend(id, a, reason: who.reason, author: who.who) }
        print("amended    flow #\(flow)")
    }
}

/// `aidledger void ID`: takes a flow out of every total, keeping it listed.
struct VoidFlow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void",
        abstract: "Void a flow: kept and exported (marked), counted in no total, through every re-ingest.")
    @Argument(help: "Flow id.") var id: Int64
    @OptionGroup var who: AuthorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        try correcting { try ledger.void(id, reason: who.reason, author: who.who) }
        print("voided     flow #\(id)")
    }
}

/// `aidledger merge ID ID…`: one flow from several; the lowest id survives.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge flows that are one real flow (the lowest id survives; the others' ids point to it).")
    @Argument(help: "Two or more flow ids.") var ids: [Int64]
    @Flag(help: "Merge flows in different currencies too.") var force = false
    @OptionGroup var who: AuthorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        let survivor = try correcting { try ledger.merge(ids, reason: who.reason, author: who.who, force: force) }
        let others = Set(ids).subtracting([survivor]).sorted().map { "#\($0)" }.joined(separator: ", ")
        print("merged     \(others) into flow #\(survivor)")
    }
}

/// `aidledger split ID --article N`: one article's evidence becomes a flow of its own.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split one article's evidence out of a flow into a flow of its own (never merged back automatically).")
    @Argument(help: "Flow id.") var id: Int64
    @Option(help: "The article (id, as `show` lists its sources) whose evidence leaves the flow.") var article: Int64
    @OptionGroup var who: AuthorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        let new = try correcting { try ledger.split(id, article: article, reason: who.reason, author: who.who) }
        print("split      article #\(article) out of flow #\(id) into flow #\(new)")
    }
}

/// `aidledger history [ID]`: the audit trail.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the history of changes (corrections and automatic merges), of one flow or all.")
    @Argument(help: "Flow id (default: every flow).") var id: Int64?
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        let entries = try ledger.history(flowID: id)
        let out = OutputSink()
        defer { out.flush() }
        if entries.isEmpty { out.line(id.map { "no history for flow #\($0)" } ?? "no history"); return }
        for e in entries {
            let other = e.other.map { " (#\($0))" } ?? ""
            out.line("\(e.at)  flow #\(e.flowID)  \(e.action)\(other)  by \(e.author): \(e.reason)")
            if let b = e.before { out.line("    before \(b)") }
            if let a = e.after { out.line("    after  \(a)") }
        }
    }
}
