import AidLedger
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Articles written from templates: a few sentences each, every one with money in it, so a run
/// over a folder of them is long enough to be killed in the middle of its transaction.
enum GeneratedCorpus {
    static let recipients = ["Ukraine", "Sudan", "Moldova", "Jordan", "Haiti"]
    static let purposes = ["a humanitarian fund", "budget support", "an air defence package",
                           "a food aid programme", "a reconstruction grant"]

    /// Writes `count` articles named `prefix000.txt`… into `folder` and returns the folder's path.
    /// Donors come from `donors`; amounts are `firstAmount + step·i` million (sets written with
    /// different donors and amount ranges never report the same flow).
    @discardableResult
    static func write(into folder: URL, count: Int, prefix: String = "article",
                      donors: [String] = ["Germany", "France", "Japan", "Canada", "Norway", "Sweden"],
                      firstAmount: Int = 10, step: Int = 1) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for i in 0..<count {
            let donor = donors[i % donors.count]
            let recipient = recipients[(i / 3) % recipients.count]
            let purpose = purposes[(i / 7) % purposes.count]
            let amount = firstAmount + step * i
            let text = """
                ---
                published: 2024-\(pad(1 + i % 12))-\(pad(1 + i % 28))
                title: \(donor) aid, report \(prefix) \(i)
                source: generated
                ---
                \(donor) pledged $\(amount) million to \(recipient) for \(purpose), officials said on Monday.
                A spokesperson said \(donor) had already disbursed €\(amount + 3) million to \(recipient) last year. \
                Aid groups welcomed the news.

                """
            let name = "\(prefix)\(String(repeating: "0", count: max(0, 3 - String(i).count)))\(i).txt"
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder.path
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension CLI {
    /// Starts `aidledger args…` in the background on this test's ledger (or `db`); output is
    /// discarded unless pipes are given. The caller waits for it (or kills it).
    func launch(_ args: [String], db: String? = nil, environment: [String: String] = [:],
                stdin: Pipe? = nil, stdout: Pipe? = nil, stderr: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = args
        process.currentDirectoryURL = workdir
        var env = ProcessInfo.processInfo.environment
        env["AIDLEDGER_DB"] = db ?? self.db
        env["XDG_CONFIG_HOME"] = workdir.appendingPathComponent("config").path
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = stdin ?? FileHandle.nullDevice
        process.standardOutput = stdout ?? FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `aidledger args…` on another ledger file (`--db` would also do; this keeps the
    /// environment variable the harness uses).
    func run(_ args: [String], db: String, environment: [String: String] = [:]) throws -> Result {
        var env = environment
        env["AIDLEDGER_DB"] = db
        return try run(args, environment: env)
    }
}

/// `ingest` killed with SIGKILL at random points, many times, on one ledger: after every kill
/// `aidledger check` passes and the ledger is either as it was (empty) or holds the whole run
/// (the kill came after the commit); a final ingest then reaches exactly the rows of a clean run.
@Suite struct CrashSafetyTests {
    @Test func ingestKilledAtRandomPointsLosesNothingAndCorruptsNothing() throws {
        let cli = try CLI()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        let corpus = try GeneratedCorpus.write(into: cli.workdir.appendingPathComponent("corpus"), count: 200)

        // The clean run, into a fresh ledger: its export is what every later state is compared with.
        let clean = cli.workdir.appendingPathComponent("clean.sqlite").path
        let started = Date()
        let first = try cli.run(["ingest", "--quiet", corpus], db: clean)
        let duration = Date().timeIntervalSince(started)
        try #require(first.status == 0, "clean ingest failed: \(first.stderr)")
        let expected = try cli.run(["export", "--format", "csv"], db: clean).stdout
        guard let newline = expected.firstIndex(where: { $0.isNewline }) else {
            Issue.record("export printed no line: \(expected)")
            return
        }
        let header = String(expected[...newline])  // an empty ledger exports this line only
        try #require(expected.count > header.count + 1000, "the clean run stored too little: \(expected.prefix(300))")

        var generator = SystemRandomNumberGenerator()
        let kills = 15
        var completed = 0
        var window = duration  // the shortest time a run is known to take (shrinks, below)
        var k = 0
        // at least `kills` runs, and more (up to 40) until 5 kills have landed before the commit
        while k < kills || (k - completed < 5 && k < 40) {
            defer { k += 1 }
            // the clean run's time may be longer than a loaded machine's next run or shorter: kill
            // within the first 90 % of the shortest run seen
            let delay = Double.random(in: 0...(window * 0.9), using: &generator)
            let process = try cli.launch(["ingest", "--quiet", corpus])
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            let finished = process.terminationReason == .exit
            if finished {
                #expect(process.terminationStatus == 0, "kill \(k): ingest exited \(process.terminationStatus) by itself")
                completed += 1
                window = min(window, delay)  // it finished within `delay`: later kills come sooner
            }
            let check = try cli.run(["check"])
            #expect(check.status == 0, "kill \(k) after \(delay) s: check failed: \(check.stdout) \(check.stderr)")
            #expect(check.stderr == "", "kill \(k): \(check.stderr)")
            // All or nothing: never part of a run.
            let now = try cli.run(["export", "--format", "csv"])
            #expect(now.status == 0, "kill \(k): export failed: \(now.stderr)")
            #expect(now.stdout == header || now.stdout == expected,
                    "kill \(k) after \(String(format: "%.2f", delay)) s left part of a run: \(now.stdout.count) bytes of export")
            // a run that reached its commit: start the next from an empty ledger again, so every
            // kill lands in a real ingest (a second run of the same corpus would only find duplicates)
            if now.stdout == expected {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cli.db + suffix) }
            }
        }

        let last = try cli.run(["ingest", "--quiet", corpus])
        #expect(last.status == 0, "final ingest failed: \(last.stderr)")
        #expect(try cli.ok(["check"]).hasPrefix("ledger OK: "))
        #expect(try cli.ok(["export", "--format", "csv"]) == expected)
        #expect(try cli.ok(["totals"]) == cli.run(["totals"], db: clean).stdout)
        // Enough kills must have landed before the commit, or the test tested little.
        #expect(k - completed >= 5, "\(completed) of \(k) runs finished before their kill")
    }
}

/// Every database failure through the CLI (docs/failures.md): one `error:` line naming the
/// ledger file and the reason, exit 1, and the ledger file as it was.
@Suite struct DatabaseFailureCLITests {
    /// Exit 1, exactly one stderr line, starting `error: `, naming `file`, containing `reason`.
    static func expectOneError(_ r: CLI.Result, file: String, reason: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 1, "exit \(r.status), stderr: \(r.stderr)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast(r.stderr.hasSuffix("\n") ? 1 : 0)
        #expect(lines.count == 1, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix("error: "), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(line.contains(file), "'\(line)' does not name \(file)", sourceLocation: sourceLocation)
        #expect(line.contains(reason), "'\(line)' does not say '\(reason)'", sourceLocation: sourceLocation)
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// A CLI whose ledger holds a few generated articles.
    static func seeded(count: Int = 12) throws -> (CLI, corpus: String) {
        let cli = try CLI()
        let corpus = try GeneratedCorpus.write(into: cli.workdir.appendingPathComponent("corpus"), count: count)
        _ = try cli.ok(["ingest", "--quiet", "--rules-only", corpus])
        return (cli, corpus)
    }

    @Test func aFolderIsNotALedger() throws {
        let cli = try CLI()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        let folder = cli.workdir.appendingPathComponent("ledger.sqlite").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let article = try cli.write("a.txt", "Norway gave $5 million to Chad.\n")
        for args in [["totals"], ["list"], ["check"], ["ingest", "--rules-only", article]] {
            Self.expectOneError(try cli.run(args), file: folder, reason: "is a folder, not a ledger file")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func randomBytesAreNotALedger() throws {
        let cli = try CLI()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<40_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try noise.write(to: URL(fileURLWithPath: cli.db))
        let article = try cli.write("a.txt", "Norway gave $5 million to Chad.\n")
        for args in [["totals"], ["list"], ["export"], ["check"], ["ingest", "--rules-only", article], ["void", "1", "--reason", "x"]] {
            Self.expectOneError(try cli.run(args), file: cli.db, reason: "not an aidledger database (file is not a database)")
        }
        #expect(Self.bytes(cli.db) == noise)
        #expect(!FileManager.default.fileExists(atPath: cli.db + "-wal"))
    }

    @Test func aTruncatedLedgerIsMalformed() throws {
        let (cli, _) = try Self.seeded(count: 150)
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        let whole = try #require(Self.bytes(cli.db))
        #expect(!FileManager.default.fileExists(atPath: cli.db + "-wal"))  // the last connection checkpointed
        let half = whole.prefix(whole.count / 2)
        try half.write(to: URL(fileURLWithPath: cli.db))
        let article = try cli.write("a.txt", "Norway gave $5 million to Chad.\n")
        for args in [["export"], ["ingest", "--rules-only", article]] {
            Self.expectOneError(try cli.run(args), file: cli.db, reason: "not an aidledger database (")
        }
        // check reports it too: one error line, or the violations it found; never exit 0
        #expect(try cli.run(["check"]).status == 1)
        #expect(Self.bytes(cli.db) == half)
    }

    @Test func anotherProgramsDatabaseIsLeftAlone() throws {
        let cli = try CLI()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        do {
            let db = try Database(path: cli.db)
            try db.execute("CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos(name) VALUES ('cat')")
        }
        let article = try cli.write("a.txt", "Norway gave $5 million to Chad.\n")
        for args in [["totals"], ["ingest", "--rules-only", article]] {
            Self.expectOneError(try cli.run(args), file: cli.db, reason: "not an aidledger database")
        }
        #expect(try Database(path: cli.db).scalarInt("SELECT COUNT(*) FROM sqlite_schema") == 1)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let (cli, corpus) = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        try Database(path: cli.db).execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
        let before = Self.bytes(cli.db)
        for args in [["list"], ["check"], ["ingest", "--rules-only", corpus]] {
            Self.expectOneError(try cli.run(args), file: cli.db, reason: "database schema version 999 is newer than this aidledger")
        }
        #expect(Self.bytes(cli.db) == before)
    }

    @Test func aFullDiskFailsTheIngestAndChangesNothing() throws {
        let (cli, _) = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        let before = try cli.ok(["export", "--format", "csv"])
        let pages = try #require(try Database(path: cli.db).scalarInt("PRAGMA page_count"))
        let more = try GeneratedCorpus.write(into: cli.workdir.appendingPathComponent("more"), count: 150,
                                             prefix: "more", donors: ["Denmark", "Finland"], firstAmount: 500)
        let r = try cli.run(["ingest", "--rules-only", more], environment: ["AIDLEDGER_MAX_PAGES": String(pages + 3)])
        Self.expectOneError(r, file: cli.db, reason: "database or disk is full")
        #expect(try cli.ok(["export", "--format", "csv"]) == before)
        #expect(try cli.ok(["check"]).hasPrefix("ledger OK: "))
        // Without the limit the same ingest goes through.
        _ = try cli.ok(["ingest", "--quiet", "--rules-only", more])
    }

    @Test func lockedPastTheBusyTimeout() throws {
        let (cli, _) = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        let before = try cli.ok(["export", "--format", "csv"])
        let holder = try Database(path: cli.db)
        try holder.execute("BEGIN IMMEDIATE")
        let quick = ["AIDLEDGER_BUSY_TIMEOUT_MS": "300"]
        let started = Date()
        for args in [["void", "1", "--reason", "test"], ["amend", "2", "--amount", "7", "--reason", "test"]] {
            Self.expectOneError(try cli.run(args, environment: quick), file: cli.db,
                                reason: "the ledger is locked: another process is writing to it (database is locked)")
        }
        #expect(Date().timeIntervalSince(started) < 8)
        // Readers need no lock: they answer at once.
        #expect(try cli.run(["totals"], environment: ["AIDLEDGER_BUSY_TIMEOUT_MS": "0"]).status == 0)
        #expect(try cli.run(["check"], environment: ["AIDLEDGER_BUSY_TIMEOUT_MS": "0"]).status == 0)
        try holder.execute("ROLLBACK")
        #expect(try cli.ok(["export", "--format", "csv"]) == before)
        // A bad setting is one line too.
        Self.expectOneError(try cli.run(["totals"], environment: ["AIDLEDGER_BUSY_TIMEOUT_MS": "soon"]),
                            file: "AIDLEDGER_BUSY_TIMEOUT_MS", reason: "must be a whole number")
    }

    // MARK: read-only, as an unprivileged user

    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var canDropPrivileges: Bool { geteuid() != 0 || setpriv != nil }

    /// Runs a copy of the binary (in `dir`, reachable by anyone) as uid/gid 65534 when root.
    static func runUnprivileged(_ args: [String], binary: String, db: String, dir: URL) throws -> CLI.Result {
        try AsNobody.run(args, binary: binary, db: db, dir: dir)
    }

    /// A read-only ledger (mode 444): reads work, in a folder the user may write and in one it
    /// may not (no WAL index can be made there: the file is read `immutable`); writes fail in
    /// one line and leave the file as it was.
    @Test(.enabled(if: canDropPrivileges, "setpriv (util-linux) is missing: cannot test permissions as root"))
    func aReadOnlyLedgerIsReadButNotWritten() throws {
        let (cli, corpus) = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: cli.workdir) }
        let expectedTotals = try cli.ok(["totals"])
        let expectedExport = try cli.ok(["export", "--format", "csv"])
        let more = try GeneratedCorpus.write(into: cli.workdir.appendingPathComponent("more"), count: 3,
                                             prefix: "more", donors: ["Denmark"], firstAmount: 700)

        let base = URL(fileURLWithPath: "/tmp/aidledger-ro-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let binary = base.appendingPathComponent("aidledger").path
        try FileManager.default.copyItem(atPath: CLI.binary.path, toPath: binary)
        for (folderName, mode) in [("shared", 0o777), ("closed", 0o755)] {
            let dir = base.appendingPathComponent(folderName)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: dir.path)
            let db = dir.appendingPathComponent("ledger.sqlite").path
            try FileManager.default.copyItem(atPath: cli.db, toPath: db)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
            let before = Self.bytes(db)
            func run(_ args: [String]) throws -> CLI.Result { try Self.runUnprivileged(args, binary: binary, db: db, dir: dir) }

            var r = try run(["totals"])
            #expect(r.status == 0 && r.stdout == expectedTotals, "\(folderName): totals: \(r.stderr)")
            r = try run(["export", "--format", "csv"])
            #expect(r.status == 0 && r.stdout == expectedExport, "\(folderName): export: \(r.stderr)")
            r = try run(["check"])
            #expect(r.status == 0, "\(folderName): check: \(r.stdout) \(r.stderr)")
            for args in [["ingest", "--rules-only", more], ["ingest", "--rules-only", corpus], ["void", "1", "--reason", "x"]] {
                Self.expectOneError(try run(args), file: db, reason: "the ledger is read-only; nothing was changed")
            }
            #expect(Self.bytes(db) == before, "\(folderName): the ledger changed")
        }
    }
}
