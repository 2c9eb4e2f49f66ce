import Testing
@testable import CTGModel

@Test func boxUnion() {
    let a = Box(x0: 0, y0: 0, x1: 1, y1: 1), b = Box(x0: 2, y0: -1, x1: 3, y1: 0.5)
    #expect(a.union(b) == Box(x0: 0, y0: -1, x1: 3, y1: 1))
}
