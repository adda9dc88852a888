import Foundation

/// One schema migration: `migrations/NNNN_name.sql`, compiled into the binary.
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let sql: String
    public init(version: Int, name: String, sql: String) { self.version = version; self.name = name; self.sql = sql }
}

/// Errors of the ledger layer above SQLite (schema, input data, filters).
public struct LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Applies the compiled-in migrations in version order, each in its own transaction, and records
/// each in `schema_migrations` (version, name, applied_at). Refuses a database whose recorded
/// schema is newer than this binary knows. Migrations are SQL only and never depend on app types.
public enum Migrator {
    /// The migration files compiled in with `.embedInCode` (file name and exact bytes), in order.
    /// A test compares them with `migrations/*.sql` on disk.
    public static let embedded: [(fileName: String, bytes: [UInt8])] = [
        ("0001_initial.sql", PackageResources._001_initial_sql),
        ("0002_parts_index.sql", PackageResources._002_parts_index_sql),
        ("0003_flows_checks.sql", PackageResources._003_flows_checks_sql),
        ("0004_totals_rollup.sql", PackageResources._004_totals_rollup_sql),
        ("0005_flow_sources.sql", PackageResources._005_flow_sources_sql),
        ("0006_sentences.sql", PackageResources._006_sentences_sql),
        ("0007_match_index.sql", PackageResources._007_match_index_sql),
        ("0008_match_parties.sql", PackageResources._008_match_parties_sql),
    ]

    /// The compiled-in migrations, parsed from `embedded`.
    public static let all: [Migration] = embedded.map { file in
        let digits = file.fileName.prefix { $0.isASCII && $0.isNumber }
        let stem = file.fileName.hasSuffix(".sql") ? String(file.fileName.dropLast(4)) : file.fileName
        let name = stem.drop { $0.isASCII && $0.isNumber }.drop { $0 == "_" }
        return Migration(version: Int(digits) ?? 0, name: String(name),
                         sql: String(decoding: file.bytes, as: UTF8.self))
    }

    /// Highest version this binary knows.
    public static var latestVersion: Int { all.map(\.version).max() ?? 0 }

    /// Highest version recorded in `db` (0 for a database never migrated). Never writes.
    public static func currentVersion(_ db: Database) throws -> Int {
        guard try hasTable(db) else { return 0 }
        return Int(try db.scalarInt("SELECT MAX(version) FROM schema_migrations") ?? 0)
    }

    /// Brings `db` up to date with `migrations`; returns the versions applied now.
    ///
    /// Refuses (changing nothing) a database newer than `migrations`, a SQLite database that
    /// holds tables but no `schema_migrations` (another program's file: it is not made into a
    /// ledger), and a read-only one that needs migrating. Safe when several processes open a new
    /// ledger at once: each migration is applied by whichever takes the write lock first, and the
    /// others, re-reading `schema_migrations` inside their transaction, skip it.
    @discardableResult
    public static func migrate(_ db: Database, migrations: [Migration] = Migrator.all) throws -> [Int] {
        let known = migrations.map(\.version).max() ?? 0
        if try !hasTable(db) {
            let tables = try db.scalarInt(
                "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") ?? 0
            if tables > 0 {
                throw LedgerError("not an aidledger database (a SQLite database with \(tables) table\(tables == 1 ? "" : "s") but no schema_migrations); nothing was changed")
            }
            if db.isReadOnly {
                throw LedgerError("the ledger is read-only and holds no schema yet; open it once with write access")
            }
            try ensureTable(db)
        }
        let current = Int(try db.scalarInt("SELECT MAX(version) FROM schema_migrations") ?? 0)
        if current > known {
            throw LedgerError("database schema version \(current) is newer than this aidledger (max \(known)); upgrade aidledger")
        }
        var applied: Set<Int> = []
        let st = try db.prepare("SELECT version FROM schema_migrations")
        while try st.step() { applied.insert(st.int(0)) }
        let pending = migrations.sorted(by: { $0.version < $1.version }).filter { !applied.contains($0.version) }
        if db.isReadOnly, let first = pending.first {
            throw LedgerError("the ledger is read-only and its schema needs migration \(first.version) (\(first.name)); open it once with write access")
        }
        var done: [Int] = []
        for m in pending {
            // As SQLite documents for schema changes: foreign keys off while a migration rebuilds
            // tables (a DROP TABLE would otherwise cascade), every key checked before it commits.
            let keysWereOn = try db.scalarInt("PRAGMA foreign_keys") ?? 0
            try db.execute("PRAGMA foreign_keys=OFF")
            defer { try? db.execute("PRAGMA foreign_keys=\(keysWereOn == 0 ? "OFF" : "ON")") }
            // the pragma is ignored inside a transaction: never rebuild a table with keys still on
            guard try db.scalarInt("PRAGMA foreign_keys") == 0 else {
                throw LedgerError("cannot migrate inside an open transaction")
            }
            let ran: Bool = try db.transaction {
                // Another process may have applied it while this one waited for the lock.
                if try db.scalarInt("SELECT 1 FROM schema_migrations WHERE version = ?", [.integer(Int64(m.version))]) != nil {
                    return false
                }
                let now = Int(try db.scalarInt("SELECT MAX(version) FROM schema_migrations") ?? 0)
                if now > known {
                    throw LedgerError("database schema version \(now) is newer than this aidledger (max \(known)); upgrade aidledger")
                }
                try db.execute(m.sql)
                if try db.scalarInt("SELECT COUNT(*) FROM pragma_foreign_key_check") ?? 0 > 0 {
                    throw LedgerError("migration \(m.version) (\(m.name)) would leave rows with broken references; nothing was changed")
                }
                let rec = try db.prepare(
                    "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
                try rec.bind(m.version, at: 1)
                try rec.bind(m.name, at: 2)
                try rec.run()
                return true
            }
            if ran { done.append(m.version) }
        }
        return done
    }

    private static func hasTable(_ db: Database) throws -> Bool {
        try db.scalarInt("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") != nil
    }

    private static func ensureTable(_ db: Database) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT
            """)
    }
}
