import Foundation
import Testing

/// Runs the built `aidledger` binary (next to the test bundle in the build folder) in a
/// temporary working folder with its own database.
struct CLI {
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let explicit = ProcessInfo.processInfo.environment["AIDLEDGER_BIN"] {
            return URL(fileURLWithPath: explicit)
        }
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("aidledger")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repoRoot.appendingPathComponent(".build/debug/aidledger")
    }

    let workdir: URL
    var db: String { workdir.appendingPathComponent("ledger.sqlite").path }

    init() throws {
        workdir = FileManager.default.temporaryDirectory
            .appendingPathComponent("aidledger-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the working folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = workdir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Runs `aidledger args…` with `AIDLEDGER_DB` pointing at this test's database.
    func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:], cwd: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = args
        process.currentDirectoryURL = cwd ?? workdir
        var env = ProcessInfo.processInfo.environment
        env["AIDLEDGER_DB"] = db
        env["XDG_CONFIG_HOME"] = workdir.appendingPathComponent("config").path
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self),
                      status: process.terminationStatus)
    }

    /// Runs and expects success; returns stdout.
    func ok(_ args: [String], stdin: String? = nil, environment: [String: String] = [:],
            sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try run(args, stdin: stdin, environment: environment)
        #expect(r.status == 0, "aidledger \(args.joined(separator: " ")) failed: \(r.stderr)", sourceLocation: sourceLocation)
        return r.stdout
    }

    static var sampleArticle: String { repoRoot.appendingPathComponent("seeds/articles/kremlin-welcomes-talks.txt").path }
}

/// Runs the binary as an unprivileged user (uid/gid 65534 through `setpriv`) when the tests run
/// as root — CI does, and root reads a file of mode 000 — so permission failures are real.
enum AsNobody {
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isRoot: Bool { geteuid() == 0 }

    static func run(_ args: [String], binary: String, db: String, dir: URL) throws -> CLI.Result {
        let process = Process()
        if isRoot, let setpriv {
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + args
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = args
        }
        process.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["AIDLEDGER_DB"] = db
        env["HOME"] = dir.path
        env["XDG_CONFIG_HOME"] = dir.appendingPathComponent("config").path
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self), status: process.terminationStatus)
    }
}
