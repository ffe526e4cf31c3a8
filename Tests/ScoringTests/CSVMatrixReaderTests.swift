import Foundation
@testable import Scoring
import Testing

@Suite struct CSVMatrixReaderTests {
    @Test func aLabelColumnAnywhereIsSplitOffAndMissingValuesAreNaN() throws {
        let table = try CSVMatrixReader.parse("""
            volume,label,"holders",reach\r
            1.5,1,3,\r
            -2e3,0,NA,nan\r
            ,1,NaN, 7 \r

            """, source: "t.csv", label: "label")
        #expect(table.features.featureNames == ["volume", "holders", "reach"])
        #expect(table.labels == [1, 0, 1])
        #expect(table.labelName == "label")
        #expect(Array(table.features.column(0)).map { $0.isNaN ? -999 : $0 } == [1.5, -2000, -999])
        #expect(table.features[1, 1].isNaN)
        #expect(table.features[2, 1].isNaN)
        #expect(table.features[0, 2].isNaN)
        #expect(table.features[2, 2] == 7)
        let labeled = try table.labeled(source: "t.csv")
        #expect(labeled.labels.count == 3)
    }

    @Test func withoutALabelEveryColumnIsAFeature() throws {
        let table = try CSVMatrixReader.parse("a,b\n1,2\n3,4", source: "t.csv", label: nil)
        #expect(table.labels == nil)
        #expect(table.features.values == [1, 3, 2, 4])
        #expect(throws: ScoringError.self) { try table.labeled(source: "t.csv") }
    }

    @Test func aMalformedCellNamesItsLineAndColumn() {
        #expect(throws: ScoringError.malformedCell(source: "t.csv", line: 3, column: 2, value: "12abc")) {
            try CSVMatrixReader.parse("a,b\n1,2\n3,12abc\n", source: "t.csv", label: nil)
        }
        let error = ScoringError.malformedCell(source: "t.csv", line: 3, column: 2, value: "12abc")
        #expect(error.description == "t.csv:3:2: not a number: '12abc' (missing values are written as empty, nan, NaN or NA)")
    }

    @Test func rowsOfTheWrongWidthAndMissingLabelsAreNamed() {
        #expect(throws: ScoringError.malformedFile(source: "t.csv", line: 3, reason: "has 1 cells, the header has 2")) {
            try CSVMatrixReader.parse("a,b\n1,2\n3\n", source: "t.csv", label: nil)
        }
        #expect(throws: ScoringError.malformedFile(source: "t.csv", line: 2, reason: "has more than 2 cells, the header has 2")) {
            try CSVMatrixReader.parse("a,b\n1,2,3\n", source: "t.csv", label: nil)
        }
        #expect(throws: ScoringError.malformedFile(source: "t.csv", line: 1, reason: "no column named 'y'; columns: a, b")) {
            try CSVMatrixReader.parse("a,b\n1,2\n", source: "t.csv", label: "y")
        }
        // A blank line between rows is a row with too few cells, at its own line number.
        #expect(throws: ScoringError.malformedFile(source: "t.csv", line: 3, reason: "has 1 cells, the header has 2")) {
            try CSVMatrixReader.parse("a,b\n1,2\n\n3,4\n", source: "t.csv", label: nil)
        }
    }

    @Test func theFastNumberParserAgreesWithTheStandardLibrary() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<20_000 {
            let magnitude = Double(generator.next() % 1_000_000_000) / pow(10, Double(generator.next() % 12))
            let value = (generator.next() % 2 == 0 ? 1 : -1) * magnitude
            for text in [String(value), String(Float(value)), String(format: "%.6e", value), String(format: "%.17g", value)] {
                let parsed = text.utf8.withContiguousStorageIfAvailable { DecimalFloatParser.parse($0.baseAddress!, $0.count) } ?? nil
                #expect(parsed == Float(text), "\(text)")
            }
        }
        for text in ["1e400", "-0", "0.000000000000000000000000000001234", "123456789012345678901234567890", "inf", "-Infinity"] {
            let parsed = text.utf8.withContiguousStorageIfAvailable { DecimalFloatParser.parse($0.baseAddress!, $0.count) } ?? nil
            #expect(parsed == Float(text), "\(text)")
        }
        for text in ["", "-", ".", "1e", "1.2.3", "0x10", "1,5", "one"] {
            let parsed = text.utf8.withContiguousStorageIfAvailable { DecimalFloatParser.parse($0.baseAddress!, $0.count) } ?? nil
            #expect(parsed == nil, "\(text)")
        }
    }

    @Test func parallelReadingGivesTheSameMatrixAndTheFirstErrorInFileOrder() throws {
        var generator = SeededGenerator(seed: 7)
        var lines = ["x,y,label"]
        for row in 0..<50_000 {
            let x = Float(Int(generator.next() % 2_000_001) - 1_000_000) / 1000
            lines.append("\(x),\(row % 7 == 0 ? "" : String(row)),\(row % 2)")
        }
        let text = lines.joined(separator: "\n")
        let serial = try CSVMatrixReader.parse(text, source: "big.csv", label: "label", parallelism: .serial)
        let parallel = try CSVMatrixReader.parse(text, source: "big.csv", label: "label", parallelism: Parallelism(threads: 4))
        #expect(serial.features.values.map(\.bitPattern) == parallel.features.values.map(\.bitPattern))
        #expect(serial.labels == parallel.labels)
        #expect(serial.features.rowCount == 50_000)

        var broken = lines
        broken[40_001] = "oops,1,0"
        broken[30_001] = "1,2"
        #expect(throws: ScoringError.malformedFile(source: "big.csv", line: 30_002, reason: "has 2 cells, the header has 3")) {
            try CSVMatrixReader.parse(broken.joined(separator: "\n"), source: "big.csv", label: "label", parallelism: Parallelism(threads: 4))
        }
    }

    @Test func aFileOnDiskIsReadThroughAMapping() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "f1,f2,y\n0.25,1,0\n0.5,,1\n".write(to: url, atomically: true, encoding: .utf8)
        let table = try CSVMatrixReader.read(path: url.path, label: "y")
        #expect(table.features.values.map { $0.isNaN ? -1 : $0 } == [0.25, 0.5, 1, -1])
        #expect(throws: ScoringError.self) { try CSVMatrixReader.read(path: url.path + ".missing", label: "y") }
    }
}
