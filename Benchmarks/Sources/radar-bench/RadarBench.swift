import FeatureStore
import RadarCore

@main
struct RadarBench {
    static func main() {}
}
