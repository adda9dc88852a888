import ArgumentParser

struct Totals: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet)")
    func run() throws { throw CLIError("not implemented yet") }
}
