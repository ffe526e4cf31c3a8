import RadarTestSupport

/// The shared SimWorld store (`Tests/RadarTestSupport`), named here so that every file of this target
/// sees it without importing the support module.
typealias SimWorldStore = RadarTestSupport.SimWorldStore
