#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The version of the SQLite library this process runs (GRDB's), looked up at run time, so the
/// report can say whether both sides of a comparison used the same SQLite.
enum SQLiteVersion {
    static var linked: String {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "sqlite3_libversion") else {
            return "unknown"
        }
        typealias LibVersion = @convention(c) () -> UnsafePointer<CChar>
        return String(cString: unsafeBitCast(symbol, to: LibVersion.self)())
    }
}
