// Placeholder so that SwiftPM finds the test target declared in Package.swift; the stage owner replaces it.
import Testing
