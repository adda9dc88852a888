import Foundation
import Testing
@testable import AidLedger

@Suite struct SQLiteWrapperTests {
    @Test func bindsEveryTypeAndReadsItBack() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t(i INTEGER, j INTEGER, s TEXT, e TEXT, d REAL, b BLOB, z BLOB, n, o, k INTEGER)")
        let ins = try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        #expect(ins.parameterCount == 10)
        try ins.bind(Int64.max, at: 1)
        try ins.bind(-42, at: 2)                         // Int
        try ins.bind("Kyiv — €3 bn ✓", at: 3)             // non-ASCII String
        try ins.bind("", at: 4)                          // empty string is TEXT, not NULL
        try ins.bind(1.0856, at: 5)                      // Double
        try ins.bind(bytes: [0, 1, 2, 255], at: 6)
        try ins.bind(bytes: [], at: 7)                   // empty blob, not NULL
        try ins.bind(nil as String?, at: 8)
        try ins.bind(SQLValue.null, at: 9)
        try ins.bind(true, at: 10)
        try ins.run()
        let q = try db.prepare("SELECT i, j, s, e, d, b, z, n, o, k, typeof(e), typeof(z), typeof(n) FROM t")
        #expect(try q.step())
        #expect(q.int64(0) == Int64.max)
        #expect(q.int(1) == -42)
        #expect(q.string(2) == "Kyiv — €3 bn ✓")
        #expect(q.string(3) == "")
        #expect(q.double(4) == 1.0856)
        #expect(q.bytes(5) == [0, 1, 2, 255])
        #expect(q.bytes(6) == [])
        #expect(q.isNull(7) && q.isNull(8))
        #expect(q.string(7) == nil)
        #expect(q.optionalInt64(7) == nil)
        #expect(q.int64(9) == 1)
        #expect(q.string(10) == "text")
        #expect(q.string(11) == "blob")
        #expect(q.string(12) == "null")
        #expect(try q.step() == false)
    }

    @Test func bindsSQLValueArrays() throws {
        let db = try Database(path: ":memory:")
        let q = try db.prepare("SELECT ? + 1, ? || 'b', ? * 2, length(?), ? IS NULL")
        try q.bind([.integer(41), .text("a"), .real(1.5), .blob([1, 2, 3]), .null])
        #expect(try q.step())
        #expect(q.int(0) == 42)
        #expect(q.string(1) == "ab")
        #expect(q.double(2) == 3.0)
        #expect(q.int(3) == 3)
        #expect(q.int(4) == 1)
    }

    @Test func errorCarriesExtendedCodeMessageAndSQLButNotValues() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE u(code TEXT UNIQUE)")
        let ins = try db.prepare("INSERT INTO u(code) VALUES (?)")
        try ins.bind("secret-value-123", at: 1)
        try ins.run()
        try ins.bind("secret-value-123", at: 1)
        do {
            try ins.run()
            Issue.record("a duplicate insert must fail")
        } catch let e as SQLiteError {
            #expect(e.extendedCode == 2067)      // SQLITE_CONSTRAINT_UNIQUE
            #expect(e.code == 19)                // SQLITE_CONSTRAINT
            #expect(e.message.contains("UNIQUE constraint failed: u.code"))
            #expect(e.sql == "INSERT INTO u(code) VALUES (?)")
            #expect(e.description.contains("2067"))
            #expect(e.description.contains("INSERT INTO u(code) VALUES (?)"))
            #expect(!e.description.contains("secret-value-123"))
        }
    }

    @Test func prepareErrorNamesTheSQL() throws {
        let db = try Database(path: ":memory:")
        let e = #expect(throws: SQLiteError.self) { try db.prepare("SELEKT 1") }
        #expect(e?.code == 1)
        #expect(e?.sql == "SELEKT 1")
        #expect(e?.message.contains("syntax error") == true)
        let missing = #expect(throws: SQLiteError.self) { try db.execute("SELECT * FROM nowhere") }
        #expect(missing?.message.contains("no such table: nowhere") == true)
    }

    @Test func openFailureThrowsCantOpen() throws {
        let e = #expect(throws: SQLiteError.self) { try Database(path: "/proc/aidledger-no-such-dir/x/ledger.sqlite") }
        #expect(e?.code == 14)  // SQLITE_CANTOPEN
        #expect(e?.message.contains("cannot open database") == true)
    }

    @Test func statementIsReusedAndResetClearsBindings() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t(v INTEGER)")
        let ins = try db.prepare("INSERT INTO t(v) VALUES (?)")
        for i in 1...100 { try ins.bind(i, at: 1); try ins.run() }
        #expect(try db.scalarInt("SELECT SUM(v) FROM t") == 5050)
        let q = try db.prepare("SELECT v FROM t WHERE v > ? ORDER BY v")
        try q.bind(98, at: 1)
        #expect(try q.step())
        #expect(q.isBusy)
        #expect(q.int(0) == 99)
        q.reset()
        #expect(!q.isBusy)
        try q.bind(99, at: 1)
        var seen: [Int] = []
        while try q.step() { seen.append(q.int(0)) }
        #expect(seen == [100])
        q.reset()
        // After reset the parameter is NULL again: `v > NULL` matches nothing.
        #expect(try q.step() == false)
    }

    @Test func transactionCommitsOrRollsBack() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t(v INTEGER)")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        #expect(db.isAutocommit)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM t") == 0)
        let n = try db.transaction { () throws -> Int in
            try db.execute("INSERT INTO t VALUES (1), (2)")
            return db.changes
        }
        #expect(n == 2)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM t") == 2)
    }

    @Test func fileDatabaseGetsPragmas() throws {
        try withTemporaryPath { path in
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let db = try Database(path: path)
            #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
            #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
            #expect(try db.scalarInt("PRAGMA busy_timeout") == 5000)
            #expect(try db.scalarInt("PRAGMA synchronous") == 1)  // NORMAL
        }
    }

    @Test func sha256KnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // 55, 56 and 64 bytes: the padding edge cases.
        #expect(SHA256.hex(String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex(String(repeating: "a", count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex(String(repeating: "a", count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func centsRoundHalfEvenAndRenderPlain() {
        #expect(Cents.from(dec("500000000")) == 50_000_000_000)
        #expect(Cents.from(dec("1.25")) == 125)
        #expect(Cents.from(dec("0.125")) == 12)     // half to even: down
        #expect(Cents.from(dec("0.135")) == 14)     // half to even: up
        #expect(Cents.from(dec("0.1251")) == 13)
        #expect(Cents.from(dec("1e30")) == nil)     // does not fit in Int64
        #expect(Cents.string(50_000_000_000) == "500000000")
        #expect(Cents.string(125) == "1.25")
        #expect(Cents.string(50) == "0.5")
        #expect(Cents.string(5) == "0.05")
        #expect(Cents.string(0) == "0")
        #expect(Cents.string(-150) == "-1.5")
        #expect(Cents.string(Int64.max) == "92233720368547758.07")
        #expect(Cents.string(Int64.min) == "-92233720368547758.08")
        #expect(Cents.decimal(125) == dec("1.25"))
        #expect(Cents.grouped(50_000_000_000) == "500,000,000")
        #expect(Cents.grouped(125) == "1.25")
        #expect(Cents.grouped(-150_000) == "-1,500")
        #expect(Cents.grouped(99_999) == "999.99")
        #expect(Cents.grouped(100_000) == "1,000")
    }
}

@Suite struct DecimalConversionTests {
    @Test func centsRoundHalfEven() {
        let expected: [(String, Int64)] = [
            ("0", 0), ("1", 100), ("0.5", 50), ("1.25", 125), ("0.125", 12), ("0.135", 14), ("2.675", 268),
            ("0.005", 0), ("0.015", 2), ("-1.5", -150), ("-0.015", -2), ("500000000", 50_000_000_000),
            ("3000000000.004", 300_000_000_000), ("123456789012.345", 12_345_678_901_234), ("1e-7", 0),
            ("4.2e15", 420_000_000_000_000_000),
        ]
        for (text, cents) in expected {
            #expect(Cents.from(dec(text)) == cents, "\(text)")
        }
        #expect(Cents.from(dec("92233720368547758.08")) == nil)
        #expect(Cents.from(dec("-92233720368547758.08")) == Int64.min)
    }

    @Test func plainStringsHaveNoExponentOrTrailingZeros() {
        for s in ["0.5", "1.25", "0.125", "500000000", "-1.5", "123456789012.345", "1e-7", "4.2e15"] {
            #expect(dec(Cents.plainString(dec(s))) == dec(s), "\(s)")
            #expect(!Cents.plainString(dec(s)).contains("e"))
        }
        #expect(Cents.plainString(dec("3000000000")) == "3000000000")
        #expect(Cents.plainString(dec("1.250")) == "1.25")
        #expect(Cents.plainString(dec("0.001")) == "0.001")
        #expect(Cents.plainString(dec("-2.5")) == "-2.5")
        #expect(Cents.plainString(Decimal(sign: .plus, exponent: 3, significand: 7)) == "7000")
    }
}
