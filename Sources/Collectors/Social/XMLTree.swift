import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML document read into plain values, so the RSS and Atom readers walk a tree instead of
/// handling parser callbacks. Built with Foundation's `XMLParser` (libxml2 on Linux); names are local
/// names with their namespace URI beside them, character data and CDATA are merged as text, and
/// external entities are never resolved. Bodies reach the parser only as checked UTF-8 (`XMLInput`).
struct XMLTree: Sendable {
    /// One element: local name, namespace, attributes (by qualified name), children and own text.
    struct Element: Sendable, Equatable {
        var name: String
        var namespace: String?
        var attributes: [String: String]
        var children: [Element]
        /// Character data directly inside this element, each run with the number of children before it,
        /// so mixed content (Atom's XHTML) reads back in document order.
        var runs: [(position: Int, text: String)] = []

        /// Character data directly inside this element (not its children's).
        var text: String { runs.map(\.text).joined() }

        /// This element's text and all its descendants' text, in document order.
        var allText: String {
            var output = ""
            var run = 0
            for (index, child) in children.enumerated() {
                while run < runs.count, runs[run].position <= index {
                    output += runs[run].text
                    run += 1
                }
                output += child.allText
            }
            for rest in runs[run...] { output += rest.text }
            return output
        }

        mutating func append(text string: String) {
            if let last = runs.indices.last, runs[last].position == children.count {
                runs[last].text += string
            } else {
                runs.append((children.count, string))
            }
        }

        static func == (lhs: Element, rhs: Element) -> Bool {
            lhs.name == rhs.name && lhs.namespace == rhs.namespace && lhs.attributes == rhs.attributes
                && lhs.children == rhs.children && lhs.runs.elementsEqual(rhs.runs, by: { $0 == $1 })
        }

        /// The first child called `name` (in `namespace`, when given).
        func child(_ name: String, namespace: String? = nil) -> Element? {
            children.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }
        }

        func children(_ name: String, namespace: String? = nil) -> [Element] {
            children.filter { $0.name == name && (namespace == nil || $0.namespace == namespace) }
        }

    }

    /// Nesting deeper than this is refused: no feed needs it, and it bounds the work done on hostile input.
    static let maxDepth = 64

    var root: Element

    /// Parses `body`; malformed or truncated XML is an error with the parser's line and column.
    init(parsing body: Data, feed: String) throws(PayloadError) {
        let builder = TreeBuilder()
        let parser = XMLParser(data: try XMLInput.utf8(body, feed: feed))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let parsed = parser.parse()
        if let problem = builder.problem {
            throw PayloadError(feed: feed, field: problem.path, value: nil, reason: problem.reason, line: problem.line, column: problem.column)
        }
        guard parsed, let root = builder.root else {
            let reason = parser.parserError.map { "malformed or truncated XML (\(($0 as NSError).code): \($0.localizedDescription))" }
                ?? "malformed or truncated XML"
            throw PayloadError(feed: feed, field: builder.path.isEmpty ? PayloadError.document : builder.path, value: nil,
                               reason: reason, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1))
        }
        self.root = root
    }
}

/// Collects parser callbacks into `XMLTree.Element`s on an explicit stack.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    struct Problem {
        var path: String
        var reason: String
        var line: Int
        var column: Int
    }

    var stack: [XMLTree.Element] = []
    var root: XMLTree.Element?
    var problem: Problem?

    /// `rss/channel/item` for the open elements.
    var path: String { stack.map(\.name).joined(separator: "/") }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard stack.count < XMLTree.maxDepth else {
            problem = Problem(path: path, reason: "elements nested deeper than \(XMLTree.maxDepth)",
                              line: parser.lineNumber, column: parser.columnNumber)
            parser.abortParsing()
            return
        }
        let namespace = namespaceURI.flatMap { $0.isEmpty ? nil : $0 }
        stack.append(XMLTree.Element(name: elementName, namespace: namespace, attributes: attributeDict, children: []))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let element = stack.popLast() else { return }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].append(text: string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        let string = String(decoding: CDATABlock, as: UTF8.self)
        stack[stack.count - 1].append(text: string)
    }
}
