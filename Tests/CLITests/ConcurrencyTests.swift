import AidLedger
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several aidledger processes on one ledger (WAL): writers queue for the write lock and lose
/// nothing; readers never wait for a writer and see the ledger as it was before it.
@Suite struct ConcurrencyTests {
    /// Two article sets that never report the same flow (different donors, amount ranges).
    static func twoSets(_ cli: CLI) throws -> (a: String, b: String) {
        let a = try GeneratedCorpus.write(into: cli.workdir.appendingPathComponent("set-a"), count: 80, prefix: "a",
                                          donors: ["Germany", "France", "Japan"], firstAmount: 10)
        let b = try GeneratedCorpus.write(into: cli.workdir.appendingPathComponent("set-b"), count: 80, prefix: "b",
                                          donors: ["Norway", "Sweden", "Canada"], firstAmount: 5000, step: 20)
        return (a, b)
    }

    /// Waits until another connection holds the ledger's write lock (false after `timeout`).
    static func waitForWriteLock(_ path: String, while process: Process, timeout: TimeInterval = 60) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && process.isRunning {
            if FileManager.default.fileExists(atPath: path) {
                let probe = try Database(path: path, busyTimeoutMilliseconds: 0)
                do {
                    try probe.execute("BEGIN IMMEDIATE")
                    try probe.execute("ROLLBACK")
                } catch let e as SQLiteError where e.code == 5 {  // SQLITE_BUSY
                    return true
                }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    /// Two ingests started at once on one ledger, while a third connection holds the write lock
    /// for longer than their busy timeout: both wait (ingest waits for as long as the lock is
    /// held), both succeed, and the ledger holds what running them one after the other gives.
    @Test func twoIngestsAtOnceBothSucceedAndLoseNothing() throws {
        let cli = try CLI()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        let (a, b) = try Self.twoSets(cli)

        let sequential = cli.workdir.appendingPathComponent("sequential.sqlite").path
        _ = try cli.ok(["ingest", "--quiet", "--rules-only", "--db", sequential, a])
        _ = try cli.ok(["ingest", "--quiet", "--rules-only", "--db", sequential, b])
        let expectedCheck = try cli.ok(["check", "--db", sequential])
        let expectedTotals = try cli.ok(["totals", "--db", sequential])
        #expect(expectedCheck.hasPrefix("ledger OK: "))

        _ = try cli.ok(["list"])  // creates and migrates the shared ledger
        let holder = try Database(path: cli.db)
        try holder.execute("BEGIN IMMEDIATE")
        let quick = ["AIDLEDGER_BUSY_TIMEOUT_MS": "100"]
        let errA = Pipe(), errB = Pipe()
        let first = try cli.launch(["ingest", "--quiet", "--rules-only", a], environment: quick, stderr: errA)
        let second = try cli.launch(["ingest", "--quiet", "--rules-only", b], environment: quick, stderr: errB)
        Thread.sleep(forTimeInterval: 1.5)  // fifteen busy timeouts
        #expect(first.isRunning && second.isRunning, "an ingest gave up while another connection held the lock")
        try holder.execute("COMMIT")
        let stderrA = String(decoding: errA.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderrB = String(decoding: errB.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0, "first ingest: \(stderrA)")
        #expect(second.terminationStatus == 0, "second ingest: \(stderrB)")

        #expect(try cli.ok(["check"]) == expectedCheck)
        #expect(try cli.ok(["totals"]) == expectedTotals)
        #expect(try cli.ok(["list", "--articles"]).split(separator: "\n").count
                == (try cli.ok(["list", "--articles", "--db", sequential])).split(separator: "\n").count)
    }

    /// A reader during a long ingest sees the ledger as before it, at once (no "database is
    /// locked"); after the commit it sees everything. The ingest is kept open by its last
    /// input, stdin, which the test writes only after the readers have run.
    @Test func readersDuringAnIngestSeeTheLedgerAsBefore() throws {
        let cli = try CLI()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        let a = try GeneratedCorpus.write(into: cli.workdir.appendingPathComponent("set-a"), count: 40, prefix: "a",
                                          donors: ["Germany", "France", "Japan"], firstAmount: 10)
        _ = try cli.ok(["ingest", "--quiet", "--rules-only", a])
        let reads: [[String]] = [["totals"], ["list"], ["export", "--format", "csv"], ["check"]]
        let before = try reads.map { try cli.ok($0) }

        // More than one batch of files before stdin, so rows are written while it waits.
        let big = try GeneratedCorpus.write(into: cli.workdir.appendingPathComponent("set-c"), count: 300, prefix: "c",
                                            donors: ["Norway", "Sweden", "Canada"], firstAmount: 5000, step: 20)
        let input = Pipe(), errors = Pipe()
        let ingest = try cli.launch(["ingest", "--quiet", "--rules-only", big, "-"], stdin: input, stderr: errors)
        let locked = try Self.waitForWriteLock(cli.db, while: ingest)
        #expect(locked, "the ingest never held the write lock")
        let noWait = ["AIDLEDGER_BUSY_TIMEOUT_MS": "0"]
        for (args, expected) in zip(reads, before) {
            let r = try cli.run(args, environment: noWait)
            #expect(r.status == 0, "\(args.joined(separator: " ")) during the ingest: \(r.stderr)")
            #expect(r.stdout == expected, "\(args.joined(separator: " ")) saw the ingest's uncommitted rows")
        }
        #expect(ingest.isRunning, "the ingest ended before the readers ran")

        input.fileHandleForWriting.write(Data("Denmark gave $3 million to Chad for flood relief.\n".utf8))
        try input.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ingest.waitUntilExit()
        #expect(ingest.terminationStatus == 0, "ingest: \(stderr)")
        let after = try cli.ok(["totals"])
        #expect(after != before[0])
        #expect(after.contains("Norway"))
        #expect(try cli.ok(["check"]).hasPrefix("ledger OK: "))
    }
}
