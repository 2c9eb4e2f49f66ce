import CTGModel
import Foundation

/// Writes document JSON deterministically (sorted keys, stable order) and atomically (temp file, then rename).
public enum Emitter {
    /// Pretty, sorted JSON for a document file.
    public static func documentJSON(_ record: DocumentRecord) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try e.encode(record)
        data.append(0x0A)
        return data
    }

    /// The compact line of a document from its pretty JSON (`documentJSON`): the same bytes as `jsonLine` of the
    /// same value (both come from one encoder with sorted keys; pretty printing only adds whitespace outside string
    /// literals, which this drops), without encoding the value a second time.
    public static func compactLine(fromPretty pretty: Data) -> Data {
        // Bytes copied through raw buffers: `Data.append` of one byte costs a call into Foundation.
        var out = Data(count: pretty.count + 1)
        let n = out.withUnsafeMutableBytes { (dst: UnsafeMutableRawBufferPointer) -> Int in
            pretty.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> Int in
                var n = 0
                var inString = false, escaped = false
                for c in src {
                    if inString {
                        dst[n] = c; n += 1
                        if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                    } else if c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09 {
                        dst[n] = c; n += 1
                        if c == 0x22 { inString = true }
                    }
                }
                dst[n] = 0x0A
                return n + 1
            }
        }
        out.count = n
        return out
    }

    /// One compact, sorted JSON line.
    public static func jsonLine<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try e.encode(value)
        data.append(0x0A)
        return data
    }

    /// Writes `data` to a temporary file beside `url`, flushes it to disk, then renames it over `url`,
    /// so a reader sees either the old file or the new one, never a half-written one.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: tmp.path]) }
        var ok = true
        data.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { ok = false; break }
                off += n
            }
        }
        if fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok else {
            unlink(tmp.path)
            throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: url.path])
        }
        guard rename(tmp.path, url.path) == 0 else {
            unlink(tmp.path)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let dfd = open(dir.path, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}
