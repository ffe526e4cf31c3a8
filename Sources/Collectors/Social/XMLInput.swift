import Foundation

/// Brings an XML body to valid UTF-8 before libxml2 sees it.
///
/// Foundation's `XMLParser` on Linux runs libxml2 in recovery mode and force-unwraps the UTF-8 of
/// every element name, attribute name and comment it reports, so a single invalid byte in a tag name
/// traps the process (found by `Fuzz/feeds-fuzz`). Feeds therefore reach the parser only as checked
/// UTF-8: UTF-8 bodies are validated (an invalid byte is an error with its line and column), and
/// UTF-16, UTF-32, ISO-8859-1 and Windows-1252 bodies are transcoded, with their XML declaration
/// rewritten to say UTF-8. Other declared encodings are refused.
enum XMLInput {
    static func utf8(_ body: Data, feed: String) throws(PayloadError) -> Data {
        let bytes = [UInt8](body)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return declaringUTF8(try validated(Array(bytes.dropFirst(3)), feed: feed))
        }
        for (bom, encoding) in [([0x00, 0x00, 0xFE, 0xFF], String.Encoding.utf32BigEndian), ([0xFF, 0xFE, 0x00, 0x00], .utf32LittleEndian),
                                ([0xFE, 0xFF], .utf16BigEndian), ([0xFF, 0xFE], .utf16LittleEndian)] as [([UInt8], String.Encoding)]
        where bytes.starts(with: bom) {
            guard let text = String(data: Data(bytes.dropFirst(bom.count)), encoding: encoding) else {
                throw PayloadError(feed: feed, field: PayloadError.document, value: nil, reason: "the body starts with a \(encoding) byte-order mark but is not \(encoding)")
            }
            return declaringUTF8(Array(text.utf8))
        }
        let label = declaredEncoding(bytes)?.lowercased()
        switch label {
        case nil, "utf-8", "utf8", "us-ascii", "ascii":
            return Data(try validated(bytes, feed: feed))
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252":
            let encoding: String.Encoding = label!.contains("1252") ? .windowsCP1252 : .isoLatin1
            guard let text = String(data: body, encoding: encoding) else {
                throw PayloadError(feed: feed, field: PayloadError.document, value: label, reason: "the body is not valid \(label!)")
            }
            return declaringUTF8(Array(text.utf8))
        default:
            throw PayloadError(feed: feed, field: "encoding", value: label,
                               reason: "unsupported XML encoding; expected UTF-8, UTF-16, UTF-32, ISO-8859-1 or Windows-1252")
        }
    }

    /// The `encoding` of a leading `<?xml ...?>` declaration, if any.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        guard let range = declaration(bytes) else { return nil }
        let text = String(decoding: bytes[range], as: UTF8.self)
        guard let key = text.range(of: "encoding") else { return nil }
        var rest = text[key.upperBound...].drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix(while: { $0 != quote }))
    }

    /// The byte range of a leading XML declaration, `<?xml` to `?>`.
    static func declaration(_ bytes: [UInt8]) -> Range<Int>? {
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        let limit = min(bytes.count, 512)
        var index = 5
        while index + 1 < limit {
            if bytes[index] == UInt8(ascii: "?"), bytes[index + 1] == UInt8(ascii: ">") { return 0..<(index + 2) }
            index += 1
        }
        return nil
    }

    /// `bytes` with its XML declaration (if any) replaced by one that declares UTF-8.
    static func declaringUTF8(_ bytes: [UInt8]) -> Data {
        guard let range = declaration(bytes) else { return Data(bytes) }
        return Data(Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8) + bytes[range.upperBound...])
    }

    /// `bytes` when they are valid UTF-8, else an error at the first invalid byte.
    static func validated(_ bytes: [UInt8], feed: String) throws(PayloadError) -> [UInt8] {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: break loop
            case .error:
                let before = bytes[..<min(offset, bytes.count)]
                let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
                throw PayloadError(feed: feed, field: PayloadError.document, value: String(format: "0x%02X", bytes[min(offset, bytes.count - 1)]),
                                   reason: "not valid UTF-8 at byte \(offset)", line: line, column: column)
            }
        }
        return bytes
    }
}
