import Foundation

/// Small inline SVG charts for the backtest report: lines, grouped bars, horizontal bars and a
/// calibration scatter. Self-contained (no scripts, no external files), so the report opens anywhere.
enum SVGChart {
    struct Series {
        var name: String
        var values: [Double]
    }

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#7f7f7f", "#d62728", "#9467bd", "#8c564b"]
    static let width = 640.0, height = 280.0, margin = (left: 56.0, right: 120.0, top: 24.0, bottom: 32.0)

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func frame(_ title: String, _ body: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
        <text x="\(number(margin.left))" y="14" font-weight="bold">\(escape(title))</text>
        \(body)</svg>
        """
    }

    /// Maps a value range onto the plot's vertical extent, with a zero line and min/max labels.
    static func axis(_ low: Double, _ high: Double) -> (y: (Double) -> Double, svg: String) {
        let span = high - low == 0 ? 1 : high - low
        let plotHeight = height - margin.top - margin.bottom
        let y: (Double) -> Double = { margin.top + plotHeight * (1 - ($0 - low) / span) }
        var svg = "<line x1=\"\(number(margin.left))\" y1=\"\(number(margin.top))\" x2=\"\(number(margin.left))\" y2=\"\(number(height - margin.bottom))\" stroke=\"#999\"/>"
        if low < 0 && high > 0 {
            svg += "<line x1=\"\(number(margin.left))\" y1=\"\(number(y(0)))\" x2=\"\(number(width - margin.right))\" y2=\"\(number(y(0)))\" stroke=\"#ccc\"/>"
        }
        svg += "<text x=\"4\" y=\"\(number(y(high) + 4))\">\(String(format: "%.3g", high))</text>"
        svg += "<text x=\"4\" y=\"\(number(y(low)))\">\(String(format: "%.3g", low))</text>"
        return (y, svg)
    }

    static func range(_ values: [Double], including extra: [Double] = []) -> (Double, Double) {
        let finite = (values + extra).filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return (0, 1) }
        return low == high ? (low - 1, high + 1) : (low, high)
    }

    /// Lines over a shared x index (0 ..< longest series).
    static func lines(_ title: String, _ series: [Series], xLabels: (first: String, last: String)? = nil) -> String {
        let (low, high) = range(series.flatMap(\.values), including: [0])
        let scale = axis(low, high)
        let count = max(2, series.map(\.values.count).max() ?? 2)
        let plotWidth = width - margin.left - margin.right
        func x(_ index: Int) -> Double { margin.left + plotWidth * Double(index) / Double(count - 1) }
        var body = scale.svg
        for (number, item) in series.enumerated() {
            let color = palette[number % palette.count]
            let points = item.values.enumerated().filter { $0.element.isFinite }
                .map { "\(Self.number(x($0.offset))),\(Self.number(scale.y($0.element)))" }.joined(separator: " ")
            body += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points)\"/>"
            body += "<text x=\"\(Self.number(width - margin.right + 8))\" y=\"\(Self.number(margin.top + 14 * Double(number) + 8))\" fill=\"\(color)\">\(escape(item.name))</text>"
        }
        if let xLabels {
            body += "<text x=\"\(number(margin.left))\" y=\"\(number(height - 10))\">\(escape(xLabels.first))</text>"
            body += "<text x=\"\(number(width - margin.right))\" y=\"\(number(height - 10))\" text-anchor=\"end\">\(escape(xLabels.last))</text>"
        }
        return frame(title, body)
    }

    /// Groups of bars (one group per category label, one bar per series).
    static func groupedBars(_ title: String, groups: [String], _ series: [Series]) -> String {
        let (low, high) = range(series.flatMap(\.values), including: [0])
        let scale = axis(low, high)
        let plotWidth = width - margin.left - margin.right
        let groupWidth = plotWidth / Double(max(1, groups.count))
        let barWidth = groupWidth * 0.8 / Double(max(1, series.count))
        var body = scale.svg
        for (group, label) in groups.enumerated() {
            let left = margin.left + groupWidth * Double(group) + groupWidth * 0.1
            for (number, item) in series.enumerated() where group < item.values.count && item.values[group].isFinite {
                let value = item.values[group]
                let top = scale.y(max(value, 0)), bottom = scale.y(min(value, 0))
                body += "<rect x=\"\(Self.number(left + barWidth * Double(number)))\" y=\"\(Self.number(top))\" width=\"\(Self.number(barWidth))\" height=\"\(Self.number(max(0.5, bottom - top)))\" fill=\"\(palette[number % palette.count])\"/>"
            }
            body += "<text x=\"\(Self.number(left + groupWidth * 0.4))\" y=\"\(Self.number(height - 10))\" text-anchor=\"middle\">\(escape(label))</text>"
        }
        for (number, item) in series.enumerated() {
            body += "<text x=\"\(Self.number(width - margin.right + 8))\" y=\"\(Self.number(margin.top + 14 * Double(number) + 8))\" fill=\"\(palette[number % palette.count])\">\(escape(item.name))</text>"
        }
        return frame(title, body)
    }

    /// Horizontal bars, one per labelled value (largest first as given).
    static func horizontalBars(_ title: String, _ items: [(String, Double)]) -> String {
        let rowHeight = 16.0
        let chartHeight = margin.top + rowHeight * Double(items.count) + 8
        let high = max(items.map(\.1).max() ?? 1, 1e-12)
        let left = 170.0, plotWidth = width - left - 60
        var body = ""
        for (index, (label, value)) in items.enumerated() {
            let y = margin.top + rowHeight * Double(index)
            body += "<text x=\"\(number(left - 6))\" y=\"\(number(y + 11))\" text-anchor=\"end\">\(escape(label))</text>"
            body += "<rect x=\"\(number(left))\" y=\"\(number(y + 2))\" width=\"\(number(plotWidth * value / high))\" height=\"\(number(rowHeight - 4))\" fill=\"\(palette[0])\"/>"
            body += "<text x=\"\(number(left + plotWidth * value / high + 4))\" y=\"\(number(y + 11))\">\(String(format: "%.1f%%", value * 100))</text>"
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(chartHeight))" font-family="sans-serif" font-size="11">
            <text x="\(number(margin.left))" y="14" font-weight="bold">\(escape(title))</text>\(body)</svg>
            """
    }

    /// Predicted probability (x) against observed rate (y) on [0, 1], per series, with the diagonal.
    static func calibration(_ title: String, _ series: [(String, [CalibrationBin])]) -> String {
        let scale = axis(0, 1)
        let plotWidth = width - margin.left - margin.right
        func x(_ value: Double) -> Double { margin.left + plotWidth * value }
        var body = scale.svg
        body += "<line x1=\"\(number(x(0)))\" y1=\"\(number(scale.y(0)))\" x2=\"\(number(x(1)))\" y2=\"\(number(scale.y(1)))\" stroke=\"#ccc\" stroke-dasharray=\"4\"/>"
        for (index, (name, bins)) in series.enumerated() {
            let color = palette[index % palette.count]
            let points = bins.map { "\(number(x($0.meanPredicted))),\(number(scale.y($0.observedRate)))" }.joined(separator: " ")
            body += "<polyline fill=\"none\" stroke=\"\(color)\" points=\"\(points)\"/>"
            for bin in bins {
                body += "<circle cx=\"\(number(x(bin.meanPredicted)))\" cy=\"\(number(scale.y(bin.observedRate)))\" r=\"3\" fill=\"\(color)\"><title>\(bin.count) rows</title></circle>"
            }
            body += "<text x=\"\(number(width - margin.right + 8))\" y=\"\(number(margin.top + 14 * Double(index) + 8))\" fill=\"\(color)\">\(escape(name))</text>"
        }
        body += "<text x=\"\(number(margin.left))\" y=\"\(number(height - 10))\">predicted 0</text>"
        body += "<text x=\"\(number(width - margin.right))\" y=\"\(number(height - 10))\" text-anchor=\"end\">predicted 1</text>"
        return frame(title, body)
    }
}
