import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Serves a world on loopback: the JSON-RPC node on `basePort`, the DexScreener-format market API on
/// `basePort + 1` and the X/RSS social endpoints on `basePort + 2` (8545, 8546 and 8547 by default,
/// where `Feeds/radar.yaml`'s enabled feeds look). Port 0 gives three free ports.
public struct WorldServer: Sendable {
    /// Where the three listeners are, once they listen.
    public struct URLs: Sendable, Hashable {
        public var rpc: String
        public var market: String
        public var social: String

        /// The line `radar world serve` prints when ready.
        public var line: String { "listening rpc=\(rpc) market=\(market) social=\(social)" }
    }

    public let rpc: WorldRPC
    public let market: WorldMarket
    public let social: WorldSocial
    public let host: String
    public let basePort: Int

    public init(history: WorldHistory, head: WorldHead, host: String = "127.0.0.1", basePort: Int = 8545, logLimit: Int = 10_000) {
        rpc = WorldRPC(history: history, head: head, logLimit: logLimit)
        market = WorldMarket(history: history, head: head)
        social = WorldSocial(history: history, head: head)
        self.host = host
        self.basePort = basePort
    }

    /// Serves until the task is cancelled or, with `stopOnSignals`, SIGINT or SIGTERM arrives (then
    /// gracefully); `onReady` gets the URLs once all three listeners are bound.
    public func run(stopOnSignals: Bool = false, onReady: @escaping @Sendable (URLs) -> Void) async throws {
        var logger = Logger(label: "simworld")
        logger.logLevel = .critical  // cancellation at shutdown is logged as errors; answers carry the real ones
        let ports = Mutex<[Int?]>([nil, nil, nil])
        let host = host
        func bound(_ slot: Int) -> @Sendable (any Channel) async -> Void {
            { channel in
                let ready: [Int]? = ports.withLock { ports in
                    ports[slot] = channel.localAddress?.port
                    return ports.allSatisfy { $0 != nil } ? ports.map { $0! } : nil
                }
                if let ready {
                    onReady(URLs(rpc: "http://\(host):\(ready[0])", market: "http://\(host):\(ready[1])", social: "http://\(host):\(ready[2])"))
                }
            }
        }
        func port(_ offset: Int) -> Int { basePort == 0 ? 0 : basePort + offset }
        let services: [any Service] = [
            Application(router: rpcRouter(), configuration: .init(address: .hostname(host, port: port(0))),
                        onServerRunning: bound(0), logger: logger),
            Application(router: marketRouter(), configuration: .init(address: .hostname(host, port: port(1))),
                        onServerRunning: bound(1), logger: logger),
            Application(router: socialRouter(), configuration: .init(address: .hostname(host, port: port(2))),
                        onServerRunning: bound(2), logger: logger),
        ]
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: stopOnSignals ? [UnixSignal.sigterm, .sigint] : [], logger: logger))
        try await group.run()
    }

    private static func body(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func rpcRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let rpc = rpc
        router.post("/") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 16 << 20)
            return Self.body(rpc.respond(to: Array(buffer.readableBytesView)), type: "application/json")
        }
        return router
    }

    private func marketRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let market = market
        router.get("/latest/dex/tokens/:addresses") { _, context -> Response in
            let addresses = context.parameters.get("addresses") ?? ""
            guard let answer = market.tokens(addresses) else {
                return Self.body(Array(#"{"error":"up to 30 comma-separated token addresses"}"#.utf8), type: "application/json",
                                 status: .badRequest)
            }
            return Self.body(answer, type: "application/json")
        }
        return router
    }

    private func socialRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let social = social
        router.get("/2/tweets/search/recent") { request, _ -> Response in
            var parameters: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
            return Self.body(social.search(parameters), type: "application/json")
        }
        router.get("/rss") { _, _ -> Response in
            Self.body(social.rss(), type: "application/rss+xml; charset=utf-8")
        }
        return router
    }
}
