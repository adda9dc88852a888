import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every input failure (docs/errors.md) is one `error: FILE: reason` line, exit 1 and an
/// unchanged ledger; `ingest --keep-going` commits the good files, lists the bad ones as
/// `skipped FILE: reason` and exits 2 (1 when no file could be read).
@Suite(.serialized) struct InputFailureTests {
    // MARK: - helpers

    /// A CLI whose ledger already holds the sample article (so "unchanged" means something).
    static func seededCLI() throws -> CLI {
        let cli = try CLI()
        _ = try cli.ok(["ingest", "--rules-only", CLI.sampleArticle])
        return cli
    }

    /// What the ledger holds, as the user sees it: every flow and every article.
    static func snapshot(_ cli: CLI) throws -> String {
        try cli.ok(["export", "--format", "csv"]) + "\n" + cli.ok(["list", "--articles"])
    }

    /// Writes raw bytes into the CLI's working folder.
    @discardableResult
    static func writeBytes(_ cli: CLI, _ name: String, _ bytes: [UInt8]) throws -> String {
        let url = cli.workdir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Exit `status`, exactly one stderr line, starting `error: `, naming `file`, containing `reason`.
    static func expectOneError(_ r: CLI.Result, file: String, reason: String, status: Int32 = 1,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "exit \(r.status), stderr: \(r.stderr)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast(r.stderr.hasSuffix("\n") ? 1 : 0)
        #expect(lines.count == 1, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix("error: "), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(line.contains(file), "'\(line)' does not name \(file)", sourceLocation: sourceLocation)
        #expect(line.contains(reason), "'\(line)' does not say '\(reason)'", sourceLocation: sourceLocation)
    }

    /// `ingest PATH` fails with one line naming `file` (default PATH) and `reason`; the ledger is unchanged.
    static func expectIngestFails(_ cli: CLI, _ args: [String], file: String? = nil, reason: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try snapshot(cli)
        let r = try cli.run(["ingest", "--rules-only"] + args)
        expectOneError(r, file: file ?? args.last ?? "", reason: reason, sourceLocation: sourceLocation)
        #expect(r.stdout == "", "stdout: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(try snapshot(cli) == before, "the ledger changed", sourceLocation: sourceLocation)
    }

    static let body = "Norway gave $5 million to Chad for flood relief.\n"

    // MARK: - one error line per failure

    @Test func missingPath() throws {
        let cli = try Self.seededCLI()
        let path = cli.workdir.appendingPathComponent("nope.txt").path
        try Self.expectIngestFails(cli, [path], reason: "no such file or directory")
        try Self.expectIngestFails(cli, ["nope-relative.txt"], reason: "no such file or directory")
    }

    @Test func brokenSymbolicLink() throws {
        let cli = try Self.seededCLI()
        let link = cli.workdir.appendingPathComponent("dangling.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/nonexistent/target.txt")
        try Self.expectIngestFails(cli, [link], reason: "broken symbolic link")
        // inside a folder too: a *.txt link that leads nowhere is an input failure, not ignored
        let folder = cli.workdir.appendingPathComponent("withlink")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("gone.txt").path,
                                                   withDestinationPath: "/nonexistent/gone.txt")
        try Self.expectIngestFails(cli, [folder.path], file: "gone.txt", reason: "broken symbolic link")
    }

    @Test func binaryFileWithNULBytes() throws {
        let cli = try Self.seededCLI()
        let path = try Self.writeBytes(cli, "image.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0])
        try Self.expectIngestFails(cli, [path], reason: "binary file, not text (NUL byte at byte offset 8)")
    }

    @Test func binaryFileWithoutNULBytes() throws {
        let cli = try Self.seededCLI()
        var bytes: [UInt8] = []
        for i in 0..<512 { bytes.append(i % 4 == 0 ? UInt8(1 + i % 8) : UInt8(0x80 + i % 120)) }  // control bytes, no NUL
        let path = try Self.writeBytes(cli, "random.txt", bytes)
        try Self.expectIngestFails(cli, [path], reason: "binary file, not text")
    }

    @Test func invalidUTF8NamesTheByteOffset() throws {
        let cli = try Self.seededCLI()
        // "Caf\xE9" in Latin-1 on the second line: "Aid news\nCaf" is 12 bytes
        let path = try Self.writeBytes(cli, "latin1.txt", Array("Aid news\nCaf".utf8) + [0xE9] + Array(" gets $5 million.\n".utf8))
        try Self.expectIngestFails(cli, [path], reason: "invalid UTF-8 at byte offset 12 (line 2, byte 0xE9)")
    }

    @Test func utf16WithoutByteOrderMarkIsRefused() throws {
        let cli = try Self.seededCLI()
        let le = try Self.writeBytes(cli, "le.txt", Array(Self.body.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        try Self.expectIngestFails(cli, [le], reason: "looks like UTF-16 without a byte-order mark; convert it to UTF-8")
        let be = try Self.writeBytes(cli, "be.txt", Array(Self.body.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
        try Self.expectIngestFails(cli, [be], reason: "looks like UTF-16 without a byte-order mark; convert it to UTF-8")
    }

    @Test func utf16WithByteOrderMarkIsDecodedAndIngested() throws {
        for bigEndian in [false, true] {
            let cli = try CLI()
            let text = "---\ntitle: Chad floods – “relief”\npublished: 2025-03-04\n---\n" + Self.body
            let units = text.utf16.flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            let path = try Self.writeBytes(cli, "utf16.txt", (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) + units)
            let out = try cli.ok(["ingest", "--rules-only", path])
            #expect(out.contains("ingested 1 article (1 figure)"), "\(out)")
            let articles = try cli.ok(["list", "--articles"])
            #expect(articles.contains("2025-03-04"))
            #expect(articles.contains("Chad floods – “relief”"))
            let csv = try cli.ok(["export", "--format", "csv"])
            #expect(csv.contains("5000000"))
            #expect(csv.contains("Norway"))
            // the same article in UTF-8 is the same article: nothing new
            let utf8 = try cli.write("utf8.txt", text)
            #expect(try cli.ok(["ingest", "--rules-only", utf8]).contains("1 already present"))
        }
    }

    @Test func utf8ByteOrderMarkIsStripped() throws {
        let cli = try CLI()
        let text = "---\ntitle: With a BOM\npublished: 2025-03-05\n---\n" + Self.body
        let path = try Self.writeBytes(cli, "bom.txt", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let out = try cli.ok(["ingest", "--rules-only", path])
        #expect(out.contains("ingested 1 article (1 figure)"), "\(out)")
        let articles = try cli.ok(["list", "--articles"])
        #expect(articles.contains("With a BOM"))   // the front matter was seen: the mark is gone
        #expect(articles.contains("2025-03-05"))
        let plain = try cli.write("plain.txt", text)
        #expect(try cli.ok(["ingest", "--rules-only", plain]).contains("1 already present"))
    }

    @Test func emptyFiles() throws {
        let cli = try Self.seededCLI()
        try Self.expectIngestFails(cli, [try Self.writeBytes(cli, "empty.txt", [])], reason: "empty file")
        try Self.expectIngestFails(cli, [try cli.write("blank.txt", "  \n\t\r\n\n")], reason: "empty file (only white space)")
        try Self.expectIngestFails(cli, [try Self.writeBytes(cli, "bomonly.txt", [0xEF, 0xBB, 0xBF])], reason: "empty file")
        try Self.expectIngestFails(cli, [try cli.write("frontonly.txt", "---\ntitle: Nothing\n---\n\n")],
                                   reason: "empty article: nothing after the front matter")
        // stdin is named <stdin>
        let before = try Self.snapshot(cli)
        let r = try cli.run(["ingest", "--rules-only", "-"], stdin: "")
        Self.expectOneError(r, file: "<stdin>", reason: "empty file")
        #expect(try Self.snapshot(cli) == before)
    }

    @Test(arguments: [
        ("---\npublished: last week\n---\nBody $5 million.\n", "front matter 'published' must be YYYY-MM-DD, got 'last week'"),
        ("---\ntitle: never closed\nsource: wire\n", "front matter opened with '---' is never closed"),
        ("---\nthis line has no colon\n---\nBody $5 million.\n", "front matter line 2 is not 'key: value'"),
        ("---\npublished: 2025-01-10\rlater\n---\nBody $5 million.\n", "got '2025-01-10 later'"),
    ])
    func badFrontMatter(_ text: String, _ reason: String) throws {
        let cli = try Self.seededCLI()
        try Self.expectIngestFails(cli, [try cli.write("front.txt", text)], reason: reason)
    }

    @Test func folderLoopIsNamed() throws {
        let cli = try Self.seededCLI()
        let root = cli.workdir.appendingPathComponent("corpus")
        let inner = root.appendingPathComponent("2025/march")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try cli.write("corpus/2025/march/a.txt", Self.body)
        try FileManager.default.createSymbolicLink(atPath: inner.appendingPathComponent("back").path, withDestinationPath: "../..")
        try Self.expectIngestFails(cli, [root.path], file: "corpus/2025/march/back", reason: "folder loop (it leads back to \(root.path))")
    }

    @Test func aFolderReachedTwiceByLinksIsNoLoop() throws {
        let cli = try CLI()
        try cli.write("shared/a.txt", Self.body)
        try FileManager.default.createDirectory(at: cli.workdir.appendingPathComponent("top"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: cli.workdir.appendingPathComponent("top/one").path,
                                                   withDestinationPath: cli.workdir.appendingPathComponent("shared").path)
        try FileManager.default.createSymbolicLink(atPath: cli.workdir.appendingPathComponent("top/two").path,
                                                   withDestinationPath: cli.workdir.appendingPathComponent("shared").path)
        let out = try cli.ok(["ingest", "--rules-only", cli.workdir.appendingPathComponent("top").path])
        #expect(out.contains("ingested 1 article (1 figure), 0 already present"), "\(out)")
    }

    @Test func aFolderGivenAsARateFileOrAFileInsteadOfAFolder() throws {
        let cli = try Self.seededCLI()
        let folder = cli.workdir.appendingPathComponent("afolder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let r = try cli.run(["rates", "import", folder.path])
        Self.expectOneError(r, file: folder.path, reason: "is a folder")
    }

    @Test func firstBadFileAbortsTheWholeRun() throws {
        let cli = try Self.seededCLI()
        let good = try cli.write("good.txt", Self.body)
        let bad = try Self.writeBytes(cli, "bad.txt", [0x41, 0, 0x42, 0, 0, 0, 7, 0xFF, 0])
        let alsoBad = try cli.write("alsobad.txt", "")
        try Self.expectIngestFails(cli, [good, bad, alsoBad], file: bad, reason: "binary file")
    }

    // MARK: - rate files

    static func rateCount(_ cli: CLI) throws -> String {
        // re-importing one known rate prints how many the ledger holds
        let good = try cli.write("one-rate.csv", "date,base,quote,rate\n2020-02-03,EUR,USD,1.1\n")
        return try cli.ok(["rates", "import", good])
    }

    @Test(arguments: [
        ("prose.csv", "The euro rose against the dollar today.\nAnalysts expect more.\n", "line 1: expected a header"),
        ("header.csv", "Currency,Rate\nUSD,1.1\n", "line 1: expected a header 'Date,USD,JPY,…' (ECB) or 'date,base,quote,rate'"),
        ("date.csv", "Date,USD\n2024-01-05,1.09\n2024-13-05,1.09\n", "line 3: '2024-13-05' is not a date (YYYY-MM-DD)"),
        ("number.csv", "Date,USD,JPY\n2024-01-05,1.09,160\n2024-01-06,abc,161\n", "line 3: 'abc' for USD is not a positive decimal rate or N/A"),
        ("long.csv", "date,base,quote,rate\n2024-01-05,EUR,USD,1.1\n2024-01-06,EUR,USD,-1\n", "line 3: '-1' is not a positive decimal rate"),
        ("fields.csv", "Date,USD,JPY\n2024-01-05,1.09\n", "line 2: expected 3 fields, found 2"),
        ("blank.csv", "\n  \n", "empty file"),
    ])
    func badRateFile(_ name: String, _ text: String, _ reason: String) throws {
        let cli = try Self.seededCLI()
        let counted = try Self.rateCount(cli)
        let before = try Self.snapshot(cli)
        let path = try cli.write(name, text)
        let r = try cli.run(["rates", "import", path])
        Self.expectOneError(r, file: path, reason: reason)
        #expect(try Self.rateCount(cli) == counted)   // no rate of the bad file was stored
        #expect(try Self.snapshot(cli) == before)
    }

    @Test func rateFileDecodingFailures() throws {
        let cli = try Self.seededCLI()
        let counted = try Self.rateCount(cli)
        let cases: [(String, [UInt8], String)] = [
            ("rates.bin", [0x50, 0x4B, 3, 4, 0, 0, 0, 8, 0], "binary file"),
            ("rates16.csv", Array("Date,USD\n2024-01-05,1.09\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
             "looks like UTF-16 without a byte-order mark"),
            ("ratesl1.csv", Array("Date,USD\n".utf8) + [0xA3], "invalid UTF-8 at byte offset 9 (line 2"),
            ("empty.csv", [], "empty file"),
        ]
        for (name, bytes, reason) in cases {
            let path = try Self.writeBytes(cli, name, bytes)
            Self.expectOneError(try cli.run(["rates", "import", path]), file: path, reason: reason)
        }
        let missing = cli.workdir.appendingPathComponent("missing.csv").path
        Self.expectOneError(try cli.run(["rates", "import", missing]), file: missing, reason: "no such file or directory")
        #expect(try Self.rateCount(cli) == counted)
        // a UTF-16 rate file with a byte-order mark is read
        let bom = try Self.writeBytes(cli, "bom16.csv", [0xFF, 0xFE] + Array("Date,USD\n2024-01-05,1.09\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        #expect(try cli.ok(["rates", "import", bom]).hasPrefix("imported 1 rate from"))
    }

    // MARK: - --keep-going

    @Test func keepGoingCommitsTheGoodFilesAndListsTheBad() throws {
        let cli = try Self.seededCLI()
        let good = try cli.write("in/good.txt", Self.body)
        let other = try cli.write("in/other.txt", "Sweden sent €3 million to Niger.\n")
        let binary = try Self.writeBytes(cli, "in/binary.txt", [1, 0, 2, 0, 0, 0, 0xFE])
        let empty = try cli.write("in/empty.txt", "")
        let front = try cli.write("in/front.txt", "---\npublished: soon\n---\nBody.\n")
        let loopTarget = cli.workdir.appendingPathComponent("in")
        try FileManager.default.createSymbolicLink(atPath: loopTarget.appendingPathComponent("loop").path, withDestinationPath: ".")
        let missing = cli.workdir.appendingPathComponent("missing.txt").path
        let r = try cli.run(["ingest", "--rules-only", "--keep-going", loopTarget.path, missing, CLI.sampleArticle])
        #expect(r.status == 2, "stderr: \(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(r.stderr)")
        #expect(lines.allSatisfy { $0.hasPrefix("skipped ") })
        #expect(!r.stderr.contains("error:"))
        for (file, reason) in [(binary, "binary file"), (empty, "empty file"), (front, "must be YYYY-MM-DD"),
                               (loopTarget.path + "/loop", "folder loop"), (missing, "no such file or directory")] {
            #expect(lines.contains { $0.hasPrefix("skipped \(file): ") && $0.contains(reason) }, "no skipped line for \(file): \(r.stderr)")
        }
        #expect(r.stdout.contains("added      #2  \(good)"))
        #expect(r.stdout.contains("added      #3  \(other)"))
        #expect(r.stdout.contains("ingested 2 articles (2 figures), 1 already present, 5 skipped, into"), "\(r.stdout)")
        let articles = try cli.ok(["list", "--articles"])
        #expect(articles.contains(good) && articles.contains(other))
        #expect(try cli.ok(["export", "--format", "csv"]).contains("5000000"))
    }

    @Test func keepGoingWithNothingReadableExitsOneAndAddsNothing() throws {
        let cli = try Self.seededCLI()
        let before = try Self.snapshot(cli)
        let a = try cli.write("a.txt", "")
        let b = try Self.writeBytes(cli, "b.txt", [0xC3, 0x28, 0x41])
        let missing = cli.workdir.appendingPathComponent("gone.txt").path
        let r = try cli.run(["ingest", "--rules-only", "--keep-going", a, b, missing])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("skipped ") }.count == 3, "\(r.stderr)")
        #expect(lines.filter { $0.hasPrefix("error: ") } == ["error: no article ingested: all 3 inputs were skipped"])
        #expect(lines.count == 4)
        #expect(r.stdout == "")
        #expect(try Self.snapshot(cli) == before)
        // only duplicates and bad files: something was read, so it is partial (2), not a failure
        let d = try cli.run(["ingest", "--rules-only", "--keep-going", CLI.sampleArticle, a])
        #expect(d.status == 2)
        #expect(d.stdout.contains("0 articles (0 figures), 1 already present, 1 skipped"))
        #expect(try Self.snapshot(cli) == before)
    }

    @Test func keepGoingOnAGoodRunIsAnOrdinaryRun() throws {
        let cli = try CLI()
        let r = try cli.run(["ingest", "--rules-only", "--keep-going", CLI.sampleArticle])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.hasSuffix("ingested 1 article (4 figures), 0 already present, into \(cli.db)\n"))
    }

    // MARK: - usage errors

    @Test func usageErrorsExit64() throws {
        let cli = try CLI()
        for args in [["ingest"], ["--no-such-option"], ["no-such-command"], ["totals", "--by", "colour"], ["show", "abc"]] {
            let r = try cli.run(args)
            #expect(r.status == 64, "aidledger \(args.joined(separator: " ")) exited \(r.status)")
        }
    }

    // MARK: - permissions, as an unprivileged user

    @Test(.enabled(if: Unprivileged.usable, Unprivileged.skipNote))
    func unreadableFileAndFolder() throws {
        let env = try Unprivileged()
        defer { env.cleanUp() }
        let sample = try env.write("sample.txt", String(contentsOfFile: CLI.sampleArticle, encoding: .utf8))
        _ = try env.ok(["ingest", "--rules-only", sample])
        let before = try env.snapshot()

        let secret = try env.write("secret.txt", Self.body, mode: 0o000)
        var r = try env.run(["ingest", "--rules-only", secret])
        Self.expectOneError(r, file: secret, reason: "permission denied")
        #expect(try env.snapshot() == before)

        let locked = env.dir.appendingPathComponent("locked").path
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o000])
        r = try env.run(["ingest", "--rules-only", locked])
        Self.expectOneError(r, file: locked, reason: "permission denied (cannot list the folder)")
        #expect(try env.snapshot() == before)

        // a folder with one readable and one unreadable article: without --keep-going nothing is added
        let good = try env.write("mixed/good.txt", Self.body)
        let hidden = try env.write("mixed/hidden.txt", Self.body.replacingOccurrences(of: "Norway", with: "Denmark"), mode: 0o000)
        r = try env.run(["ingest", "--rules-only", env.dir.appendingPathComponent("mixed").path])
        Self.expectOneError(r, file: hidden, reason: "permission denied")
        #expect(try env.snapshot() == before)

        // with it, the readable one is committed and the other skipped
        r = try env.run(["ingest", "--rules-only", "--keep-going", env.dir.appendingPathComponent("mixed").path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr == "skipped \(hidden): permission denied\n")
        #expect(try env.ok(["list", "--articles"]).contains(good))

        // rate files too
        let rates = try env.write("rates.csv", "Date,USD\n2024-01-05,1.09\n", mode: 0o000)
        r = try env.run(["rates", "import", rates])
        Self.expectOneError(r, file: rates, reason: "permission denied")
    }
}

/// Runs the binary as uid/gid 65534 through `setpriv` (CI runs as root, and root reads a mode
/// 000 file), in a world-writable folder under /tmp holding a copy of the binary and the ledger.
struct Unprivileged {
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isRoot: Bool { geteuid() == 0 }
    /// As root the test needs setpriv; as an ordinary user the permission bits apply already.
    static var usable: Bool { !isRoot || setpriv != nil }
    static let skipNote: Comment = "setpriv (util-linux) is missing: permission errors cannot be tested as root; install util-linux"

    let dir: URL
    let binary: String
    var db: String { dir.appendingPathComponent("ledger.sqlite").path }

    init() throws {
        dir = URL(fileURLWithPath: "/tmp/aidledger-perm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dir.path)
        binary = dir.appendingPathComponent("aidledger").path
        try FileManager.default.copyItem(atPath: CLI.binary.path, toPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
    }

    /// Writes `text` (mode `mode`) and returns its path; folders on the way are 0777.
    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o777])
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    func run(_ args: [String]) throws -> CLI.Result { try AsNobody.run(args, binary: binary, db: db, dir: dir) }

    func ok(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try run(args)
        #expect(r.status == 0, "aidledger \(args.joined(separator: " ")) failed: \(r.stderr)", sourceLocation: sourceLocation)
        return r.stdout
    }

    func snapshot() throws -> String {
        try ok(["export", "--format", "csv"]) + "\n" + ok(["list", "--articles"])
    }

    /// Gives every file back its permissions, then removes the folder.
    func cleanUp() {
        if let walker = FileManager.default.enumerator(atPath: dir.path) {
            while let entry = walker.nextObject() as? String {
                _ = chmod(dir.appendingPathComponent(entry).path, 0o777)
            }
        }
        _ = chmod(dir.appendingPathComponent("locked").path, 0o777)
        try? FileManager.default.removeItem(at: dir)
    }
}
