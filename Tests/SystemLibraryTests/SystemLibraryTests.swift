import CBLAS
import CCurl
import Testing

/// Proves the shims find and link the Debian system libraries the later modules build on.
@Suite struct SystemLibraryTests {
    @Test func libcurlReportsAVersionWithHTTPAndZlib() throws {
        let info = try #require(ccurl_version_info())
        let version = String(cString: info.pointee.version)
        #expect(version.split(separator: ".").count >= 2)
        #expect(info.pointee.features & CURL_VERSION_LIBZ != 0, "gzip/deflate decoding needs zlib")
        var protocols: [String] = []
        var cursor = info.pointee.protocols
        while let name = cursor?.pointee {
            protocols.append(String(cString: name))
            cursor = cursor?.advanced(by: 1)
        }
        #expect(protocols.contains("http"))
        #expect(protocols.contains("file"), "feeds may be replayed from file:// URLs")
    }

    @Test func typedSetoptWrapperAcceptsALongOption() throws {
        let handle = try #require(curl_easy_init())
        defer { curl_easy_cleanup(handle) }
        #expect(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, 1500) == CURLE_OK)
        #expect(ccurl_setopt_string(handle, CURLOPT_URL, "http://127.0.0.1:1/") == CURLE_OK)
    }

    @Test func openBLASComputesAMatrixVectorProduct() {
        // [1 2; 3 4] * [5, 6] = [17, 39]
        let a: [Double] = [1, 2, 3, 4]
        let x: [Double] = [5, 6]
        var y: [Double] = [0, 0]
        cblas_dgemv(CblasRowMajor, CblasNoTrans, 2, 2, 1.0, a, 2, x, 1, 0.0, &y, 1)
        #expect(y == [17, 39])
        #expect(cblas_ddot(2, x, 1, x, 1) == 61)
    }
}
