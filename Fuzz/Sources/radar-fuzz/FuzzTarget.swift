import RadarCore

/// libFuzzer's entry point: every input is fed to the config checker and to both universe readers.
/// A crash, a hang or a check that returns a config alongside errors is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let check = ConfigLoader.check(yaml: text, file: "fuzz.yaml", environment: ["TOKEN": "t"])
    if check.config != nil && !check.errors.isEmpty { fatalError("a config was returned with errors") }
    for issue in check.issues where issue.line < 1 { fatalError("issue without a position: \(issue)") }
    _ = UniverseFile.parse(text, file: "fuzz.yaml", format: .yaml)
    _ = UniverseFile.parse(text, file: "fuzz.csv", format: .csv)
    return 0
}
