import CCurl

/// A libcurl share handle, with its locks, that every worker's easy handle joins so that DNS answers
/// and TLS sessions learned on one thread are reused on the others.
///
/// Connections themselves are not shared (libcurl does not support that across concurrent threads);
/// each worker's easy handle keeps its own, and the worker pool routes requests to the worker that last
/// talked to the host.
final class CurlShare: @unchecked Sendable {
    /// Freed in `deinit`, after every easy handle using it is gone (the workers own both).
    let raw: UnsafeMutablePointer<ccurl_share>

    init?() {
        guard CurlGlobal.ensure(), let raw = ccurl_share_new() else { return nil }
        self.raw = raw
    }

    deinit { ccurl_share_free(raw) }
}
