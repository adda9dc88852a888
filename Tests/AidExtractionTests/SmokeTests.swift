import Testing
@Test func smokeAidExtractionTests() { #expect(1 + 1 == 2) }
