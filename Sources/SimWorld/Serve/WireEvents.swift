import EVMWire

/// The Solidity declarations of the events the world emits. Each topic0 is computed by EVMWire from
/// the declaration, the same code the collectors decode with, so the two sides cannot drift apart.
/// The IP-registry declarations are the ones `Feeds/radar.yaml` gives its `ip-registry` feed.
public enum WireEvent: Int, CaseIterable, Sendable {
    case pairCreated, transfer, swap, sync, mint, burn
    case ipRegistered, licenseTokensMinted, derivativeRegistered, royaltyPaid

    /// The declaration, as in the contracts' source.
    public var declaration: String {
        switch self {
        case .pairCreated: "PairCreated(address indexed token0, address indexed token1, address pair, uint)"
        case .transfer: "Transfer(address indexed from, address indexed to, uint256 value)"
        case .swap: "Swap(address indexed sender, uint amount0In, uint amount1In, uint amount0Out, uint amount1Out, address indexed to)"
        case .sync: "Sync(uint112 reserve0, uint112 reserve1)"
        case .mint: "Mint(address indexed sender, uint amount0, uint amount1)"
        case .burn: "Burn(address indexed sender, uint amount0, uint amount1, address indexed to)"
        case .ipRegistered:
            "IPRegistered(address ipId, uint256 indexed chainId, address indexed tokenContract, uint256 indexed tokenId, "
                + "string name, string uri, uint256 registrationDate)"
        case .licenseTokensMinted:
            "LicenseTokensMinted(address indexed caller, address indexed licensorIpId, address licenseTemplate, "
                + "uint256 indexed licenseTermsId, uint256 amount, address receiver, uint256 startLicenseTokenId)"
        case .derivativeRegistered:
            // Arrays are outside EventSignature's types; the topic0 is the hash of the canonical text.
            "DerivativeRegistered(address,address,uint256[],address[],uint256[],address)"
        case .royaltyPaid:
            "RoyaltyPaid(address receiverIpId, address payerIpId, address sender, address token, uint256 amount, uint256 amountAfterFee)"
        }
    }

    /// keccak256 of the canonical signature.
    public var topic0: SimHash { Self.topic0s[rawValue] }

    private static let topic0s: [SimHash] = allCases.map { event in
        if event == .derivativeRegistered { return SimHash(word: Keccak256.hash(event.declaration)) }
        do {
            return SimHash(word: try EventSignature(event.declaration).topic0.bytes)
        } catch {
            fatalError("the built-in declaration of \(event) does not parse: \(error)")
        }
    }

    init(_ event: SimLogEvent) {
        switch event {
        case .pairCreated: self = .pairCreated
        case .transfer: self = .transfer
        case .swap: self = .swap
        case .sync: self = .sync
        case .mint: self = .mint
        case .burn: self = .burn
        case .ipRegistered: self = .ipRegistered
        case .licenseTokensMinted: self = .licenseTokensMinted
        case .derivativeRegistered: self = .derivativeRegistered
        case .royaltyPaid: self = .royaltyPaid
        }
    }
}

extension SimHash {
    /// The word whose 32 big-endian bytes are `bytes`.
    init(word bytes: [UInt8]) {
        precondition(bytes.count == 32)
        func limb(_ index: Int) -> UInt64 { bytes[(8 * index)..<(8 * index + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        self.init(limb(0), limb(1), limb(2), limb(3))
    }

    /// An address left-padded to a word, as ABI encodes it.
    init(address: SimAddress) {
        self.init(0, address.high >> 32, address.high << 32 | address.middle >> 32, address.middle << 32 | UInt64(address.low))
    }

    /// An unsigned integer as a word.
    init(uint value: some BinaryInteger) {
        let wide = UInt128(value)
        self.init(0, 0, UInt64(truncatingIfNeeded: wide >> 64), UInt64(truncatingIfNeeded: wide))
    }
}

/// One log's topics and data as ABI words, the way its contract emits it.
struct WireLog {
    var topics: [SimHash]
    var data: [SimHash]

    /// `blockTime` fills IPRegistered's registrationDate; `token` names the IP for its `name` and `uri`.
    init(_ log: SimLog, blockTime: Int64, ipName: (Int32) -> String) {
        let topic0 = WireEvent(log.event).topic0
        switch log.event {
        case .pairCreated(let token0, let token1, let pair, let count):
            topics = [topic0, SimHash(address: token0), SimHash(address: token1)]
            data = [SimHash(address: pair), SimHash(uint: count)]
        case .transfer(let from, let to, let value):
            topics = [topic0, SimHash(address: from), SimHash(address: to)]
            data = [SimHash(uint: value)]
        case .swap(let sender, let in0, let in1, let out0, let out1, let to):
            topics = [topic0, SimHash(address: sender), SimHash(address: to)]
            data = [SimHash(uint: in0), SimHash(uint: in1), SimHash(uint: out0), SimHash(uint: out1)]
        case .sync(let reserve0, let reserve1):
            topics = [topic0]
            data = [SimHash(uint: reserve0), SimHash(uint: reserve1)]
        case .mint(let sender, let amount0, let amount1):
            topics = [topic0, SimHash(address: sender)]
            data = [SimHash(uint: amount0), SimHash(uint: amount1)]
        case .burn(let sender, let amount0, let amount1, let to):
            topics = [topic0, SimHash(address: sender), SimHash(address: to)]
            data = [SimHash(uint: amount0), SimHash(uint: amount1)]
        case .ipRegistered(let ipID, let chainID, let tokenContract, let nftTokenID, _):
            topics = [topic0, SimHash(uint: chainID), SimHash(address: tokenContract), SimHash(uint: nftTokenID)]
            let name = Array(ipName(log.token).utf8)
            let uri = Array("sim://ip/\(ipID.hex)".utf8)
            let nameWords = Self.dynamicWords(name)
            data = [SimHash(address: ipID), SimHash(uint: UInt64(4 * 32)), SimHash(uint: UInt64((4 + nameWords.count) * 32)),
                    SimHash(uint: UInt64(blockTime))] + nameWords + Self.dynamicWords(uri)
        case .licenseTokensMinted(let caller, let licensor, let template, let termsID, let amount, let receiver, let start):
            topics = [topic0, SimHash(address: caller), SimHash(address: licensor), SimHash(uint: termsID)]
            data = [SimHash(address: template), SimHash(uint: amount), SimHash(address: receiver), SimHash(uint: start)]
        case .derivativeRegistered(let caller, let child, let licenseTokenID, let parent, let termsID, let template):
            // One-element arrays: heads are three offsets and the template, then length + element each.
            topics = [topic0, SimHash(address: caller), SimHash(address: child)]
            data = [SimHash(uint: UInt64(4 * 32)), SimHash(uint: UInt64(6 * 32)), SimHash(uint: UInt64(8 * 32)), SimHash(address: template),
                    SimHash(uint: 1), SimHash(uint: licenseTokenID), SimHash(uint: 1), SimHash(address: parent), SimHash(uint: 1), SimHash(uint: termsID)]
        case .royaltyPaid(let receiver, let payer, let sender, let currency, let amount, let afterFee):
            topics = [topic0]
            data = [SimHash(address: receiver), SimHash(address: payer), SimHash(address: sender), SimHash(address: currency),
                    SimHash(uint: amount), SimHash(uint: afterFee)]
        }
    }

    /// A dynamic `bytes`/`string` tail: its length word, then its bytes right-padded to whole words.
    static func dynamicWords(_ bytes: [UInt8]) -> [SimHash] {
        var words = [SimHash(uint: UInt64(bytes.count))]
        var index = 0
        while index < bytes.count {
            var chunk = [UInt8](repeating: 0, count: 32)
            for offset in 0..<min(32, bytes.count - index) { chunk[offset] = bytes[index + offset] }
            words.append(SimHash(word: chunk))
            index += 32
        }
        return words
    }
}
