import FeatureStore
import Features
import RadarCore

/// Resuming and saving the feature builder's carried state for a command. Both only save time: a
/// failure is a warning on standard error and the command goes on (a cold build reads the history),
/// so the command's own result never depends on them.
extension FeatureBuilder {
    /// Starts from the newest saved state at or before `t`; returns its time, nil when cold.
    mutating func resumeWarning(command: String, atOrBefore t: Timestamp) -> Timestamp? {
        do {
            let resumed = try resume(atOrBefore: t)
            if let resumed { printError("\(command): resumed carried feature state as of \(resumed)") }
            return resumed
        } catch {
            printError("\(command): warning: carried feature state not resumed, building from the history: \(error)")
            return nil
        }
    }

    /// Saves the state of the last timestamp built, warning when it is refused or fails.
    func saveStateWarning(command: String) {
        // Resumed at the very time built: the store already holds this state.
        if let resumed = resumedState, resumed.asOf == ledger.asOf { return }
        do {
            switch try saveState() {
            case .saved: break
            case .refused(let reason): printError("\(command): warning: carried feature state not saved: \(reason)")
            }
        } catch {
            printError("\(command): warning: carried feature state not saved: \(error)")
        }
    }
}
