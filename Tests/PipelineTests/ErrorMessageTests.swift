import Foundation
import Pipeline
import RadarCore
import Testing

/// Refusals name the source, the field and the value.
@Suite struct ErrorMessageTests {
    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }

    @Test func bundleFilesOfAnotherSchemaOrKindAreRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radar-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let newer = directory.appendingPathComponent("newer.json")
        try Data(#"{"schemaVersion": 2, "kind": "blend"}"#.utf8).write(to: newer)
        #expect(message { _ = try ModelBundle.read(path: newer.path) }
                == "\(newer.path):0: field 'schemaVersion' = '2': this radar reads bundle schema 1")
        let single = directory.appendingPathComponent("gbdt.json")
        try Data(#"{"schemaVersion": 1, "kind": "gbdt"}"#.utf8).write(to: single)
        #expect(message { _ = try ModelBundle.read(path: single.path) }
                == "\(single.path):0: field 'kind' = 'gbdt': expected 'blend'; single-model files are imported with `radar model`")
        #expect(message { _ = try ModelBundle.read(path: directory.appendingPathComponent("absent.json").path) }.contains("cannot read"))
    }

    @Test func backtestSettingsAreCheckedByName() {
        var config = BacktestConfig(from: Timestamp(seconds: 0), to: Timestamp(seconds: 86_400 * 10))
        config.retrainEvery = .minutes(90)
        #expect(message { try config.validate() } == "--retrain-every = 90m: must be a multiple of --step (1h)")
        config = BacktestConfig(from: Timestamp(seconds: 0), to: Timestamp(seconds: 86_400), topK: 0)
        #expect(message { try config.validate() } == "--top-k = 0: must be at least 1")
    }
}
