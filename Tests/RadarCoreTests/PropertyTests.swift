import Foundation
import PropertyBased
import RadarCore
import Testing

/// Picks one of `items` (never empty).
private func pick<T: Sendable>(_ items: [T]) -> Generator<T, Shrink.Integer<Int>> {
    Gen.int(in: 0...(items.count - 1)).map { items[$0] }
}

/// Invariants of the parsers of outside input, checked on generated values rather than examples.
@Suite struct PropertyTests {
    @Test func amountsParseToTheCanonicalDigitsOfTheirValue() async {
        await propertyCheck(input: Gen.int64(), Gen.int(in: 0...5)) { value, zeros throws in
            let padded = (value < 0 ? "-" : "") + String(repeating: "0", count: zeros) + String(value.magnitude)
            #expect(try DecimalAmount(padded).digits == String(value))
        }
    }

    @Test func canonicalAmountsReparseToThemselves() async {
        await propertyCheck(input: Gen.number.string(of: 1...80)) { digits throws in
            let amount = try DecimalAmount(digits)
            #expect(try DecimalAmount(amount.digits) == amount)
            #expect(amount.digits == "0" || !amount.digits.hasPrefix("0"))
        }
    }

    @Test func durationsRoundTripThroughTheirSpelling() async {
        await propertyCheck(input: Gen.int64(in: 0...(400 * 86_400))) { seconds throws in
            let duration = RadarDuration(seconds: seconds)
            #expect(try RadarDuration(parsing: duration.description) == duration)
        }
    }

    @Test func addressesCompareEqualWhateverTheirCase() async {
        let hexDigit = pick(Array("0123456789abcdefABCDEF"))
        await propertyCheck(input: hexDigit.string(of: 40)) { body throws in
            let mixed = try EVMAddress("0x" + body)
            #expect(mixed == (try EVMAddress("0x" + body.lowercased())))
            #expect(mixed.hex == "0x" + body.lowercased())
        }
    }

    /// A light fuzz of the config checker: any one-character edit of the default config is either
    /// still valid or yields errors that point inside the file; it never crashes or passes errors.
    @Test func everyOneCharacterEditOfTheDefaultConfigIsCheckedSafely() async throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Feeds/radar.yaml"), encoding: .utf8)
        let characters = Array(text)
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let replacement = pick(Array(" :-[]{}\"'#\n\tax0$"))
        await propertyCheck(count: 300, input: Gen.int(in: 0..<characters.count), replacement) { position, character in
            var edited = characters
            edited[position] = character
            let check = ConfigLoader.check(yaml: String(edited), file: "edited.yaml", environment: [:])
            let hasErrors = !check.errors.isEmpty
            #expect((check.config == nil) == hasErrors)
            for issue in check.issues {
                #expect(issue.line >= 1 && issue.line <= lineCount + 1, "\(issue)")
                #expect(!issue.message.isEmpty)
            }
        }
    }

    /// Any CSV text yields one entry or one issue per non-empty data line, never a crash.
    @Test func everyCSVLineBecomesAnEntryOrAnIssue() async {
        let cell = pick(["1", "0x4d224452801ACEd8B2F0aebE155379bb5D594381", "brand", "Azuki", "\"a,b\"", "\"", "", "x"])
        await propertyCheck(input: cell.array(of: 1...8).array(of: 1...6)) { rows in
            let body = rows.map { $0.joined(separator: ",") }
            let text = (["chain,address,ip,category"] + body).joined(separator: "\n")
            let parsed = UniverseFile.parse(text, file: "f.csv", format: .csv)
            let dataLines = body.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
            #expect(parsed.entries.count + parsed.issues.count == dataLines)
        }
    }
}
