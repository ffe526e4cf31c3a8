/// Limited-memory BFGS for smooth unconstrained problems: the optimiser behind the logistic model,
/// kept separate so that any smooth objective in the scoring core can reuse it.
///
/// Stopping rules, checked in this order after every accepted step (the gradient one also at the
/// start):
/// 1. `gradientTolerance`: the largest absolute gradient component is at most the tolerance
///    (scipy's `gtol`; without bounds the projected gradient is the gradient) → `.gradient`.
/// 2. `functionTolerance`: the relative decrease `(f_k - f_k+1) / max(|f_k|, |f_k+1|, 1)` is at
///    most the tolerance (scipy's `ftol`) → `.function`.
/// 3. `maxIterations` accepted steps → `.iterationLimit`.
/// 4. The line search finds no decrease even along the steepest descent → `.lineSearch` (the point
///    returned is still the best one seen); a non-finite objective at the start → `.nonFinite`.
public enum LBFGS {
    /// How hard to work and when to stop.
    public struct Options: Sendable, Equatable, Codable {
        /// Correction pairs kept (the `m` of L-BFGS); more approximates curvature better per step.
        public var memory: Int
        /// Accepted steps before giving up.
        public var maxIterations: Int
        /// Stop when the gradient's max-norm is at most this (scipy's `gtol`).
        public var gradientTolerance: Double
        /// Stop when the relative function decrease of a step is at most this (scipy's `ftol`).
        public var functionTolerance: Double
        /// Objective evaluations allowed in one line search (scikit-learn passes 50 to scipy).
        public var maxLineSearchSteps: Int

        public init(
            memory: Int = 10, maxIterations: Int = 15_000, gradientTolerance: Double = 1e-5,
            functionTolerance: Double = 64 * Double.ulpOfOne, maxLineSearchSteps: Int = 50
        ) {
            self.memory = memory
            self.maxIterations = maxIterations
            self.gradientTolerance = gradientTolerance
            self.functionTolerance = functionTolerance
            self.maxLineSearchSteps = maxLineSearchSteps
        }
    }

    /// Why the minimiser stopped; the first two mean it converged.
    public enum Stop: String, Sendable, Equatable, Codable {
        /// The gradient's max-norm fell to `gradientTolerance`.
        case gradient
        /// A step's relative decrease fell to `functionTolerance`.
        case function
        /// `maxIterations` steps were taken first.
        case iterationLimit
        /// No step along even the steepest descent decreased the objective.
        case lineSearch
        /// The objective or its gradient was not finite at the start.
        case nonFinite

        public var converged: Bool { self == .gradient || self == .function }
    }

    /// Where the minimiser ended and how it got there.
    public struct Result: Sendable, Equatable {
        /// The best point found, and the objective's value and gradient there.
        public let x: [Double]
        public let value: Double
        public let gradient: [Double]
        /// Accepted steps, and objective evaluations including the line searches'.
        public let iterations: Int
        public let evaluations: Int
        public let stop: Stop

        /// The gradient's max-norm at `x`, the quantity `gradientTolerance` bounds.
        public var gradientMaxNorm: Double { gradient.reduce(0) { max($0, Swift.abs($1)) } }
    }

    /// Minimises `objective`, which returns the value and gradient (same length as `x`) at `x`.
    ///
    /// Directions come from the two-loop recursion over the last `memory` pairs; steps satisfy the
    /// strong Wolfe conditions (c1 = 1e-4, c2 = 0.9) found by bracketing and safeguarded cubic
    /// interpolation (Nocedal & Wright, algorithms 3.5 and 3.6).
    public static func minimise(
        from start: [Double], options: Options = Options(),
        objective: (_ x: [Double]) -> (value: Double, gradient: [Double])
    ) -> Result {
        let dimension = start.count
        var x = start
        var (value, gradient) = objective(x)
        var evaluations = 1
        precondition(gradient.count == dimension, "the objective's gradient must have one entry per variable")
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else {
            return Result(x: x, value: value, gradient: gradient, iterations: 0, evaluations: evaluations, stop: .nonFinite)
        }
        let memory = max(1, options.memory)
        // Ring buffers of the correction pairs s = x_k+1 - x_k, y = g_k+1 - g_k and 1 / (y·s).
        var steps: [[Double]] = []
        var changes: [[Double]] = []
        var inverseCurvatures: [Double] = []
        var oldest = 0
        var alphas = [Double](repeating: 0, count: memory)
        var direction = [Double](repeating: 0, count: dimension)
        var iterations = 0
        var lastWasSteepest = false

        while true {
            if maxNorm(gradient) <= options.gradientTolerance {
                return Result(x: x, value: value, gradient: gradient, iterations: iterations, evaluations: evaluations, stop: .gradient)
            }
            if iterations >= options.maxIterations {
                return Result(x: x, value: value, gradient: gradient, iterations: iterations, evaluations: evaluations, stop: .iterationLimit)
            }

            // Two-loop recursion: direction = -H·g with H the implicit inverse-Hessian estimate.
            for index in 0..<dimension { direction[index] = -gradient[index] }
            let pairs = steps.count
            for back in 0..<pairs {
                let slot = (oldest + pairs - 1 - back) % pairs
                let alpha = inverseCurvatures[slot] * dot(steps[slot], direction)
                alphas[slot] = alpha
                axpy(-alpha, changes[slot], &direction)
            }
            if pairs > 0 {
                // Scale the initial Hessian by the newest pair's curvature, the usual estimate of
                // the Hessian's size along recent steps; it is what makes a unit step a good guess.
                let newest = (oldest + pairs - 1) % pairs
                let gamma = 1 / (inverseCurvatures[newest] * dot(changes[newest], changes[newest]))
                for index in 0..<dimension { direction[index] *= gamma }
            }
            for forward in 0..<pairs {
                let slot = (oldest + forward) % pairs
                let beta = inverseCurvatures[slot] * dot(changes[slot], direction)
                axpy(alphas[slot] - beta, steps[slot], &direction)
            }

            var slope = dot(gradient, direction)
            if !(slope < 0) {
                // Rounding has spoilt the estimate; the steepest descent is always downhill.
                for index in 0..<dimension { direction[index] = -gradient[index] }
                slope = dot(gradient, direction)
                steps.removeAll(); changes.removeAll(); inverseCurvatures.removeAll(); oldest = 0
            }
            // Without curvature information the first step's length is a guess: 1 / ‖direction‖
            // keeps it from leaping far when the gradient is large (as scipy does).
            let initialStep = steps.isEmpty ? min(1, 1 / dot(direction, direction).squareRoot()) : 1

            let search = lineSearch(
                x: x, value: value, slope: slope, direction: direction, initialStep: initialStep,
                maxSteps: options.maxLineSearchSteps, objective: objective)
            evaluations += search.evaluations

            guard let accepted = search.point, accepted.value < value || (accepted.value == value && maxNorm(accepted.gradient) < maxNorm(gradient)) else {
                // No decrease along this direction: retry once from the steepest descent with no
                // memory before declaring the line search failed.
                if lastWasSteepest || steps.isEmpty {
                    return Result(x: x, value: value, gradient: gradient, iterations: iterations, evaluations: evaluations, stop: .lineSearch)
                }
                steps.removeAll(); changes.removeAll(); inverseCurvatures.removeAll(); oldest = 0
                lastWasSteepest = true
                continue
            }
            lastWasSteepest = false
            iterations += 1

            var step = [Double](repeating: 0, count: dimension)
            var change = [Double](repeating: 0, count: dimension)
            for index in 0..<dimension {
                step[index] = accepted.x[index] - x[index]
                change[index] = accepted.gradient[index] - gradient[index]
            }
            let curvature = dot(change, step)
            // Keep a pair only when it carries positive curvature, so H stays positive definite;
            // a step the Wolfe search accepted always does, unless rounding intervened.
            if curvature > Double.ulpOfOne * dot(change, change) {
                if steps.count < memory {
                    steps.append(step); changes.append(change); inverseCurvatures.append(1 / curvature)
                } else {
                    steps[oldest] = step; changes[oldest] = change; inverseCurvatures[oldest] = 1 / curvature
                    oldest = (oldest + 1) % memory
                }
            }

            let previous = value
            x = accepted.x
            value = accepted.value
            gradient = accepted.gradient
            if maxNorm(gradient) <= options.gradientTolerance {
                return Result(x: x, value: value, gradient: gradient, iterations: iterations, evaluations: evaluations, stop: .gradient)
            }
            if (previous - value) / max(Swift.abs(previous), Swift.abs(value), 1) <= options.functionTolerance {
                return Result(x: x, value: value, gradient: gradient, iterations: iterations, evaluations: evaluations, stop: .function)
            }
        }
    }

    /// A point the line search evaluated.
    private struct Point {
        var step: Double
        var x: [Double]
        var value: Double
        var gradient: [Double]
        var slope: Double
    }

    /// Finds a step along `direction` meeting the strong Wolfe conditions, or failing that the
    /// lowest point with sufficient decrease it saw (nil when none decreased).
    private static func lineSearch(
        x: [Double], value: Double, slope: Double, direction: [Double], initialStep: Double, maxSteps: Int,
        objective: (_ x: [Double]) -> (value: Double, gradient: [Double])
    ) -> (point: Point?, evaluations: Int) {
        let sufficient = 1e-4, curvature = 0.9
        var evaluations = 0
        var best: Point?

        func evaluate(_ step: Double) -> Point {
            var trial = x
            axpy(step, direction, &trial)
            let (trialValue, trialGradient) = objective(trial)
            evaluations += 1
            let point = Point(step: step, x: trial, value: trialValue, gradient: trialGradient, slope: dot(trialGradient, direction))
            if point.value.isFinite, point.value <= value + sufficient * step * slope, point.value < best?.value ?? .infinity {
                best = point
            }
            return point
        }
        func acceptable(_ point: Point) -> Bool {
            point.value <= value + sufficient * point.step * slope && Swift.abs(point.slope) <= -curvature * slope
        }

        let origin = Point(step: 0, x: x, value: value, gradient: [], slope: slope)
        var previous = origin
        var step = initialStep
        var low: Point, high: Point
        // Bracketing phase: grow the step until the interval surely holds an acceptable point.
        while true {
            guard evaluations < maxSteps else { return (best, evaluations) }
            let point = evaluate(step)
            if !point.value.isFinite {
                // Overflowed: the minimum lies closer; shrink hard and try again.
                step = previous.step + 0.1 * (step - previous.step)
                continue
            }
            if point.value > value + sufficient * step * slope || (evaluations > 1 && point.value >= previous.value) {
                (low, high) = (previous, point)
                break
            }
            if Swift.abs(point.slope) <= -curvature * slope { return (point, evaluations) }
            if point.slope >= 0 {
                (low, high) = (point, previous)
                break
            }
            previous = point
            step *= 4
        }
        // Zoom phase: shrink [low, high] (low always has sufficient decrease and the lower value).
        while evaluations < maxSteps {
            let trialStep = interpolatedStep(low: low, high: high)
            if Swift.abs(high.step - low.step) < Double.ulpOfOne * max(1, Swift.abs(low.step)) { break }
            let point = evaluate(trialStep)
            if !point.value.isFinite || point.value > value + sufficient * trialStep * slope || point.value >= low.value {
                high = point
            } else {
                if acceptable(point) { return (point, evaluations) }
                if point.slope * (high.step - low.step) >= 0 { high = low }
                low = point
            }
        }
        return (best, evaluations)
    }

    /// The minimiser of the cubic through both ends' values and slopes, kept well inside the
    /// interval (falling back to bisection) so that the zoom always makes progress.
    private static func interpolatedStep(low: Point, high: Point) -> Double {
        let (a, b) = (low.step, high.step)
        let lower = min(a, b), upper = max(a, b), width = upper - lower
        var candidate = Double.nan
        if high.value.isFinite, high.slope.isFinite, a != b {
            let d1 = low.slope + high.slope - 3 * (low.value - high.value) / (a - b)
            let radicand = d1 * d1 - low.slope * high.slope
            if radicand >= 0 {
                let d2 = (b > a ? 1.0 : -1.0) * radicand.squareRoot()
                candidate = b - (b - a) * (high.slope + d2 - d1) / (high.slope - low.slope + 2 * d2)
            }
        }
        if !candidate.isFinite || candidate < lower + 0.1 * width || candidate > upper - 0.1 * width {
            candidate = lower + 0.5 * width
        }
        return candidate
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var sum = 0.0
                for index in 0..<a.count { sum += a[index] * b[index] }
                return sum
            }
        }
    }

    private static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                for index in 0..<x.count { y[index] += alpha * x[index] }
            }
        }
    }

    private static func maxNorm(_ vector: [Double]) -> Double {
        vector.reduce(0) { max($0, Swift.abs($1)) }
    }
}
