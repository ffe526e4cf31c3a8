import Foundation
import RadarCore

/// IP features: the token's IP category (one-hot), licence mints, derivatives, royalties and IP age;
/// from `radar@2` also the week's IP events and how royalties moved against the week before.
enum IPFeatures {
    static let categoryNames = IPCategory.allCases.map { "ip_\($0.rawValue)" }
    static let names = categoryNames + ["licence_mints", "licence_mints_7d", "derivatives", "royalties_paid",
                                        "royalties_paid_7d", "ip_age_days", "ip_events_7d", "royalty_growth_7d"]

    static func compute(_ section: CrossSection) -> Columns {
        let members = section.universe.members
        var columns = Columns(count: members.count)
        columns.declare(names)
        let t = section.asOf
        let weekStart = t - .days(7), previousWeekStart = t - .days(14)
        for position in members.indices {
            // Declared links win over inferred ones; among equals, the first in key order.
            let links = section.links[position]
            if let link = links.first(where: { $0.source == .declared }) ?? links.first {
                for category in IPCategory.allCases {
                    columns.set("ip_\(category.rawValue)", position, category == link.category ? 1 : 0)
                }
            }
            var mints = 0.0, mints7 = 0.0, derivatives = 0.0, royalties = 0.0, royalties7 = 0.0, royaltiesBefore = 0.0
            var events7 = 0
            var registered: Timestamp?
            for event in section.ipEvents[position] {
                let recent = event.eventTime > weekStart
                if recent { events7 += 1 }
                switch event.kind {
                case .registered:
                    registered = min(registered ?? event.eventTime, event.eventTime)
                case .licenceMinted:
                    let amount = event.amount ?? 1
                    mints += amount
                    if recent { mints7 += amount }
                case .derivativeRegistered:
                    derivatives += 1
                case .royaltyPaid:
                    let amount = (event.amount ?? 0) / 1e18
                    royalties += amount
                    if recent { royalties7 += amount } else if event.eventTime > previousWeekStart { royaltiesBefore += amount }
                }
            }
            let hasIP = !links.isEmpty || !section.ipEvents[position].isEmpty
            guard hasIP else { continue }
            columns.set("licence_mints", position, mints)
            columns.set("licence_mints_7d", position, mints7)
            columns.set("derivatives", position, derivatives)
            columns.set("royalties_paid", position, royalties)
            columns.set("royalties_paid_7d", position, royalties7)
            columns.set("ip_events_7d", position, Double(events7))
            columns.set("royalty_growth_7d", position, Foundation.log1p(royalties7) - Foundation.log1p(royaltiesBefore))
            let since = registered ?? links.map(\.observedAt).min()
            if let since { columns.set("ip_age_days", position, Double(t.seconds - since.seconds) / 86_400) }
        }
        return columns
    }
}
