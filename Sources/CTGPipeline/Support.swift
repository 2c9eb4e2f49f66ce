import CTGModel
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by SIGINT/SIGTERM: the batch finishes the current file, writes corpus.jsonl and run.json, and stops.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    public init() {}
    /// The signal name that asked to stop, if any.
    public var reason: String? { lock.withLock { value } }
    public var isSet: Bool { reason != nil }
    public func set(_ why: String) { lock.withLock { if value == nil { value = why } } }

    /// Installs handlers for SIGINT and SIGTERM. The first signal sets the flag; a second one exits at once
    /// (status 130), which is still safe: every file is written atomically and the store is transactional.
    public func installSignalHandlers(onFirst: @escaping @Sendable (String) -> Void) {
        for (sig, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                if self.isSet { _exit(130) }
                self.set(name)
                onFirst(name)
            }
            source.resume()
            Self.sources.withLock { $0.append(source) }
        }
    }

    private static let sources = LockedBox<[DispatchSourceSignal]>([])
}

final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ v: T) { value = v }
    func withLock<R>(_ body: (inout T) -> R) -> R { lock.lock(); defer { lock.unlock() }; return body(&value) }
}

/// Checks made on an input before reading it: existence, broken symlinks, file type, size, permissions.
enum InputCheck {
    /// Returns the file size, or throws the reason the input cannot be read.
    static func check(_ path: String, maxSize: Int64) throws(InputError) -> Int64 {
        var ls = stat()
        if lstat(path, &ls) != 0 { throw InputError(.notFound, "no such file") }
        var st = stat()
        if stat(path, &st) != 0 {
            if (ls.st_mode & S_IFMT) == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                throw InputError(.notFound, "broken symbolic link (to \(target))")
            }
            throw InputError(.unreadable, "cannot stat file (\(String(cString: strerror(errno))))")
        }
        let type = st.st_mode & S_IFMT
        if type != S_IFREG {
            let kind = type == S_IFDIR ? "a directory" : type == S_IFIFO ? "a named pipe" : type == S_IFSOCK ? "a socket"
                : (type == S_IFCHR || type == S_IFBLK) ? "a device" : "not a regular file"
            throw InputError(.unreadable, "not a regular file (\(kind))")
        }
        let size = Int64(st.st_size)
        if size > maxSize {
            throw InputError(.tooLarge, "file too large (\(size) bytes, limit \(maxSize); see --max-size)")
        }
        if access(path, R_OK) != 0 {
            throw InputError(.unreadable, "permission denied")
        }
        return size
    }

    /// device:inode:size:mtime:ctime of a file, or nil when its ctime is less than 2 s old (a write in the
    /// same timestamp tick could then go unnoticed, as with git's "racy" index entries).
    static func fingerprint(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
        let m = st.st_mtimespec, c = st.st_ctimespec
        #else
        let m = st.st_mtim, c = st.st_ctim
        #endif
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        if Int(now.tv_sec) - Int(c.tv_sec) < 2 { return nil }
        return "\(st.st_dev):\(st.st_ino):\(st.st_size):\(m.tv_sec).\(m.tv_nsec):\(c.tv_sec).\(c.tv_nsec)"
    }

    /// Reads the whole file (at most `limit` bytes, so a file growing under us cannot exhaust memory).
    static func readAll(_ path: String, limit: Int64) throws(InputError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(.unreadable, "cannot open file (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var data = Data()
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(.unreadable, "read error (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            data.append(contentsOf: buf[0..<n])
            if Int64(data.count) > limit {
                throw InputError(.tooLarge, "file too large (over \(limit) bytes; see --max-size)")
            }
        }
        return data
    }
}

/// A swift-log handler writing one JSON object per line to stderr: time, level, message, metadata.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue,
            "message": "\(event.message)", "logger": label,
        ]
        for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[k] = "\(v)" }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? e.encode(object) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }
}

/// A swift-log handler for people: warnings and errors are the message alone ("FILE: reason [code]"),
/// other levels are prefixed with the level.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .warning
    public init() {}

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line: String
        switch event.level {
        case .warning, .error, .critical: line = "\(event.message)"
        default: line = "\(event.level): \(event.message)"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
