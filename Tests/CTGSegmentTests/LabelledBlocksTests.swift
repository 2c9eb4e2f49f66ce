import Testing
@testable import CTGSegment
