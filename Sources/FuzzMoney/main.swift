// libFuzzer target: the money recogniser on arbitrary text (`make fuzz`; Sources/FuzzSupport).
import AidExtraction
import Foundation
import FuzzSupport

enum Target {
    static let recognizer = MoneyRecognizer()

    static func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
        for text in fuzzTexts(bytes) {
            let found = recognizer.recognize(text)
            checkMoney(found, in: text[...])
            // A slice, as callers pass it (an article body after its front matter).
            if let nl = text.utf8.firstIndex(of: 10) {
                let rest = text[text.utf8.index(after: nl)...]
                checkMoney(recognizer.recognize(rest), in: rest)
            }
        }
    }

    /// Spans lie inside the text, in order, and agree with the surface text.
    static func checkMoney(_ found: [MoneyExpression], in text: Substring) {
        let bytes = Array(text.utf8)
        let scalars = text.unicodeScalars.count
        var lastStart = -1
        for m in found {
            fuzzCheck(0 <= m.byteStart && m.byteStart < m.byteEnd && m.byteEnd <= bytes.count,
                      "byte span \(m.byteStart)..<\(m.byteEnd) outside 0..<\(bytes.count)")
            fuzzCheck(0 <= m.span.start && m.span.start < m.span.end && m.span.end <= scalars,
                      "scalar span \(m.span.start)..<\(m.span.end) outside 0..<\(scalars)")
            fuzzCheck(m.byteStart >= lastStart, "expressions out of text order")
            lastStart = m.byteStart
            fuzzCheck(m.currency.utf8.count == 3, "currency '\(m.currency)' is not a code")
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
