import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Monotonic seconds since an arbitrary origin.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Seconds `body` takes.
func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = now()
    try body()
    return now() - start
}

func median(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return .nan }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// The result of one child process.
struct ChildResult {
    var status: Int32          // exit status, or 128+signal
    var seconds: Double        // wall time
    var peakKB: Int            // the child's VmHWM (peak resident set), in KiB, sampled every ≤ 5 ms
    var stdout: String
    var stderr: String
    var timedOut: Bool
    /// User + system CPU seconds of the child, all its threads (wait4's rusage): less sensitive
    /// than wall time to other work on the machine.
    var cpuSeconds: Double = 0
    var ok: Bool { status == 0 && !timedOut }
    /// The last non-empty line of stderr (or stdout), for "n/a: …" notes.
    var why: String {
        if timedOut { return "timed out after \(Int(seconds)) s" }
        let line = (stderr + "\n" + stdout).split(separator: "\n").last.map(String.init) ?? ""
        return "exit \(status)" + (line.isEmpty ? "" : ": " + String(line.prefix(120)))
    }
}

/// Runs `argv` as a child with stdout and stderr sent to temporary files, kills it (by its own pid)
/// after `timeout` seconds, and samples its peak resident memory (VmHWM) while it runs.
func runChild(_ argv: [String], timeout: Double, scratch: String) -> ChildResult {
    let outPath = scratch + "/child.out", errPath = scratch + "/child.err"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
    cargs.append(nil)
    defer { for p in cargs { free(p) } }
    var pid: pid_t = 0
    let start = now()
    let rc = posix_spawn(&pid, argv[0], &actions, nil, cargs, environ)
    if rc != 0 {
        return ChildResult(status: 127, seconds: 0, peakKB: 0, stdout: "",
                           stderr: "cannot start \(argv[0]): \(String(cString: strerror(rc)))", timedOut: false)
    }
    var status: Int32 = 0
    var usage = rusage()
    var timedOut = false
    var sleepNs = 200_000
    var peakKB = 0
    let statusPath = "/proc/\(pid)/status"
    while true {
        // Peak RSS: the child's own VmHWM, sampled while it runs (high-water marks only grow, so
        // the last sample before exit is the peak, short of growth in the final interval). Not
        // wait4's ru_maxrss: on Linux a spawned child inherits the parent's high-water mark at exec.
        peakKB = max(peakKB, vmHWM(statusPath))
        let r = wait4(pid, &status, WNOHANG, &usage)
        if r == pid { break }
        if r < 0 && errno != EINTR { break }
        if !timedOut && now() - start > timeout {
            kill(pid, SIGKILL)   // our own child, by its pid
            timedOut = true
        }
        usleep(UInt32(sleepNs / 1000))
        sleepNs = min(sleepNs * 2, 5_000_000)
    }
    let seconds = now() - start
    // WIFEXITED / WEXITSTATUS / WTERMSIG are C macros: decode by hand.
    let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return ChildResult(status: exitCode, seconds: seconds, peakKB: peakKB, stdout: out,
                       stderr: err, timedOut: timedOut, cpuSeconds: cpu)
}

/// VmHWM (peak resident set, KiB) from a /proc/<pid>/status file, 0 when unreadable.
func vmHWM(_ path: String) -> Int {
    guard let f = fopen(path, "r") else { return 0 }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), f) != nil {
        let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if s.hasPrefix("VmHWM:") {
            return Int(s.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").first ?? "") ?? 0
        }
    }
    return 0
}

/// Output of a shell-free command (`git`, `nproc`), trimmed; nil on failure.
func capture(_ argv: [String], scratch: String) -> String? {
    let r = runChild(argv, timeout: 20, scratch: scratch)
    guard r.ok else { return nil }
    return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// The 1-, 5- and 15-minute load averages: other work on the machine lowers every figure.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// What the figures were measured on and with.
struct MachineInfo {
    var cores: Int
    var cpu: String
    var memory: String
    var memoryKB: Int
    var date: String
    var commit: String
    var swift: String

    static func collect(scratch: String) -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let cpu = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let kb = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        let memory = String(format: "%.1f GiB", Double(kb) / 1_048_576)
        let cores = Int(capture(["/usr/bin/nproc"], scratch: scratch) ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
        var commit = capture(["/usr/bin/git", "rev-parse", "--short", "HEAD"], scratch: scratch) ?? "unknown"
        if let st = capture(["/usr/bin/git", "status", "--porcelain"], scratch: scratch), !st.isEmpty {
            commit += "-dirty"
        }
        let swift = capture(["/usr/bin/env", "swift", "--version"], scratch: scratch)?
            .split(separator: "\n").first.map(String.init) ?? "unknown"
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return MachineInfo(cores: cores, cpu: cpu, memory: memory, memoryKB: kb, date: f.string(from: Date()),
                           commit: commit, swift: swift)
    }
}

/// Writes `s` to standard error.
func eprint(_ s: String) {
    FileHandle.standardError.write(Data(s.utf8))
}
