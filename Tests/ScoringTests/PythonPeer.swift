import Foundation

/// The test venv's Python, which scripts/setup.sh fills with the libraries the scoring core is held
/// to (LightGBM, XGBoost, scikit-learn). Suites that need one are skipped, visibly, without it.
enum PythonPeer {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repository.appendingPathComponent(".venv/bin/python")
    /// The peer scripts beside the tests.
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers")

    /// Whether the venv's Python can `import` the comma-separated `modules`.
    static func canImport(_ modules: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", "import \(modules)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
