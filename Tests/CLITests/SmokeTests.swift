import Testing
@Test func smokeCLITests() { #expect(1 + 1 == 2) }
