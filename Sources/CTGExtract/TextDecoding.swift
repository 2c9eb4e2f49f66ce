import CTGModel
import Foundation

/// Detects the encoding of a text dump and decodes it: UTF-8 (with or without BOM), UTF-16 (BOM or
/// zero-byte pattern), otherwise Windows-1252 (a superset of Latin-1's printable range).
public enum TextDecoding {
    public struct Decoded: Sendable {
        public var text: String
        /// "utf-8", "utf-16le", "utf-16be", "windows-1252"
        public var encoding: String
    }

    public static func decode(_ data: Data) throws(InputError) -> Decoded {
        if data.isEmpty { throw InputError(.empty, "empty file") }
        let b = [UInt8](data)
        if b.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try utf8(Array(b.dropFirst(3)))
        }
        if b.starts(with: [0xFF, 0xFE]) { return try utf16(Array(b.dropFirst(2)), littleEndian: true) }
        if b.starts(with: [0xFE, 0xFF]) { return try utf16(Array(b.dropFirst(2)), littleEndian: false) }
        // UTF-16 without BOM: most ASCII characters leave a zero in every other byte.
        let sample = b.prefix(4096)
        if sample.count >= 4 {
            var evenZeros = 0, oddZeros = 0
            for (i, x) in sample.enumerated() where x == 0 { if i % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 } }
            let half = sample.count / 2
            if oddZeros > half * 6 / 10 && evenZeros < half / 20 { return try utf16(b, littleEndian: true) }
            if evenZeros > half * 6 / 10 && oddZeros < half / 20 { return try utf16(b, littleEndian: false) }
        }
        try rejectBinary(b)
        if let s = String(validating: b, as: UTF8.self) { return Decoded(text: s, encoding: "utf-8") }
        return Decoded(text: windows1252(b), encoding: "windows-1252")
    }

    static func utf8(_ b: [UInt8]) throws(InputError) -> Decoded {
        try rejectBinary(b)
        guard let s = String(validating: b, as: UTF8.self) else {
            return Decoded(text: windows1252(b), encoding: "windows-1252")
        }
        return Decoded(text: s, encoding: "utf-8")
    }

    static func utf16(_ b: [UInt8], littleEndian: Bool) throws(InputError) -> Decoded {
        var units: [UInt16] = []
        units.reserveCapacity(b.count / 2)
        var i = 0
        while i + 1 < b.count {
            units.append(littleEndian ? UInt16(b[i]) | UInt16(b[i + 1]) << 8 : UInt16(b[i]) << 8 | UInt16(b[i + 1]))
            i += 2
        }
        let s = String(decoding: units, as: UTF16.self)
        let controls = s.unicodeScalars.filter { $0.value < 32 && !"\n\r\t\u{0C}".unicodeScalars.contains($0) }.count
        if s.unicodeScalars.isEmpty || controls * 100 > s.unicodeScalars.count {
            throw InputError(.binary, "binary data, not text (control characters in UTF-16 text)")
        }
        return Decoded(text: s, encoding: littleEndian ? "utf-16le" : "utf-16be")
    }

    /// Text never holds NUL bytes and rarely C0 controls other than tab, newline, carriage return, form feed.
    static func rejectBinary(_ b: [UInt8]) throws(InputError) {
        let sample = b.prefix(65536)
        var controls = 0
        for x in sample {
            if x == 0 { throw InputError(.binary, "binary data, not text (NUL bytes)") }
            if x < 32 && x != 9 && x != 10 && x != 13 && x != 12 { controls += 1 }
        }
        if controls * 100 > sample.count { throw InputError(.binary, "binary data, not text (\(controls) control bytes)") }
    }

    /// Windows-1252: Latin-1 with printable characters in 0x80–0x9F.
    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    public static func windows1252(_ b: [UInt8]) -> String {
        var s = String.UnicodeScalarView()
        for x in b {
            let v: UInt32 = (0x80...0x9F).contains(x) ? cp1252High[Int(x) - 0x80] : UInt32(x)
            s.append(Unicode.Scalar(v)!)
        }
        return String(s)
    }
}
