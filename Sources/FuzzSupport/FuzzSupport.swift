import Foundation
#if FUZZING
import FuzzDriver
#endif

// Shared by the libFuzzer targets (Sources/Fuzz*/main.swift, `make fuzz`).
//
// Each target is one `fuzzOne(bytes)` function behind `LLVMFuzzerTestOneInput`. Built for
// fuzzing (`-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING`, see the Makefile) its
// main.swift hands that function to libFuzzer's driver (`fuzzRunDriver`); built normally
// (`swift build`) the same target is a replayer: `FuzzMoney FILE_OR_DIR…` runs `fuzzOne` once on
// every file, so a crash the fuzzer saved can be reproduced and debugged without the sanitizers.

#if FUZZING
/// Runs libFuzzer (its command line: `-max_total_time=N CORPUS…`) on `callback`; its exit status.
public func fuzzRunDriver(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
#endif

/// A failed invariant: stops the process (a trap, which libFuzzer reports as a crash and saves).
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError("fuzz invariant: \(message())", file: file, line: line) }
}

/// The two ways a reader turns bytes into text: lossy (invalid UTF-8 becomes U+FFFD) and, when
/// the bytes are valid UTF-8 and the lossy text differs (never, for valid input), validating.
public func fuzzTexts(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
    let lossy = String(decoding: bytes, as: UTF8.self)
    guard let exact = String(validating: bytes, as: UTF8.self) else { return [lossy] }
    fuzzCheck(exact == lossy, "validating and lossy decoding differ on valid UTF-8")
    return [exact]
}

/// Replays files (folders: every regular file inside) through `body`; prints how many ran.
public func fuzzReplay(_ arguments: [String], _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    let fm = FileManager.default
    var files: [String] = []
    for path in arguments {
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            FileHandle.standardError.write(Data("error: \(path): no such file\n".utf8)); exit(1)
        }
        if isDir.boolValue {
            let names = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            files += names.sorted().map { path + "/" + $0 }
        } else {
            files.append(path)
        }
    }
    if arguments.isEmpty {
        FileHandle.standardError.write(Data("usage: \(CommandLine.arguments[0]) FILE_OR_DIR… (a replayer; build with -DFUZZING -sanitize=fuzzer for libFuzzer)\n".utf8))
        exit(64)
    }
    for f in files {
        guard let data = fm.contents(atPath: f) else { continue }
        data.withUnsafeBytes { raw in body(raw.bindMemory(to: UInt8.self)) }
    }
    print("replayed \(files.count) input(s)")
}
