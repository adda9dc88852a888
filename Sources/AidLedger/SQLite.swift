import CSQLite
import Foundation

// The only file that owns raw SQLite handles. Everything else in aidledger goes through
// `Database` and `Statement`.

/// SQLite copies a bound string or blob before `sqlite3_bind_*` returns (the C macro is not
/// imported into Swift). Defined once, here, outside any `main.swift`.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The one error type of the SQLite layer: SQLite's *extended* result code, its message, the
/// SQL text of the statement (with `?` placeholders: bound values never appear, so an error
/// message can be logged without leaking article text or user input), and the database file.
///
/// `description` is the one line a user reads (docs/failures.md): it starts with the file and
/// says in words what went wrong for the failures that come from the environment (locked, not a
/// database, full, read-only, cannot open, I/O); any other code keeps SQLite's number and the SQL,
/// since it means a bug worth reporting.
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Extended result code, e.g. 2067 (`SQLITE_CONSTRAINT_UNIQUE`).
    public let extendedCode: Int32
    /// SQLite's message (`sqlite3_errmsg`).
    public let message: String
    /// The SQL that failed, as written with its placeholders; nil when no statement was involved.
    public let sql: String?
    /// The database file (nil for an in-memory database).
    public let path: String?

    /// Primary result code (low byte of the extended code), e.g. 19 (`SQLITE_CONSTRAINT`).
    public var code: Int32 { extendedCode & 0xff }

    public init(extendedCode: Int32, message: String, sql: String? = nil, path: String? = nil) {
        self.extendedCode = extendedCode; self.message = message; self.sql = sql
        self.path = path == ":memory:" || path?.isEmpty == true ? nil : path
    }

    /// What went wrong, in words, without the file name (one line).
    public var reason: String {
        switch code {
        case SQLITE_BUSY:
            return "the ledger is locked: another process is writing to it (\(message)); try again when it has finished"
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return "not an aidledger database (\(message))"
        case SQLITE_FULL:
            return message == "database or disk is full" ? message : "database or disk is full (\(message))"
        case SQLITE_READONLY:
            return "the ledger is read-only; nothing was changed (\(message))"
        case SQLITE_CANTOPEN:
            return message.hasPrefix("cannot open") ? message : "cannot open database (\(message))"
        case SQLITE_IOERR:
            return "I/O error reading or writing the ledger (\(message))"
        default:
            let name = String(cString: sqlite3_errstr(extendedCode))
            var s = "SQLite error \(extendedCode) (\(name)): \(message)"
            if let sql { s += " [SQL: \(Self.oneLine(sql))]" }
            return s
        }
    }

    public var description: String { (path.map { "\($0): " } ?? "") + reason }

    /// SQL as one line (runs of white space become one space).
    static func oneLine(_ sql: String) -> String {
        sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

/// A value that can be bound to a statement parameter. `real` exists for exchange rates and
/// measurements only: money is always `integer` cents.
public enum SQLValue: Sendable, Hashable {
    case integer(Int64)
    case text(String)
    case real(Double)
    case blob([UInt8])
    case null
}

/// One SQLite connection. Opened with `sqlite3_open_v2`; the handle is closed in `deinit`
/// (statements keep their connection alive, so it always outlives them). The connection is
/// not thread-safe: use it from one thread at a time.
public final class Database {
    /// How a connection is opened and how long it waits for other connections' locks.
    public struct Options: Sendable, Hashable {
        /// How long a statement waits for a lock another connection holds before it fails with
        /// `SQLITE_BUSY` ("database is locked"). In WAL mode readers never wait for the writer;
        /// a writer waits here for another writer's `BEGIN IMMEDIATE … COMMIT`.
        public var busyTimeoutMilliseconds: Int
        /// `transaction` waits for the write lock for as long as another connection holds it
        /// (it retries `BEGIN IMMEDIATE` after each busy timeout) instead of failing. `ingest`
        /// sets it: a second ingest queues behind the first rather than failing.
        public var waitsForWriteLock: Bool
        /// `PRAGMA max_page_count`: the most pages the database file may hold (a full disk,
        /// simulated: writes past it fail with `SQLITE_FULL`). Nil leaves SQLite's limit.
        public var maxPageCount: Int?
        /// Opens with `SQLITE_OPEN_READONLY` (never creates the file). A file the process may not
        /// write is opened read-only even without it.
        public var readOnly: Bool

        public init(busyTimeoutMilliseconds: Int = 5000, waitsForWriteLock: Bool = false,
                    maxPageCount: Int? = nil, readOnly: Bool = false) {
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds; self.waitsForWriteLock = waitsForWriteLock
            self.maxPageCount = maxPageCount; self.readOnly = readOnly
        }
    }

    let handle: OpaquePointer
    /// The path given at open (`:memory:` for an in-memory database).
    public let path: String
    /// See `Options.waitsForWriteLock`.
    public var waitsForWriteLock: Bool
    /// Called once, the first time `transaction` finds the write lock taken and starts waiting
    /// for it (only when `waitsForWriteLock`): the CLI tells the user why nothing happens.
    public var onWaitForWriteLock: (() -> Void)?
    /// True when the connection cannot write: the file is read-only to this process, or the
    /// connection was opened read-only. Reads work; any write fails with `SQLITE_READONLY`.
    public let isReadOnly: Bool
    /// True when the file was opened `immutable` (read-only file in a folder this process cannot
    /// write, so SQLite cannot create the WAL index; see `init`).
    public let isImmutable: Bool

    /// Opens (creating if needed) the database at `path` and applies the connection pragmas:
    /// `journal_mode=WAL`, `foreign_keys=ON`, `busy_timeout=5000`, `synchronous=NORMAL`,
    /// `cache_size` 64 MB.
    public convenience init(path: String, busyTimeoutMilliseconds: Int = 5000) throws {
        try self.init(path: path, options: Options(busyTimeoutMilliseconds: busyTimeoutMilliseconds))
    }

    /// Opens the database at `path` (creating it unless `options.readOnly`) and applies the
    /// connection pragmas: `journal_mode=WAL` (unless read-only), `foreign_keys=ON`,
    /// `busy_timeout`, `synchronous=NORMAL`, `cache_size` 64 MB, and `max_page_count` when set.
    ///
    /// Fails at once, naming the file, for a path that is a folder, a file that is not a SQLite
    /// database (it reads the schema before anything else), or a file that cannot be opened.
    /// A read-only WAL database in a folder this process may not write cannot get its `-shm`
    /// index: when no `-wal` file is waiting to be read it is opened `immutable=1` instead (reads
    /// work; docs/failures.md).
    public init(path: String, options: Options) throws {
        if path != ":memory:" && !path.isEmpty {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw SQLiteError(extendedCode: SQLITE_CANTOPEN,
                                  message: "cannot open database (the path is a folder, not a ledger file)", path: path)
            }
        }
        let timeout = Int32(clamping: max(0, options.busyTimeoutMilliseconds))
        var opened = try Self.open(path, readOnly: options.readOnly, uri: nil)
        sqlite3_busy_timeout(opened, timeout)
        var immutable = false
        var readOnly = sqlite3_db_readonly(opened, "main") == 1
        // Read the schema now: a file that is not a database fails here, before any pragma.
        var rc = sqlite3_exec(opened, "SELECT COUNT(*) FROM sqlite_schema", nil, nil, nil)
        if rc != SQLITE_OK, readOnly, [SQLITE_READONLY, SQLITE_CANTOPEN].contains(sqlite3_extended_errcode(opened) & 0xff),
           Self.fileSize(path + "-wal") == 0 {
            sqlite3_close_v2(opened)
            opened = try Self.open(path, readOnly: true, uri: Self.immutableURI(path))
            sqlite3_busy_timeout(opened, timeout)
            immutable = true
            readOnly = true
            rc = sqlite3_exec(opened, "SELECT COUNT(*) FROM sqlite_schema", nil, nil, nil)
        }
        if rc != SQLITE_OK {
            let e = SQLiteError(extendedCode: sqlite3_extended_errcode(opened),
                                message: String(cString: sqlite3_errmsg(opened)), path: path)
            sqlite3_close_v2(opened)
            throw e
        }
        handle = opened
        self.path = path
        isReadOnly = readOnly
        isImmutable = immutable
        waitsForWriteLock = options.waitsForWriteLock
        if !readOnly { try execute("PRAGMA journal_mode=WAL") }
        try execute("PRAGMA foreign_keys=ON")
        try execute("PRAGMA synchronous=NORMAL")
        // 64 MB page cache (default 2 MB): a large ingest otherwise re-reads index pages from the WAL.
        try execute("PRAGMA cache_size=-65536")
        if let pages = options.maxPageCount { try execute("PRAGMA max_page_count=\(max(1, pages))") }
    }

    /// `sqlite3_open_v2`, extended result codes on; throws `SQLITE_CANTOPEN`-style errors naming `path`.
    private static func open(_ path: String, readOnly: Bool, uri: String?) throws -> OpaquePointer {
        var h: OpaquePointer?
        var flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        if uri != nil { flags |= SQLITE_OPEN_URI }
        let rc = sqlite3_open_v2(uri ?? path, &h, flags, nil)
        guard rc == SQLITE_OK, let opened = h else {
            // sqlite3_open_v2 usually returns a handle even on failure: read the message, then close it.
            let message = h.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            let code = h.map { sqlite3_extended_errcode($0) } ?? rc
            sqlite3_close_v2(h)
            throw SQLiteError(extendedCode: code, message: "cannot open database (\(message))", path: path)
        }
        sqlite3_extended_result_codes(opened, 1)
        return opened
    }

    /// `file:` URI of `path` with `immutable=1` (characters a URI reserves percent-encoded).
    private static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Size of the file at `path`, 0 when it does not exist.
    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// How long statements wait for another connection's lock (`PRAGMA busy_timeout`).
    public var busyTimeoutMilliseconds: Int {
        get { Int((try? scalarInt("PRAGMA busy_timeout")) ?? 0) }
        set { sqlite3_busy_timeout(handle, Int32(clamping: max(0, newValue))) }
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more SQL statements with no parameters (schema scripts, pragmas).
    /// Result rows, if any, are discarded.
    public func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(sql: sql) }
    }

    /// Compiles `sql` (one statement) for repeated use.
    public func prepare(_ sql: String) throws -> Statement { try Statement(database: self, sql: sql) }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; rolls back and rethrows if it throws.
    /// `BEGIN IMMEDIATE` waits up to the busy timeout for another writer to finish; with
    /// `waitsForWriteLock` it keeps waiting for as long as the other writer holds the lock.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try beginImmediate()
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if !isAutocommit { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// `BEGIN IMMEDIATE`, retried while busy when `waitsForWriteLock`.
    private func beginImmediate() throws {
        while true {
            do {
                try execute("BEGIN IMMEDIATE")
                return
            } catch let e as SQLiteError where e.code == SQLITE_BUSY && waitsForWriteLock {
                if let note = onWaitForWriteLock { onWaitForWriteLock = nil; note() }
                // Each attempt has already waited the busy timeout; without one, do not spin.
                if busyTimeoutMilliseconds < 50 { usleep(50_000) }
            }
        }
    }

    /// True outside any transaction.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Row id of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The first column of the first row of `sql` as an integer (nil when no row or NULL).
    public func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        let st = try prepare(sql)
        try st.bind(values)
        guard try st.step(), !st.isNull(0) else { return nil }
        return st.int64(0)
    }

    /// The first column of the first row of `sql` as text (nil when no row or NULL).
    public func scalarText(_ sql: String, _ values: [SQLValue] = []) throws -> String? {
        let st = try prepare(sql)
        try st.bind(values)
        guard try st.step() else { return nil }
        return st.string(0)
    }

    /// Statements of this connection that are stepping (not reset); 0 between ledger calls.
    public var busyStatementCount: Int {
        var n = 0
        var st = sqlite3_next_stmt(handle, nil)
        while let s = st {
            if sqlite3_stmt_busy(s) != 0 { n += 1 }
            st = sqlite3_next_stmt(handle, s)
        }
        return n
    }

    func error(sql: String?) -> SQLiteError {
        SQLiteError(extendedCode: sqlite3_extended_errcode(handle),
                    message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
    }
}

/// A prepared statement, finalised in `deinit`. Bind parameters by 1-based index, `step()`
/// through the rows, read columns by 0-based index, `reset()` to run it again with new values.
public final class Statement {
    let handle: OpaquePointer
    /// Keeps the connection open while the statement lives.
    public let database: Database
    /// The SQL as written (placeholders, never values).
    public let sql: String

    init(database: Database, sql: String) throws {
        var h: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &h, nil)
        guard rc == SQLITE_OK, let prepared = h else {
            sqlite3_finalize(h)
            throw database.error(sql: sql)
        }
        handle = prepared
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else { throw database.error(sql: sql) }
    }

    // MARK: binding (1-based)

    public func bind(_ value: Int64, at index: Int32) throws { try check(sqlite3_bind_int64(handle, index, value)) }
    public func bind(_ value: Int, at index: Int32) throws { try check(sqlite3_bind_int64(handle, index, Int64(value))) }
    public func bind(_ value: Bool, at index: Int32) throws { try check(sqlite3_bind_int64(handle, index, value ? 1 : 0)) }
    /// Doubles are for rates and measurements; money is bound as `Int64` cents.
    public func bind(_ value: Double, at index: Int32) throws { try check(sqlite3_bind_double(handle, index, value)) }
    public func bindNull(at index: Int32) throws { try check(sqlite3_bind_null(handle, index)) }

    public func bind(_ value: String, at index: Int32) throws {
        var s = value
        let rc: Int32 = s.withUTF8 { buf in
            guard let base = buf.baseAddress, buf.count > 0 else {
                return sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                sqlite3_bind_text(handle, index, $0, Int32(buf.count), SQLITE_TRANSIENT)
            }
        }
        try check(rc)
    }

    /// Binds raw bytes as a BLOB.
    public func bind(bytes: [UInt8], at index: Int32) throws {
        let rc: Int32 = bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress, buf.count > 0 else { return sqlite3_bind_zeroblob(handle, index, 0) }
            return sqlite3_bind_blob(handle, index, base, Int32(buf.count), SQLITE_TRANSIENT)
        }
        try check(rc)
    }

    public func bind(_ value: String?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }
    public func bind(_ value: Int64?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        switch value {
        case .integer(let v): try bind(v, at: index)
        case .text(let v): try bind(v, at: index)
        case .real(let v): try bind(v, at: index)
        case .blob(let v): try bind(bytes: v, at: index)
        case .null: try bindNull(at: index)
        }
    }

    /// Binds `values` to parameters 1…n.
    public func bind(_ values: [SQLValue]) throws {
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    /// Number of parameters the SQL declares.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    // MARK: running

    /// Advances to the next row: true when a row is available, false when done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.error(sql: sql)
    }

    /// Runs a statement that returns no rows, then resets it.
    public func run() throws {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Makes the statement ready to run again and clears its bindings.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// True while the statement is between its first step and its reset.
    public var isBusy: Bool { sqlite3_stmt_busy(handle) != 0 }

    // MARK: columns (0-based)

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    public func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
    public func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(handle, i)) }
    public func double(_ i: Int32) -> Double { sqlite3_column_double(handle, i) }
    public func optionalInt64(_ i: Int32) -> Int64? { isNull(i) ? nil : int64(i) }

    /// The column as text, nil for NULL.
    public func string(_ i: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// The column as bytes (BLOB or the UTF-8 of TEXT), empty for NULL.
    public func bytes(_ i: Int32) -> [UInt8] {
        guard let p = sqlite3_column_blob(handle, i) else { return [] }
        let n = Int(sqlite3_column_bytes(handle, i))
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// Appends a self-delimiting encoding of the column (type tag, then value) to `out`: two
    /// columns encode equal exactly when they hold equal values of the same type. Lets aggregate
    /// readers key and compare rows without creating a String per column.
    func appendKey(_ i: Int32, to out: inout [UInt8]) {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_NULL:
            out.append(0)
        case SQLITE_INTEGER:
            out.append(1)
            withUnsafeBytes(of: sqlite3_column_int64(handle, i)) { out.append(contentsOf: $0) }
        case SQLITE_FLOAT:
            out.append(2)
            withUnsafeBytes(of: sqlite3_column_double(handle, i).bitPattern) { out.append(contentsOf: $0) }
        default:
            let p = sqlite3_column_text(handle, i)
            let n = Int(sqlite3_column_bytes(handle, i))
            out.append(3)
            withUnsafeBytes(of: Int32(n)) { out.append(contentsOf: $0) }
            if let p, n > 0 { out.append(contentsOf: UnsafeBufferPointer(start: p, count: n)) }
        }
    }

    /// Zero-copy view of a TEXT column's UTF-8 bytes, valid only until the next step or reset.
    func withTextBytes<R>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard let p = sqlite3_column_text(handle, i) else { return try body(nil) }
        let n = Int(sqlite3_column_bytes(handle, i))
        return try body(UnsafeBufferPointer(start: p, count: n))
    }
}

/// The SQLite library version linked into this binary.
public enum LedgerSkeleton {
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}
