import Foundation
import Testing
@testable import AidExtraction

/// Amounts are ordered through doubles only when those settle it; these pairs would be ordered
/// wrongly (or called equal) by their doubles alone.
@Suite("Exact ordering of amounts")
struct ExactOrderTests {
    func d(_ s: String) -> Decimal { Decimal(string: s) ?? .nan }
    func dbl(_ x: Decimal) -> Double { (x as NSDecimalNumber).doubleValue }

    @Test func closeAmountsFallBackToDecimal() {
        let a = d("1000000000000000000001"), b = d("1000000000000000000002")
        #expect(dbl(a) == dbl(b))  // the doubles cannot tell them apart
        #expect(ExactOrder.less(a, dbl(a), than: b, dbl(b)))
        #expect(!ExactOrder.less(b, dbl(b), than: a, dbl(a)))
        #expect(!ExactOrder.less(a, dbl(a), than: a, dbl(a)))
    }

    @Test func distantAmountsOrderAsDecimalsDo() {
        let values = ["0", "0.01", "3", "3.5", "2500000", "2500000.01", "7000000000", "12345678901234567890"].map(d)
        for x in values {
            for y in values {
                #expect(ExactOrder.less(x, dbl(x), than: y, dbl(y)) == (x < y), "\(x) < \(y)")
            }
        }
    }
}
