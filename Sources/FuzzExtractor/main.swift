// libFuzzer target: the whole extractor, front matter, recogniser and attribution (`make fuzz`;
// Sources/FuzzSupport). Article errors (bad front matter, binary, empty) are expected outcomes.
import AidExtraction
import Foundation
import FuzzSupport

enum Target {
    static let extractor = Extractor()

    static func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
        var texts = fuzzTexts(bytes)
        // As `ingest` reads a file (UTF-16 with a byte-order mark decoded), when that differs.
        if let decoded = try? Article.decodeText(bytes: bytes), decoded != texts[0] { texts.append(decoded) }
        for text in texts {
            guard let article = try? Article(text: text) else { continue }
            let result = extractor.extract(article)
            let nBytes = text.utf8.count, nScalars = text.unicodeScalars.count
            func inText(_ m: MoneyExpression) {
                fuzzCheck(article.bodyOffset.bytes <= m.byteStart && m.byteStart < m.byteEnd && m.byteEnd <= nBytes,
                          "byte span \(m.byteStart)..<\(m.byteEnd) outside the body")
                fuzzCheck(article.bodyOffset.scalars <= m.span.start && m.span.start < m.span.end && m.span.end <= nScalars,
                          "scalar span \(m.span.start)..<\(m.span.end) outside the body")
            }
            for mention in result.mentions {
                inText(mention.money)
                fuzzCheck(mention.sentenceSpan.start <= mention.sentenceSpan.end && mention.sentenceSpan.end <= nScalars,
                          "sentence span \(mention.sentenceSpan) outside the text")
                // The evidence sentence holds its money, even across a line break ("$\n1": a fuzz
                // finding, Tests/AidExtractionTests/FuzzRegressionTests.swift).
                fuzzCheck(mention.sentenceSpan.start <= mention.money.span.start
                          && mention.money.span.end <= mention.sentenceSpan.end,
                          "sentence span \(mention.sentenceSpan) does not hold its mention \(mention.money.span) '\(mention.money.text)'")
            }
            for (i, figure) in result.figures.enumerated() {
                inText(figure.money)
                figure.otherMentions.forEach(inText)
                if let p = figure.partOf {
                    fuzzCheck(p >= 0 && p < result.figures.count && p != i, "partOf \(p) is not another figure")
                }
            }
            _ = extractor.allMoney(in: article)
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
