import CSQLite
import Foundation
import Testing
@testable import AidLedger

/// Every database failure the ledger can meet (docs/failures.md) fails in one line that names
/// the file and leaves the file as it was. The CLI's side of the same cases (one `error:` line,
/// exit 1) is `DatabaseFailureCLITests` in Tests/CLITests/CrashSafetyTests.swift.
@Suite struct DatabaseFailureTests {
    /// A fresh folder for one test, removed afterwards.
    func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aidledger-dbfail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    /// One article with one figure: "Oslo gave $AMOUNT to Kyiv." and `padding` after it.
    func oneItem(_ title: String, amount: Int = 9, padding: String = "") throws -> IngestItem {
        try makeItem(title: title, published: "2024-03-03", sentences: ["Oslo gave $\(amount) to Kyiv.\(padding)"],
                     figures: [FigSpec(text: "$\(amount)", amount: "\(amount)", currency: "USD")])
    }

    @Test func folderIsRefusedNamingIt() throws {
        try withFolder { dir in
            let e = #expect(throws: SQLiteError.self) { try Ledger(path: dir.path) }
            #expect(e?.code == SQLITE_CANTOPEN)
            #expect(e?.description == "\(dir.path): cannot open database (the path is a folder, not a ledger file)")
        }
    }

    @Test func randomBytesAreNotALedgerAndStayUntouched() throws {
        try withFolder { dir in
            let path = dir.appendingPathComponent("ledger.sqlite").path
            var generator = SystemRandomNumberGenerator()
            let bytes = Data((0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
            try bytes.write(to: URL(fileURLWithPath: path))
            let e = #expect(throws: SQLiteError.self) { try Ledger(path: path) }
            #expect(e?.code == SQLITE_NOTADB)
            #expect(e?.description == "\(path): not an aidledger database (file is not a database)")
            #expect(FileManager.default.contents(atPath: path) == bytes)
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test func truncatedLedgerIsReportedAsMalformed() throws {
        try withFolder { dir in
            let path = dir.appendingPathComponent("ledger.sqlite").path
            do {
                let ledger = try Ledger(path: path)
                _ = try ledger.write { w in try (0..<200).map { try w.insert(try oneItem("article \($0)", amount: $0 + 1, padding: " The ministry said so in a long statement.")) } }
                try ledger.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            let whole = try #require(FileManager.default.contents(atPath: path))
            let half = whole.prefix(whole.count / 2)
            try half.write(to: URL(fileURLWithPath: path))
            // Opening may succeed (the first pages are intact); reading the rest must fail, naming the file.
            let e = #expect(throws: SQLiteError.self) {
                let ledger = try Ledger(path: path)
                _ = try ledger.check()
                _ = try ledger.counts()
                _ = try ledger.database.scalarInt("SELECT SUM(length(full_text)) FROM article_texts")
            }
            #expect(e.map { [SQLITE_CORRUPT, SQLITE_NOTADB].contains($0.code) } == true)
            #expect(e?.description.hasPrefix("\(path): not an aidledger database (") == true)
            #expect(e?.description.contains("\n") == false)
        }
    }

    @Test func anotherProgramsDatabaseIsNotMadeIntoALedger() throws {
        try withFolder { dir in
            let path = dir.appendingPathComponent("other.sqlite").path
            do {
                let db = try Database(path: path)
                try db.execute("CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT)")
            }
            let e = #expect(throws: LedgerError.self) { try Ledger(path: path) }
            #expect(e?.description == "not an aidledger database (a SQLite database with 1 table but no schema_migrations); nothing was changed")
            let db = try Database(path: path)
            #expect(try db.scalarInt("SELECT COUNT(*) FROM sqlite_schema") == 1)
        }
    }

    @Test func newerSchemaIsOneLineAndUntouched() throws {
        try withFolder { dir in
            let path = dir.appendingPathComponent("ledger.sqlite").path
            do {
                let ledger = try Ledger(path: path)
                try ledger.database.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
            }
            let e = #expect(throws: LedgerError.self) { try Ledger(path: path) }
            #expect(e?.description.contains("newer than this aidledger") == true)
            #expect(e?.description.contains("\n") == false)
            #expect(try Migrator.currentVersion(Database(path: path)) == 999)
        }
    }

    @Test func fullDiskFailsTheWriteAndChangesNothing() throws {
        try withFolder { dir in
            let path = dir.appendingPathComponent("ledger.sqlite").path
            let before: (articles: Int, mentions: Int, flows: Int)
            let pages: Int64
            do {
                let ledger = try Ledger(path: path)
                _ = try ledger.write { w in try w.insert(try oneItem("first")) }
                before = try ledger.counts()
                pages = try ledger.database.scalarInt("PRAGMA page_count") ?? 0
            }
            let ledger = try Ledger(path: path, options: Database.Options(maxPageCount: Int(pages) + 2))
            let body = String(repeating: " The ministry thanked it warmly.", count: 40)
            let e = #expect(throws: SQLiteError.self) {
                _ = try ledger.write { w in try (0..<100).map { try w.insert(try oneItem("big \($0)", amount: $0 + 10, padding: body)) } }
            }
            #expect(e?.code == SQLITE_FULL)
            #expect(e?.description == "\(path): database or disk is full")
            #expect(ledger.database.isAutocommit)
            #expect(try ledger.counts() == before)
            #expect(try Ledger(path: path).check().isClean)
        }
    }

    @Test func readOnlyConnectionReadsAndRefusesWrites() throws {
        try withFolder { dir in
            let path = dir.appendingPathComponent("ledger.sqlite").path
            do { _ = try Ledger(path: path).write { w in try w.insert(try oneItem("first")) } }
            let ledger = try Ledger(path: path, options: Database.Options(readOnly: true))
            #expect(ledger.database.isReadOnly)
            #expect(try ledger.counts().flows == 1)
            let e = #expect(throws: SQLiteError.self) { _ = try ledger.write { w in try w.insert(try oneItem("second")) } }
            #expect(e?.code == SQLITE_READONLY)
            #expect(e?.description.hasPrefix("\(path): the ledger is read-only; nothing was changed") == true)
            #expect(try ledger.counts().flows == 1)
            // Read-only never creates a file.
            let missing = dir.appendingPathComponent("missing.sqlite").path
            #expect(throws: SQLiteError.self) { try Ledger(path: missing, options: Database.Options(readOnly: true)) }
            #expect(!FileManager.default.fileExists(atPath: missing))
        }
    }

    @Test func lockedPastTheBusyTimeoutFailsNamingTheFile() throws {
        try withFolder { dir in
            let path = dir.appendingPathComponent("ledger.sqlite").path
            let holder = try Ledger(path: path)
            try holder.database.execute("BEGIN IMMEDIATE")
            defer { try? holder.database.execute("ROLLBACK") }
            let waiter = try Ledger(path: path, options: Database.Options(busyTimeoutMilliseconds: 150))
            let started = Date()
            let e = #expect(throws: SQLiteError.self) { _ = try waiter.write { w in try w.insert(try oneItem("late")) } }
            let waited = Date().timeIntervalSince(started)
            #expect(waited >= 0.1 && waited < 3)
            #expect(e?.code == SQLITE_BUSY)
            #expect(e?.description.hasPrefix("\(path): the ledger is locked: another process is writing to it") == true)
            // Readers do not need the write lock (WAL).
            #expect(try waiter.counts().flows == 0)
        }
    }

    @Test func waitingForTheWriteLockOutlastsTheBusyTimeout() throws {
        try withFolder { dir in
            let path = dir.appendingPathComponent("ledger.sqlite").path
            _ = try Ledger(path: path)
            let waiter = try Ledger(path: path, options: Database.Options(busyTimeoutMilliseconds: 50, waitsForWriteLock: true))
            let noted = DatabaseFailureCounter()
            waiter.database.onWaitForWriteLock = { noted.add() }
            // Another connection (on its own thread) takes the write lock and keeps it 0.6 s.
            let locked = DispatchSemaphore(value: 0)
            let release = Thread {
                guard let holder = try? Database(path: path), (try? holder.execute("BEGIN IMMEDIATE")) != nil else {
                    locked.signal(); return
                }
                locked.signal()
                Thread.sleep(forTimeInterval: 0.6)
                try? holder.execute("COMMIT")
            }
            release.start()
            locked.wait()
            let started = Date()
            _ = try waiter.write { w in try w.insert(try oneItem("after the other writer")) }
            #expect(Date().timeIntervalSince(started) >= 0.4)  // many busy timeouts, and then it got the lock
            #expect(noted.value == 1)
            #expect(try waiter.counts().flows == 1)
        }
    }

    /// Several processes opening a new ledger at once: each migration is applied once, by
    /// whichever gets the lock first; none fails with "table already exists".
    @Test func concurrentFirstOpensMigrateOnce() throws {
        for _ in 0..<5 {
            try withFolder { dir in
                let path = dir.appendingPathComponent("ledger.sqlite").path
                let failures = DatabaseFailureCounter()
                DispatchQueue.concurrentPerform(iterations: 4) { _ in
                    do { _ = try Ledger(path: path) } catch { failures.add("\(error)") }
                }
                #expect(failures.value == 0, "\(failures.notes)")
                let db = try Database(path: path)
                #expect(try db.scalarInt("SELECT COUNT(*) FROM schema_migrations") == Int64(Migrator.all.count))
            }
        }
    }

    @Test func otherErrorsKeepCodeAndSQLOnOneLine() throws {
        try withFolder { dir in
            let path = dir.appendingPathComponent("ledger.sqlite").path
            let db = try Database(path: path)
            let e = #expect(throws: SQLiteError.self) { try db.execute("CREATE TABLE t(\n  x INTEGER\n);\nSELEKT 1") }
            #expect(e?.path == path)
            #expect(e?.description.hasPrefix("\(path): SQLite error 1 (SQL logic error):") == true)
            #expect(e?.description.contains("\n") == false)
            let memory = #expect(throws: SQLiteError.self) { try Database(path: ":memory:").execute("SELEKT 1") }
            #expect(memory?.path == nil)
            #expect(memory?.description.hasPrefix("SQLite error 1") == true)
        }
    }
}

/// A thread-safe tally for callbacks and concurrent jobs.
final class DatabaseFailureCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    private var seen: [String] = []
    func add(_ note: String? = nil) { lock.lock(); n += 1; if let note { seen.append(note) }; lock.unlock() }
    var notes: [String] { lock.lock(); defer { lock.unlock() }; return seen }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
