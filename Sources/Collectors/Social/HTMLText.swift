/// Turns the HTML that feeds put in RSS descriptions and Atom content into plain text for mention
/// matching and storage: tags dropped (block tags become line breaks), the common character
/// references decoded, runs of blanks collapsed. Not an HTML parser: enough for text, never for markup.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count)
        var index = html.startIndex
        // Past the last `>` no `<` can open a tag: checking this keeps `<<<<...` input linear.
        let lastClose = html.lastIndex(of: ">")
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let lastClose, index < lastClose, let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close].lowercased()
                if ["p", "/p", "br", "br/", "br /", "div", "/div", "li", "/li"].contains(tag) || tag.hasPrefix("p ") || tag.hasPrefix("div ") {
                    output.append("\n")
                } else {
                    output.append(" ")
                }
                index = html.index(after: close)
            } else if character == "&", let semicolon = html[index...].prefix(12).firstIndex(of: ";"),
                      let decoded = reference(html[html.index(after: index)..<semicolon]) {
                output.append(decoded)
                index = html.index(after: semicolon)
            } else {
                output.append(character)
                index = html.index(after: index)
            }
        }
        return collapse(output)
    }

    static let named: [Substring: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "hellip": "…", "mdash": "—",
        "ndash": "–", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
    ]

    /// `amp`, `#36`, `#x24` to their characters.
    static func reference(_ name: Substring) -> String? {
        if let text = named[name] { return text }
        guard name.first == "#" else { return nil }
        let digits = name.dropFirst()
        let value: UInt32? = if digits.first == "x" || digits.first == "X" {
            UInt32(digits.dropFirst(), radix: 16)
        } else {
            UInt32(digits)
        }
        return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
    }

    /// Blank runs within a line become one space; blank lines fold into one line break.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }
}
