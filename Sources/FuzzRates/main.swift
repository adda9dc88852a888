// libFuzzer target: the rate-file parser, `RateFile.parse` (no database; `make fuzz`;
// Sources/FuzzSupport). Throwing `LedgerError` is an expected outcome; anything else is a bug.
import AidLedger
import Foundation
import FuzzSupport

enum Target {
    static func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
        for text in fuzzTexts(bytes) {
            let rows: [RateRow]
            do { rows = try RateFile.parse(text) } catch is LedgerError { continue } catch {
                fuzzCheck(false, "RateFile.parse threw \(type(of: error)), not LedgerError"); continue
            }
            for r in rows {
                fuzzCheck(r.date.utf8.count == 10 && r.base.utf8.count == 3 && r.quote.utf8.count == 3,
                          "malformed row \(r)")
                fuzzCheck(!r.rate.isEmpty && r.rate.utf8.allSatisfy { $0 == 46 || (48...57).contains($0) },
                          "rate '\(r.rate)' is not a plain decimal")
            }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Target.fuzzOne(UnsafeBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
exit(fuzzRunDriver { data, size in data.map { fuzz($0, size) } ?? 0 })
#else
fuzzReplay(Array(CommandLine.arguments.dropFirst()), Target.fuzzOne)
#endif
