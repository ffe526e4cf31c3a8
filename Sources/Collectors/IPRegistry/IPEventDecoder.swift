import EVMWire
import RadarCore

/// Turns registry logs into `IPEvent`s for the events an `ip-registry` feed declares in config: each
/// declaration's Solidity text is parsed into an `EventSignature` (topic0 computed here), and its
/// roles (`ipId`, `token`, `tokenChain`, `amount`, `counterparty`) are bound to parameters whose
/// types can hold them, so a config the decoder cannot honour fails at setup, not on the first log.
public struct IPEventDecoder: Sendable {
    /// One declared event, ready to decode.
    public struct Declaration: Sendable, Hashable {
        public var kind: IPEventKind
        public var signature: EventSignature
        /// Parameter index per role.
        public var roles: [IPEventRole: Int]
    }

    public let chain: ChainID
    public let declarations: [Declaration]
    private let byTopic0: [EVMHash: Declaration]

    /// Parses and checks `specs`; the error names the feed, the event's place in `events`, its
    /// signature text and what to change.
    public init(feed: String, chain: ChainID, specs: [IPEventSpec]) throws(CollectorSetupError) {
        var declarations: [Declaration] = []
        var byTopic0: [EVMHash: Declaration] = [:]
        for (index, spec) in specs.enumerated() {
            func fail(_ reason: String) -> CollectorSetupError {
                CollectorSetupError(feed: feed, reason: "events[\(index)] (\(spec.kind.rawValue)): \(reason)")
            }
            let signature: EventSignature
            do {
                signature = try EventSignature(spec.signature)
            } catch {
                throw fail("\(error); write it as in the contract's source, e.g. "
                           + "RoyaltyPaid(address receiverIpId, address payerIpId, address sender, address token, uint256 amount)")
            }
            var roles: [IPEventRole: Int] = [:]
            for (roleName, parameterName) in spec.fields.sorted(by: { $0.key < $1.key }) {
                guard let role = IPEventRole(rawValue: roleName) else {
                    throw fail("unknown role '\(roleName)'; roles: \(IPEventRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard let position = signature.parameters.firstIndex(where: { $0.name == parameterName }) else {
                    let names = signature.parameters.compactMap(\.name)
                    throw fail("role \(roleName): event signature \"\(spec.signature)\" has no parameter '\(parameterName)'"
                               + (names.isEmpty ? "; name the parameters in the signature" : "; parameters: \(names.joined(separator: ", "))"))
                }
                if let problem = role.problem(with: signature.parameters[position]) {
                    throw fail("role \(roleName): parameter '\(parameterName)' in event signature \"\(spec.signature)\" \(problem)")
                }
                roles[role] = position
            }
            guard roles[.ipId] != nil else {
                throw fail("no parameter is mapped to the role ipId in event signature \"\(spec.signature)\"")
            }
            if roles[.tokenChain] != nil && roles[.token] == nil {
                throw fail("the role tokenChain needs a token role too")
            }
            let declaration = Declaration(kind: spec.kind, signature: signature, roles: roles)
            if let other = byTopic0[signature.topic0] {
                throw fail("\(signature.canonical) is declared twice (also as \(other.kind.rawValue)); one topic0 can map to one event")
            }
            byTopic0[signature.topic0] = declaration
            declarations.append(declaration)
        }
        guard !declarations.isEmpty else {
            throw CollectorSetupError(feed: feed, reason: "no events are declared; add events: [{kind, signature, fields}]")
        }
        self.chain = chain
        self.declarations = declarations
        self.byTopic0 = byTopic0
    }

    /// The topic0s an `eth_getLogs` filter asks for.
    public var topics: [EVMHash] { declarations.map(\.signature.topic0) }

    /// The event of one log; nil for a removed log or a topic0 no declaration has.
    public func decode(_ log: RawLog, blockTime: Timestamp, observedAt: Timestamp) throws(LogDecodingError) -> IPEvent? {
        guard !log.removed, let topic0 = log.topics.first, let declaration = byTopic0[topic0] else { return nil }
        let decoded = try ABIDecoder.decode(log, as: declaration.signature)
        func value(_ role: IPEventRole) -> ABIValue? { declaration.roles[role].map { decoded.values[$0] } }
        func failure(_ role: IPEventRole, _ value: ABIValue, _ reason: String) -> LogDecodingError {
            let name = declaration.signature.parameters[declaration.roles[role]!].name ?? role.rawValue
            return LogDecodingError(event: declaration.signature.description, field: "\(name) (role \(role.rawValue))",
                                    value: value.description, reason: reason, log: log)
        }
        var token: TokenID?
        if case .address(let address)? = value(.token) {
            var tokenChain = chain
            if let raw = value(.tokenChain) {
                guard case .uint(let number) = raw, let id = Int64(exactly: number), id > 0 else {
                    throw failure(.tokenChain, raw, "not a chain id (1 to \(Int64.max))")
                }
                tokenChain = id
            }
            token = TokenID(chain: tokenChain, address: address)
        }
        return IPEvent(key: .onChain(log.position(chain: chain)), kind: declaration.kind, ipID: value(.ipId)!.identifier,
                       token: token, amount: value(.amount)?.decimalAmount, counterparty: value(.counterparty)?.identifier,
                       eventTime: blockTime, observedAt: observedAt)
    }

    /// Decodes a page's logs; a log whose block has no timestamp fails rather than getting a guessed time.
    public func decode(_ logs: [RawLog], observedAt: Timestamp, blockTime: (Int64) -> Timestamp?) -> (events: [IPEvent], failures: [LogDecodingError]) {
        var events: [IPEvent] = []
        var failures: [LogDecodingError] = []
        for log in logs {
            guard let time = blockTime(log.blockNumber) else {
                let name = log.topics.first.flatMap { byTopic0[$0]?.signature.description } ?? "log"
                failures.append(LogDecodingError(event: name, field: "blockNumber", value: String(log.blockNumber),
                                                 reason: "no block timestamp was given for this block", log: log))
                continue
            }
            do {
                if let event = try decode(log, blockTime: time, observedAt: observedAt) { events.append(event) }
            } catch {
                failures.append(error)
            }
        }
        return (events, failures)
    }
}

/// What a registry event's parameter means to the radar; `fields` in config maps roles to parameters.
public enum IPEventRole: String, CaseIterable, Hashable, Sendable {
    /// The IP's id (an IP account address, or a numeric or bytes32 asset id). Required.
    case ipId
    /// The token contract the IP is linked to (an address).
    case token
    /// The chain id of `token` (a uint), when it is not the feed's chain.
    case tokenChain
    /// Licence tokens minted or royalty paid (an integer, kept exact).
    case amount
    /// The other party: licensee, parent or child IP, payer.
    case counterparty

    /// Why `parameter` cannot hold this role, or nil when it can.
    func problem(with parameter: EventParameter) -> String? {
        let type = parameter.type
        if parameter.indexed && type.isDynamic {
            return "is an indexed \(type): the log keeps only its hash, not the value; choose another parameter"
        }
        switch (self, type) {
        case (.ipId, .bool), (.counterparty, .bool):
            return "is a bool, which cannot identify an IP or a party"
        case (.token, .address), (.ipId, _), (.counterparty, _):
            return nil
        case (.token, _):
            return "is a \(type); a token must be an address"
        case (.tokenChain, .uint):
            return nil
        case (.tokenChain, _):
            return "is a \(type); a chain id must be a uint"
        case (.amount, .uint), (.amount, .int):
            return nil
        case (.amount, _):
            return "is a \(type); an amount must be an integer (uintN or intN)"
        }
    }
}

extension ABIValue {
    /// The value as an id in text: addresses and bytes in lowercase hex, integers in decimal, strings as they are.
    var identifier: String { description }
}
