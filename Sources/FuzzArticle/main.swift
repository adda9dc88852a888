// libFuzzer target: the front-matter parser, `Article(text:)` alone, and the file decoding before
// it, `Article.decodeText` (`make fuzz`; Sources/FuzzSupport). Throwing `ArticleError` is an
// expected outcome; anything else is a bug.
import AidExtraction
import Foundation
import FuzzSupport

enum Target {
    static func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
        // The file reader's decoding (`Article.decodeText`: BOMs, UTF-16, binary and invalid UTF-8
        // refused with an `ArticleError`), then the lossy and validating decodings of `fuzzTexts`.
        var texts = fuzzTexts(bytes)
        do {
            let decoded = try Article.decodeText(bytes: bytes)
            if bytes.first != 0xEF && bytes.first != 0xFE && bytes.first != 0xFF, let exact = String(validating: bytes, as: UTF8.self) {
                fuzzCheck(decoded == exact, "decodeText changed valid UTF-8 without a byte-order mark")
            }
            if decoded != texts[0] { texts.append(decoded) }
        } catch is ArticleError {
        } catch {
            fuzzCheck(false, "decodeText threw \(type(of: error)), not ArticleError")
        }
        for text in texts {
            let article: Article
            do { article = try Article(text: text) } catch is ArticleError { continue } catch {
                fuzzCheck(false, "Article(text:) threw \(type(of: error)), not ArticleError"); continue
            }
            let off = article.bodyOffset
            fuzzCheck(off.bytes >= 0 && off.bytes <= text.utf8.count, "body byte offset \(off.bytes) outside the text")
            fuzzCheck(off.scalars >= 0 && off.scalars <= off.bytes, "body scalar offset \(off.scalars) > bytes \(off.bytes)")
            fuzzCheck(article.body.utf8.count == text.utf8.count - off.bytes, "body is not the text after its offset")
            fuzzCheck(text.unicodeScalars[..<article.body.startIndex].count == off.scalars, "scalar offset disagrees with the body")
            if let d = article.metadata.published { fuzzCheck(Article.isISODate(d), "published '\(d)' is not an ISO date") }
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
