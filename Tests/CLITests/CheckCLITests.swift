import Foundation
import Testing
import AidLedger

/// `aidledger check`: exit 0 and a summary on a sound ledger; each violation on its own line and
/// exit 1 once the database is corrupted behind the ledger's back.
@Suite(.serialized) struct CheckCLITests {
    @Test func checkPassesThenNamesTheCorruption() throws {
        let cli = try CLI()
        _ = try cli.ok(["ingest", "--rules-only", CLI.sampleArticle])
        let ok = try cli.run(["check"])
        #expect(ok.status == 0, "check failed: \(ok.stdout) \(ok.stderr)")
        #expect(ok.stdout == "ledger OK: 4 flows, 4 sources checked\n")

        do {
            let ledger = try Ledger(path: cli.db)
            try ledger.database.execute("UPDATE flows SET currency = 'XYZ' WHERE id = 1")
        }
        let bad = try cli.run(["check", "--db", cli.db])
        #expect(bad.status == 1)
        #expect(bad.stdout.split(separator: "\n") == [
            "flow #1: currency 'XYZ' is not a known ISO 4217 code",
            "ledger has 1 violation: 4 flows, 4 sources checked",
        ])
        #expect(bad.stderr == "")
    }
}
