import CCurl

/// libcurl's process-wide initialisation, done exactly once before the first handle is made.
///
/// `curl_global_init` is not thread-safe against itself or a concurrent `curl_easy_init`; a Swift
/// global `let` is initialised once under the runtime's lock, which gives both guarantees. The
/// matching cleanup is never called: handles may live until the process exits.
enum CurlGlobal {
    /// The result of the one `curl_global_init(CURL_GLOBAL_ALL)`.
    static let initialized: Bool = ccurl_global_init_all() == CURLE_OK

    /// Makes sure libcurl is initialised; false when initialisation failed (out of memory, TLS backend).
    static func ensure() -> Bool { initialized }
}
