import Foundation
import Testing
@testable import AidLedger

@Suite struct MigratorTests {
    @Test func freshDatabaseGetsEveryMigration() throws {
        try withTemporaryPath { path in
            let ledger = try Ledger(path: path)  // also creates the missing folder
            #expect(FileManager.default.fileExists(atPath: path))
            let db = ledger.database
            #expect(try Migrator.currentVersion(db) == Migrator.latestVersion)
            #expect(Migrator.latestVersion >= 1)
            #expect(try db.scalarText("SELECT name FROM schema_migrations WHERE version = 1") == "initial")
            #expect(try db.scalarInt("SELECT COUNT(*) FROM schema_migrations") == Int64(Migrator.all.count))
            for table in ["articles", "article_texts", "parties", "mentions", "flows", "flow_mentions", "rates"] {
                #expect(try db.scalarInt("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(table)]) == 1)
            }
            // Reopening applies nothing twice.
            #expect(try Migrator.migrate(db).isEmpty)
        }
    }

    @Test func upgradesAnOlderDatabaseKeepingItsData() throws {
        try withTemporaryPath { path in
            do {
                let ledger = try Ledger(path: path)  // at the binary's current version
                _ = try ledger.write { w in try w.insert(try fixtureItems()[0]) }
            }
            let next = Migration(version: Migrator.latestVersion + 1, name: "flow_notes",
                                 sql: "ALTER TABLE flows ADD COLUMN note TEXT; CREATE INDEX flows_note ON flows(note);")
            let db = try Database(path: path)
            #expect(try Migrator.migrate(db, migrations: Migrator.all + [next]) == [next.version])
            #expect(try Migrator.currentVersion(db) == next.version)
            #expect(try db.scalarInt("SELECT COUNT(*) FROM flows WHERE note IS NULL") == 4)
            #expect(try db.scalarText("SELECT name FROM schema_migrations WHERE version = ?", [.integer(Int64(next.version))]) == "flow_notes")
        }
    }

    @Test func upgradesFromVersionZero() throws {
        // A database someone created with the migrations table but nothing applied yet.
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT")
        #expect(try Migrator.currentVersion(db) == 0)
        #expect(try Migrator.migrate(db) == Migrator.all.map(\.version))
        #expect(try db.scalarInt("SELECT COUNT(*) FROM flows") == 0)
    }

    @Test func refusesANewerDatabase() throws {
        try withTemporaryPath { path in
            do {
                let ledger = try Ledger(path: path)
                try ledger.database.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
            }
            let e = #expect(throws: LedgerError.self) { try Ledger(path: path) }
            #expect(e?.description == "database schema version 999 is newer than this aidledger (max \(Migrator.latestVersion)); upgrade aidledger")
        }
    }

    @Test func failedMigrationLeavesNoTrace() throws {
        let db = try Database(path: ":memory:")
        try Migrator.migrate(db)
        let bad = Migration(version: 90, name: "broken", sql: "CREATE TABLE half(x); CREATE TABLE oops(")
        #expect(throws: SQLiteError.self) { try Migrator.migrate(db, migrations: Migrator.all + [bad]) }
        #expect(try db.scalarInt("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half'") == 0)
        #expect(try Migrator.currentVersion(db) == Migrator.latestVersion)
    }

    /// The compiled-in migrations must be exactly the files in `migrations/`: none missing,
    /// none extra, byte for byte.
    @Test func embeddedMigrationsMatchTheFiles() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = repo.appendingPathComponent("migrations")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".sql") }.sorted()
        let embedded = Migrator.embedded.map(\.fileName)
        #expect(embedded == onDisk, "Migrator.embedded and migrations/*.sql list different files")
        for file in Migrator.embedded {
            let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(file.fileName)))
            #expect(bytes == file.bytes, "\(file.fileName) differs from its compiled-in copy")
        }
        // File names are NNNN_name.sql with strictly increasing versions.
        let versions = Migrator.all.map(\.version)
        #expect(versions == versions.sorted() && Set(versions).count == versions.count)
        for name in onDisk {
            #expect(name.range(of: #"^[0-9]{4}_[a-z0-9_]+\.sql$"#, options: .regularExpression) != nil, "\(name)")
        }
        // Package.swift lists every file too (it is what compiles them in).
        let manifest = try String(contentsOf: repo.appendingPathComponent("Package.swift"), encoding: .utf8)
        for name in onDisk { #expect(manifest.contains("\"\(name)\""), "Package.swift migrationFiles lacks \(name)") }
    }
}

/// Migration 0003 rebuilds `flows` (CHECK constraints without IN lists): a ledger written at
/// version 2 must come out with the same rows, links and indexes, and its foreign keys and
/// checks still enforced.
@Suite struct FlowsRebuildMigrationTests {
    func dump(_ db: Database, _ sql: String) throws -> [String] {
        let st = try db.prepare(sql)
        var out: [String] = []
        while try st.step() {
            out.append((0..<Int32(st.columnCount)).map { st.isNull($0) ? "NULL" : (st.string($0) ?? "") }.joined(separator: "|"))
        }
        return out
    }

    /// The flows columns of schema version 4 (0005 adds columns after them).
    static let v4FlowColumns = "id, article_id, mention_id, amount, amount_max, currency, approximate, donor_id, recipient_id, mechanism, category, status, part_of, published"

    @Test func keepsEveryRowLinkAndIndexAndStillEnforcesKeys() throws {
        try withTemporaryPath { path in
            let v2 = Array(Migrator.all.prefix { $0.version <= 2 })
            #expect(v2.map(\.version) == [1, 2])
            var before: [[String]] = []
            do {
                try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                        withIntermediateDirectories: true)
                let db = try Database(path: path)
                try Migrator.migrate(db, migrations: v2)
                // write as the writer of that time did, on the version-2 schema
                try insertLegacy(db, try fixtureItems())
                #expect(try db.scalarInt("SELECT COUNT(*) FROM flows WHERE part_of IS NOT NULL") == 1)
                before = [try dump(db, "SELECT \(Self.v4FlowColumns) FROM flows ORDER BY id"), try dump(db, "SELECT * FROM flow_mentions ORDER BY 1, 2")]
            }
            let ledger = try Ledger(path: path)  // migrates to the latest version
            let db = ledger.database
            #expect(try Migrator.currentVersion(db) == Migrator.latestVersion)
            #expect(try dump(db, "SELECT \(Self.v4FlowColumns) FROM flows ORDER BY id") == before[0])
            // 0005: each flow is its own one source, at its own stage and date
            #expect(try db.scalarInt("SELECT COUNT(*) FROM flow_sources") == db.scalarInt("SELECT COUNT(*) FROM flows"))
            #expect(try db.scalarInt("""
                SELECT COUNT(*) FROM flows f JOIN flow_sources s ON s.flow_id = f.id
                WHERE s.mention_id = f.mention_id AND s.stage = f.status AND s.amount = f.amount AND f.sources = 1
                """) == db.scalarInt("SELECT COUNT(*) FROM flows"))
            #expect(try dump(db, "SELECT * FROM flow_mentions ORDER BY 1, 2") == before[1])
            let schema = try db.scalarText("SELECT sql FROM sqlite_schema WHERE name = 'flows'") ?? ""
            #expect(!schema.contains(" IN ("))
            #expect(try db.scalarInt("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'flows' AND sql IS NOT NULL") == 5)
            #expect(try db.scalarInt("SELECT COUNT(*) FROM pragma_foreign_key_check") == 0)
            // checks still refuse what they refused
            #expect(throws: SQLiteError.self) {
                try db.execute("UPDATE flows SET category = 'militar' WHERE id = 1")
            }
            #expect(throws: SQLiteError.self) {
                try db.execute("UPDATE flows SET status = 'planned' WHERE id = 1")
            }
            // foreign keys are back on and cascade: deleting an article takes its flows and links
            #expect(throws: SQLiteError.self) {
                try db.execute("UPDATE flows SET article_id = 999999 WHERE id = 1")
            }
            let article = try db.scalarInt("SELECT article_id FROM flows WHERE id = 1") ?? 0
            let delete = try db.prepare("DELETE FROM articles WHERE id = ?")
            try delete.bind([.integer(article)])
            try delete.run()
            #expect(try db.scalarInt("SELECT COUNT(*) FROM flows WHERE article_id = ?", [.integer(article)]) == 0)
            #expect(try db.scalarInt("SELECT COUNT(*) FROM flow_mentions WHERE flow_id NOT IN (SELECT id FROM flows)") == 0)
        }
    }

    @Test func refusesToMigrateInsideAnOpenTransaction() throws {
        // PRAGMA foreign_keys is ignored inside a transaction: a rebuild there would cascade.
        let db = try Database(path: ":memory:")
        try Migrator.migrate(db, migrations: Array(Migrator.all.prefix { $0.version <= 2 }))
        try db.execute("BEGIN")
        let e = #expect(throws: LedgerError.self) { try Migrator.migrate(db) }
        #expect(e?.description == "cannot migrate inside an open transaction")
        try db.execute("ROLLBACK")
        #expect(try Migrator.currentVersion(db) == 2)
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
    }

    @Test func aMigrationThatBreaksReferencesIsRefused() throws {
        let db = try Database(path: ":memory:")
        try Migrator.migrate(db)
        let bad = Migration(version: Migrator.latestVersion + 1, name: "bad",
                            sql: "INSERT INTO flow_mentions(flow_id, mention_id) VALUES (424242, 424242);")
        let e = #expect(throws: LedgerError.self) { try Migrator.migrate(db, migrations: Migrator.all + [bad]) }
        #expect(e?.description.contains("broken references") == true)
        #expect(try Migrator.currentVersion(db) == Migrator.latestVersion)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM flow_mentions") == 0)
        // and keys are enforced again afterwards
        #expect(throws: SQLiteError.self) {
            try db.execute("INSERT INTO flow_mentions(flow_id, mention_id) VALUES (424242, 424242)")
        }
    }
}
