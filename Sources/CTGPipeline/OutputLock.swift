import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on an output folder: `flock` on `OUT/.ctg.lock`, which holds "pid host start-time" of
/// the holder. The kernel drops the lock when the holder dies, even after `kill -9`, so a stale lock file
/// never blocks the next run.
public final class OutputLock: @unchecked Sendable {
    public static let fileName = ".ctg.lock"

    /// Who holds the lock, as written in the lock file.
    public struct Holder: Sendable, CustomStringConvertible {
        public var pid: Int32?
        public var host: String?
        public var started: String?
        public var description: String {
            "pid \(pid.map(String.init) ?? "?") on \(host ?? "?") since \(started ?? "?")"
        }
    }

    public struct Busy: Error, Sendable, CustomStringConvertible {
        public var directory: String
        public var holder: Holder
        public var description: String { "\(directory) is locked by another ctg run (\(holder))" }
    }

    let fd: Int32
    public let url: URL

    private init(fd: Int32, url: URL) { self.fd = fd; self.url = url }

    /// Takes the lock. Without `wait`, throws `Busy` naming the holder when another process has it; with
    /// `wait`, blocks until it is free (calling `waiting` once with the holder first).
    public static func acquire(directory: URL, wait: Bool, waiting: ((Holder) -> Void)? = nil) throws -> OutputLock {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(fileName)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = readHolder(url)
            guard wait else { close(fd); throw Busy(directory: directory.path, holder: holder) }
            waiting?(holder)
            while flock(fd, LOCK_EX) != 0 {
                if errno != EINTR { close(fd); throw Busy(directory: directory.path, holder: holder) }
            }
        }
        let started = ISO8601DateFormatter().string(from: Date())
        let text = "pid \(getpid())\nhost \(ProcessInfo.processInfo.hostName)\nstarted \(started)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        _ = fsync(fd)
        return OutputLock(fd: fd, url: url)
    }

    static func readHolder(_ url: URL) -> Holder {
        var h = Holder()
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return h }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "pid": h.pid = Int32(parts[1])
            case "host": h.host = parts[1]
            case "started": h.started = parts[1]
            default: break
            }
        }
        return h
    }

    /// Releases the lock; the lock file stays (emptied), which is harmless.
    public func release() {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
