#!/usr/bin/env python3
"""A real local EVM JSON-RPC node for the collectors' tests.

An in-process chain (eth-tester with the py-evm backend) served as Ethereum JSON-RPC 2.0 over HTTP on
127.0.0.1, with Vyper contracts compiled at start (ERC-20s, one with a bytes32 symbol, a Uniswap-V2-style
factory, pair and router), a seeded trading scenario that writes a ground-truth manifest, and test
control methods (snapshots, reorgs, more trading, a log cap like hosted providers'). See README.md.

Logs are served from the node's own index, built from each mined block's receipts: `logIndex` counts
per block (as on mainnet), not per transaction (as eth-tester's own eth_getLogs does), and a query over
thousands of blocks answers in milliseconds.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import random
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTRACTS = HERE / "contracts"
VYPER_VERSION = "0.4.3"
ZERO_ADDRESS = b"\x00" * 20
GAS_PRICE = 10 * 10**9
BLOCK_GAS_BUDGET = 25_000_000  # of the 30M block gas limit, what one mined block's txs may reserve

# topic0 of the events the contracts emit, by name
EVENT_SIGNATURES = {
    "Transfer": "Transfer(address,address,uint256)",
    "Approval": "Approval(address,address,uint256)",
    "PairCreated": "PairCreated(address,address,address,uint256)",
    "Mint": "Mint(address,uint256,uint256)",
    "Burn": "Burn(address,uint256,uint256,address)",
    "Swap": "Swap(address,uint256,uint256,uint256,uint256,address)",
    "Sync": "Sync(uint112,uint112)",
}

# the IP registry's events (--ip-events): name -> (canonical signature, indexed types, data types, parameter names)
IP_EVENTS = {
    "IPRegistered": ("IPRegistered(address,uint256,address,uint256,string,string,uint256)",
                     ["uint256", "address", "uint256"], ["address", "string", "string", "uint256"],
                     ["chainId", "tokenContract", "tokenId", "ipId", "name", "uri", "registrationDate"]),
    "LicenseTokensMinted": ("LicenseTokensMinted(address,address,address,uint256,uint256,address,uint256)",
                            ["address", "address", "uint256"], ["address", "uint256", "address", "uint256"],
                            ["caller", "licensorIpId", "licenseTermsId", "licenseTemplate", "amount", "receiver",
                             "startLicenseTokenId"]),
    "DerivativeRegistered": ("DerivativeRegistered(address,address,address,uint256,address)",
                             ["address", "address"], ["address", "uint256", "address"],
                             ["caller", "childIpId", "parentIpId", "licenseTermsId", "licenseTemplate"]),
    "RoyaltyPaid": ("RoyaltyPaid(address,address,address,address,uint256)",
                    [], ["address", "address", "address", "address", "uint256"],
                    ["receiverIpId", "payerIpId", "sender", "token", "amount"]),
}


def log(message: str) -> None:
    print(f"evm_node: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# JSON-RPC errors and parameter parsing


class RPCError(Exception):
    def __init__(self, code: int, message: str, data=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def payload(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return error


def invalid_params(message: str) -> RPCError:
    return RPCError(-32602, message)


def quantity(value: int) -> str:
    return hex(value)


def parse_quantity(value, what: str) -> int:
    if isinstance(value, bool):
        raise invalid_params(f"invalid {what}: {value!r}")
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value[:2] in ("0x", "0X") and len(value) > 2:
        try:
            return int(value[2:], 16)
        except ValueError:
            pass
    raise invalid_params(f"invalid {what}: {value!r} (want a hex quantity such as \"0x1f\")")


def parse_data(value, what: str, length: int | None = None) -> bytes:
    if not isinstance(value, str) or value[:2] not in ("0x", "0X"):
        raise invalid_params(f"invalid {what}: {value!r} (want 0x-prefixed hex)")
    try:
        data = bytes.fromhex(value[2:])
    except ValueError:
        raise invalid_params(f"invalid {what}: {value!r} (not hex)") from None
    if length is not None and len(data) != length:
        raise invalid_params(f"invalid {what}: {value!r} (want {length} bytes)")
    return data


def hex_address(raw: bytes) -> str:
    return "0x" + raw.hex()


# --------------------------------------------------------------------------------------------------
# Contracts: compiled with vyper at start, cached by source hash in __pycache__ next to this file


def compile_contracts() -> dict:
    import vyper
    from vyper import compile_code

    sources = {p.stem: p.read_text() for p in sorted(CONTRACTS.glob("*.vy"))}
    digest = hashlib.sha256(json.dumps([vyper.__version__, sources], sort_keys=True).encode()).hexdigest()[:16]
    cache = HERE / "__pycache__" / f"contracts-{digest}.json"
    try:
        return json.loads(cache.read_text())
    except (OSError, ValueError):
        pass
    started = time.monotonic()
    compiled = {}
    for name, source in sources.items():
        out = compile_code(source, output_formats=["abi", "bytecode"])
        compiled[name] = {"abi": out["abi"], "bytecode": out["bytecode"]}
    log(f"compiled {len(compiled)} contracts with vyper {vyper.__version__} in {time.monotonic() - started:.1f}s")
    try:
        cache.parent.mkdir(exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(compiled))
        temporary.replace(cache)
    except OSError:
        pass
    return compiled


# --------------------------------------------------------------------------------------------------
# The chain and its log index


class Block:
    """One canonical block as the node serves it: header fields, transactions and its logs."""

    __slots__ = ("number", "hash", "parent_hash", "timestamp", "gas_used", "gas_limit", "base_fee", "miner",
                 "mix_hash", "tx_hashes", "txs", "logs")

    def __init__(self, header, txs, logs):
        self.number = header.block_number
        self.hash = "0x" + header.hash.hex()
        self.parent_hash = "0x" + header.parent_hash.hex()
        self.timestamp = header.timestamp
        self.gas_used = header.gas_used
        self.gas_limit = header.gas_limit
        self.base_fee = getattr(header, "base_fee_per_gas", 0)
        self.miner = hex_address(header.coinbase)
        self.mix_hash = "0x" + header.mix_hash.hex()
        self.txs = txs  # list of dicts (transaction objects plus receipt fields under "_receipt")
        self.tx_hashes = [tx["hash"] for tx in txs]
        self.logs = logs  # list of (address, topics, rendered dict), in logIndex order

    def rpc(self, full: bool) -> dict:
        return {
            "number": quantity(self.number),
            "hash": self.hash,
            "parentHash": self.parent_hash,
            "timestamp": quantity(self.timestamp),
            "gasUsed": quantity(self.gas_used),
            "gasLimit": quantity(self.gas_limit),
            "baseFeePerGas": quantity(self.base_fee),
            "miner": self.miner,
            "mixHash": self.mix_hash,
            "nonce": "0x0000000000000000",
            "difficulty": "0x0",
            "extraData": "0x",
            "transactions": [{k: v for k, v in tx.items() if k != "_receipt"} for tx in self.txs] if full
            else list(self.tx_hashes),
            "uncles": [],
        }


class Node:
    def __init__(self, chain_id: int, accounts: int, genesis_timestamp: int, block_time: int, seed: int,
                 max_logs: int | None, finality_depth: int):
        from eth_tester import EthereumTester, PyEVMBackend

        self.block_time = block_time
        self.seed = seed
        self.max_logs = max_logs
        self.finality_depth = finality_depth
        self.lock = threading.RLock()
        genesis_state = PyEVMBackend.generate_genesis_state(num_accounts=accounts)
        genesis_params = PyEVMBackend.generate_genesis_params(overrides={"timestamp": genesis_timestamp})
        self.backend = PyEVMBackend(genesis_parameters=genesis_params, genesis_state=genesis_state)
        # The chain id is a class attribute of eth-tester's chain class; py-evm reads it (CHAINID, signing)
        # every time it builds a VM, so setting it here makes the whole chain that id.
        type(self.backend.chain).chain_id = chain_id
        self.chain_id = chain_id
        self.tester = EthereumTester(backend=self.backend, auto_mine_transactions=False)
        self.keys = list(self.backend.account_keys)
        self.epoch = 0  # bumped by each revert, so re-mined blocks never repeat an old hash
        self.nonces: dict[bytes, int] = {}
        self.snapshots: dict[int, int] = {}  # snapshot id -> block number
        self.next_snapshot = 1
        self.blocks: list[Block] = []
        self.by_hash: dict[str, int] = {}
        self.tx_index: dict[str, tuple[int, int]] = {}
        self.listeners: list = []  # callables(block) told of each indexed block, and of truncations (None)
        genesis = self.backend.chain.get_canonical_block_by_number(0)
        self._index(genesis.header, genesis.transactions, ())

    # -- accounts and transactions

    @property
    def chain(self):
        return self.backend.chain

    def address(self, key) -> bytes:
        return key.public_key.to_canonical_address()

    def nonce(self, address: bytes) -> int:
        if address not in self.nonces:
            self.nonces[address] = self.chain.get_vm().state.get_nonce(address)
        return self.nonces[address]

    def transaction(self, key, to: bytes, data: bytes = b"", value: int = 0, gas: int = 200_000):
        sender = self.address(key)
        nonce = self.nonce(sender)
        self.nonces[sender] = nonce + 1
        unsigned = self.chain.create_unsigned_transaction(
            nonce=nonce, gas_price=GAS_PRICE, gas=gas, to=to, value=value, data=data)
        return unsigned.as_signed_transaction(key, chain_id=self.chain_id)

    # -- mining

    @property
    def latest(self) -> Block:
        return self.blocks[-1]

    def mine(self, transactions=(), timestamp: int | None = None) -> Block:
        """Mines one block holding `transactions` (signed, in order) and indexes it."""
        parent = self.latest
        if timestamp is None:
            timestamp = parent.timestamp + self.block_time
        if timestamp <= parent.timestamp:
            raise invalid_params(f"timestamp {timestamp} is not after the latest block's ({parent.timestamp})")
        number = parent.number + 1
        mix_hash = hashlib.sha3_256(f"{self.seed}:{number}:{self.epoch}".encode()).digest()
        chain = self.chain
        # Header fields that execution sees (TIMESTAMP, PREVRANDAO) are set before the transactions
        # run, so the block re-executes to the same state when eth-tester re-imports it on a revert.
        chain.header = chain.header.copy(timestamp=timestamp, mix_hash=mix_hash)
        try:
            result, receipts, _ = chain.mine_all(list(transactions), coinbase=ZERO_ADDRESS)
        except Exception:
            self.nonces.clear()
            raise
        block = result.imported_block
        return self._index(block.header, block.transactions, receipts)

    def mine_packed(self, transactions) -> list[Block]:
        """Mines `transactions` in as few blocks as the gas budget allows, in order."""
        mined, batch, reserved = [], [], 0
        for tx in transactions:
            if batch and reserved + tx.gas > BLOCK_GAS_BUDGET:
                mined.append(self.mine(batch))
                batch, reserved = [], 0
            batch.append(tx)
            reserved += tx.gas
        if batch:
            mined.append(self.mine(batch))
        return mined

    def _index(self, header, transactions, receipts) -> Block:
        from eth._utils.address import generate_contract_address

        block_hash = "0x" + header.hash.hex()
        number = header.block_number
        txs, logs = [], []
        log_index = 0
        previous_gas = 0
        for position, (tx, receipt) in enumerate(zip(transactions, receipts)):
            tx_hash = "0x" + tx.hash.hex()
            sender = tx.sender
            created = hex_address(generate_contract_address(sender, tx.nonce)) if not tx.to else None
            tx_logs = []
            for entry in receipt.logs:
                address = hex_address(entry.address)
                topics = ["0x%064x" % t for t in entry.topics]
                rendered = {
                    "address": address,
                    "topics": topics,
                    "data": "0x" + entry.data.hex(),
                    "blockNumber": quantity(number),
                    "blockHash": block_hash,
                    "blockTimestamp": quantity(header.timestamp),
                    "transactionHash": tx_hash,
                    "transactionIndex": quantity(position),
                    "logIndex": quantity(log_index),
                    "removed": False,
                }
                logs.append((address, topics, rendered))
                tx_logs.append(rendered)
                log_index += 1
            gas_used = receipt.gas_used - previous_gas
            previous_gas = receipt.gas_used
            txs.append({
                "hash": tx_hash,
                "blockHash": block_hash,
                "blockNumber": quantity(number),
                "transactionIndex": quantity(position),
                "from": hex_address(sender),
                "to": hex_address(tx.to) if tx.to else None,
                "nonce": quantity(tx.nonce),
                "value": quantity(tx.value),
                "gas": quantity(tx.gas),
                "gasPrice": quantity(tx.gas_price),
                "input": "0x" + tx.data.hex(),
                "type": "0x0",
                "chainId": quantity(self.chain_id),
                "_receipt": {
                    "status": quantity(1 if receipt.state_root == b"\x01" else 0),
                    "gasUsed": quantity(gas_used),
                    "cumulativeGasUsed": quantity(receipt.gas_used),
                    "contractAddress": created,
                    "logs": tx_logs,
                },
            })
            self.tx_index[tx_hash] = (number, position)
        block = Block(header, txs, logs)
        assert number == len(self.blocks), f"block {number} indexed after {len(self.blocks) - 1}"
        self.blocks.append(block)
        self.by_hash[block.hash] = number
        for listener in self.listeners:
            listener(block)
        return block

    def truncate(self, keep_through: int) -> list[Block]:
        """Drops blocks above `keep_through` from the index (after the chain was reverted)."""
        removed = self.blocks[keep_through + 1:]
        del self.blocks[keep_through + 1:]
        for block in removed:
            self.by_hash.pop(block.hash, None)
            for tx_hash in block.tx_hashes:
                self.tx_index.pop(tx_hash, None)
        self.nonces.clear()
        self.snapshots = {k: v for k, v in self.snapshots.items() if v <= keep_through}
        for listener in self.listeners:
            listener(None)
        return removed

    def revert_to_block(self, number: int) -> list[Block]:
        """Makes block `number` the head again: later blocks leave the chain and the index."""
        if not 0 <= number <= self.latest.number:
            raise invalid_params(f"block {number} is not in the chain (latest is {self.latest.number})")
        if number == self.latest.number:
            return []
        target = bytes.fromhex(self.blocks[number].hash[2:])
        self.backend.revert_to_snapshot(target)
        self.epoch += 1
        return self.truncate(number)

    def call(self, sender: bytes, to: bytes, data: bytes, value: int, gas: int | None, number: int) -> str:
        """Runs a call on the state after block `number` and throws it away. Like geth, a call needs no
        funds: the sender is credited the gas (at the block's base fee) and the value for the call."""
        from eth.vm.spoof import SpoofTransaction

        header = self.chain.get_canonical_block_header_by_number(number)
        vm = self.chain.get_vm(at_header=header)
        state = vm.state
        gas = min(gas or header.gas_limit, header.gas_limit)
        price = header.base_fee_per_gas
        snapshot = state.snapshot()
        try:
            state.set_balance(sender, state.get_balance(sender) + gas * price + value)
            unsigned = vm.create_unsigned_transaction(
                nonce=state.get_nonce(sender), gas_price=price, gas=gas, to=to, value=value, data=data)
            computation = state.apply_transaction(SpoofTransaction(unsigned, from_=sender))
        finally:
            state.revert(snapshot)
        if computation.is_error:
            raise RPCError(3, "execution reverted", "0x" + computation.output.hex())
        return "0x" + computation.output.hex()

    # -- block tags

    def block_number(self, tag, what: str = "block") -> int:
        latest = self.latest.number
        if tag is None or tag in ("latest", "pending"):
            return latest
        if tag == "earliest":
            return 0
        if tag in ("safe", "finalized"):
            return max(0, latest - self.finality_depth)
        if isinstance(tag, str) and tag[:2] not in ("0x", "0X"):
            raise invalid_params(f"invalid {what}: {tag!r} (want a hex number or latest, earliest, pending, safe, finalized)")
        return parse_quantity(tag, what)

    # -- logs

    def get_logs(self, query: dict) -> list:
        if not isinstance(query, dict):
            raise invalid_params("eth_getLogs takes one filter object")
        unknown = set(query) - {"fromBlock", "toBlock", "address", "topics", "blockHash"}
        if unknown:
            raise invalid_params(f"unknown filter fields: {', '.join(sorted(unknown))}")
        latest = self.latest.number
        if query.get("blockHash") is not None:
            if query.get("fromBlock") is not None or query.get("toBlock") is not None:
                raise invalid_params("cannot specify both blockHash and fromBlock/toBlock")
            block_hash = query["blockHash"]
            parse_data(block_hash, "blockHash", 32)
            number = self.by_hash.get(block_hash.lower())
            if number is None:
                raise RPCError(-32000, "unknown block")
            first = last = number
        else:
            first = self.block_number(query.get("fromBlock"), "fromBlock")
            last = self.block_number(query.get("toBlock"), "toBlock")
            if first > last:
                raise invalid_params("invalid block range params")
            last = min(last, latest)

        addresses = query.get("address")
        if addresses is None:
            address_set = None
        else:
            if isinstance(addresses, str):
                addresses = [addresses]
            if not isinstance(addresses, list):
                raise invalid_params("address must be an address or an array of addresses")
            for address in addresses:
                parse_data(address, "address", 20)
            address_set = {a.lower() for a in addresses} or None

        topics = query.get("topics") or []
        if not isinstance(topics, list):
            raise invalid_params("topics must be an array")
        if len(topics) > 4:
            raise invalid_params("too many topics (at most 4 positions)")
        matchers = []
        for position, entry in enumerate(topics):
            if entry is None:
                matchers.append(None)
            elif isinstance(entry, str):
                parse_data(entry, f"topic {position}", 32)
                matchers.append({entry.lower()})
            elif isinstance(entry, list):
                options = set()
                for option in entry:
                    if option is None:  # a null inside an OR-array matches anything there
                        options = None
                        break
                    parse_data(option, f"topic {position}", 32)
                    options.add(option.lower())
                matchers.append(options or None)
            else:
                raise invalid_params(f"topic {position} must be null, a topic or an array of topics")
        while matchers and matchers[-1] is None:
            matchers.pop()

        limit = self.max_logs
        result = []
        for number in range(first, last + 1):
            for address, log_topics, rendered in self.blocks[number].logs:
                if address_set is not None and address not in address_set:
                    continue
                if matchers:
                    if len(log_topics) < len(matchers):
                        continue
                    if any(m is not None and log_topics[i] not in m for i, m in enumerate(matchers)):
                        continue
                result.append(rendered)
                if limit is not None and len(result) > limit:
                    raise RPCError(-32005, f"query returned more than {limit} results")
        return result


# --------------------------------------------------------------------------------------------------
# The trading scenario: deployment, liquidity and seeded trading, with shadow balances from the logs


class Scenario:
    def __init__(self, node: Node, compiled: dict, seed: int, wallets: int, max_txs_per_block: int):
        from eth_abi import encode
        from eth_utils import function_signature_to_4byte_selector, keccak

        self.node = node
        self.compiled = compiled
        self.seed = seed
        self.max_txs = max(1, max_txs_per_block)
        self.encode = encode
        self.selector = function_signature_to_4byte_selector
        self.topic = {name: "0x" + keccak(text=sig).hex() for name, sig in EVENT_SIGNATURES.items()}
        self.event_by_topic = {v: k for k, v in self.topic.items()}
        if wallets + 1 > len(node.keys):
            raise SystemExit(f"--wallets {wallets} needs --accounts of at least {wallets + 1}")
        self.deployer = node.keys[0]
        self.wallet_keys = node.keys[1:wallets + 1]
        self.wallets = [node.address(k) for k in self.wallet_keys]
        self.tokens: dict[str, dict] = {}  # symbol -> {address, name, decimals, symbolType, ...}
        self.pairs: list[dict] = []
        self.contracts: dict[str, str] = {}
        self.first_block = None
        self.setup_done_block = None
        self.trade_blocks = 0
        self.transactions = 0
        self.balances: dict[str, dict[str, int]] = {}  # token or pair address -> holder -> balance
        self.reserves: dict[str, tuple[int, int]] = {}
        self.ip_registry: str | None = None  # the IPRegistry contract, once --ip-events deployed it
        self.ips: list[bytes] = []  # IP ids registered so far
        node.listeners.append(self._observe)

    # -- shadow state, kept from the logs of every indexed block (rebuilt after a revert)

    def _observe(self, block):
        if block is None:
            self.balances = {}
            self.reserves = {}
            for b in self.node.blocks:
                self._apply(b)
        else:
            self._apply(block)

    def _apply(self, block):
        transfer, sync = self.topic["Transfer"], self.topic["Sync"]
        for address, topics, rendered in block.logs:
            if topics[0] == transfer and len(topics) == 3:
                value = int(rendered["data"], 16)
                holders = self.balances.setdefault(address, {})
                sender, receiver = "0x" + topics[1][26:], "0x" + topics[2][26:]
                if sender != "0x" + "00" * 20:
                    holders[sender] = holders.get(sender, 0) - value
                holders[receiver] = holders.get(receiver, 0) + value
            elif topics[0] == sync:
                data = rendered["data"][2:]
                self.reserves[address] = (int(data[:64], 16), int(data[64:], 16))

    def balance(self, token: str, holder: bytes) -> int:
        return self.balances.get(token, {}).get(hex_address(holder), 0)

    # -- calldata

    def call_data(self, signature: str, types: list, values: list) -> bytes:
        return self.selector(signature) + self.encode(types, values)

    def deploy(self, name: str, types: list, values: list, gas: int = 3_000_000):
        code = bytes.fromhex(self.compiled[name]["bytecode"][2:]) + self.encode(types, values)
        return self.node.transaction(self.deployer, b"", code, gas=gas)

    # -- setup: tokens, pair template, factory, router, pairs, funding, approvals, liquidity

    def setup(self):
        from eth._utils.address import generate_contract_address

        node, deployer = self.node, self.deployer
        rng = random.Random(f"{self.seed}:setup")
        start = node.latest.number + 1
        specs = [
            # symbol, name, decimals, supply (whole tokens), bytes32 symbol?
            ("TKN", "Radar Token", 18, 10**9, False),
            ("WETH", "Wrapped Ether", 18, 10**7, False),
            ("MKR", "Maker", 18, 10**6, True),
            ("USDC", "USD Coin", 6, 10**10, False),
        ]
        deployer_address = node.address(deployer)
        txs = []
        for symbol, name, decimals, supply, is_bytes32 in specs:
            address = hex_address(generate_contract_address(deployer_address, node.nonce(deployer_address)))
            if is_bytes32:
                tx = self.deploy("TokenBytes32", ["bytes32", "bytes32", "uint8", "uint256"],
                                 [name.encode().ljust(32, b"\0"), symbol.encode().ljust(32, b"\0"), decimals,
                                  supply * 10**decimals])
            else:
                tx = self.deploy("Token", ["string", "string", "uint8", "uint256"],
                                 [name, symbol, decimals, supply * 10**decimals])
            txs.append(tx)
            self.tokens[symbol] = {"address": address, "name": name, "symbol": symbol, "decimals": decimals,
                                   "symbolType": "bytes32" if is_bytes32 else "string",
                                   "totalSupply": str(supply * 10**decimals)}
        template = hex_address(generate_contract_address(deployer_address, node.nonce(deployer_address)))
        txs.append(self.deploy("UniswapV2Pair", [], [], gas=4_000_000))
        factory = hex_address(generate_contract_address(deployer_address, node.nonce(deployer_address)))
        txs.append(self.deploy("UniswapV2Factory", ["address"], [template]))
        router = hex_address(generate_contract_address(deployer_address, node.nonce(deployer_address)))
        txs.append(self.deploy("Router", [], []))
        self.contracts = {"pairTemplate": template, "factory": factory, "router": router}
        node.mine_packed(txs)

        # pairs, each against WETH (PairCreated sorts the two tokens)
        weth = self.tokens["WETH"]["address"]
        pair_specs = [("TKN", 50_000_000, 10_000), ("MKR", 10_000, 5_000), ("USDC", 20_000_000, 10_000)]
        create = [node.transaction(deployer, bytes.fromhex(factory[2:]),
                                   self.call_data("createPair(address,address)", ["address", "address"],
                                                  [self.tokens[s]["address"], weth]), gas=3_000_000)
                  for s, _, _ in pair_specs]
        blocks = node.mine_packed(create)
        created = [rendered for b in blocks for a, t, rendered in b.logs if t[0] == self.topic["PairCreated"]]
        assert len(created) == len(pair_specs), "createPair failed"
        for (symbol, amount, weth_amount), event in zip(pair_specs, created):
            token0, token1 = "0x" + event["topics"][1][26:], "0x" + event["topics"][2][26:]
            pair = "0x" + event["data"][2 + 24:2 + 64]
            self.pairs.append({"address": pair, "token0": token0, "token1": token1,
                               "createdBlock": int(event["blockNumber"], 16),
                               "name": f"{symbol}/WETH",
                               "_liquidity": {self.tokens[symbol]["address"]: amount * 10**self.tokens[symbol]["decimals"],
                                              weth: weth_amount * 10**18}})

        # funding, approvals and the deployer's liquidity
        transfer_sig, approve_sig = "transfer(address,uint256)", "approve(address,uint256)"
        funds = {"TKN": (10_000, 100_000), "WETH": (10, 100), "MKR": (1, 10), "USDC": (1_000, 10_000)}
        txs = []
        for wallet in self.wallets:
            for symbol, (low, high) in funds.items():
                token = self.tokens[symbol]
                amount = rng.randint(low * 100, high * 100) * 10**token["decimals"] // 100
                txs.append(node.transaction(deployer, bytes.fromhex(token["address"][2:]),
                                            self.call_data(transfer_sig, ["address", "uint256"], [wallet, amount]),
                                            gas=100_000))
        unlimited = 2**256 - 1
        for key in [deployer, *self.wallet_keys]:
            for token in self.tokens.values():
                txs.append(node.transaction(key, bytes.fromhex(token["address"][2:]),
                                            self.call_data(approve_sig, ["address", "uint256"], [router, unlimited]),
                                            gas=100_000))
        for pair in self.pairs:
            amount0, amount1 = pair["_liquidity"][pair["token0"]], pair["_liquidity"][pair["token1"]]
            txs.append(node.transaction(deployer, bytes.fromhex(router[2:]),
                                        self.call_data("addLiquidity(address,uint256,uint256,address)",
                                                       ["address", "uint256", "uint256", "address"],
                                                       [pair["address"], amount0, amount1, deployer_address]),
                                        gas=400_000))
        node.mine_packed(txs)
        self.first_block = start
        self.setup_done_block = node.latest.number

    # -- trading

    def trade(self, blocks: int, rng: random.Random | None = None) -> tuple[int, int]:
        rng = rng or random.Random(f"{self.seed}:trade:{self.node.latest.number}:{self.node.epoch}")
        first = self.node.latest.number + 1
        for _ in range(blocks):
            self.node.mine(self.block_transactions(rng))
            self.trade_blocks += 1
        return first, self.node.latest.number

    def block_transactions(self, rng: random.Random) -> list:
        node = self.node
        if rng.random() < 0.08:
            return []
        committed: dict[tuple[str, bytes], int] = {}

        def available(token: str, index: int) -> int:
            wallet = self.wallets[index]
            return self.balance(token, wallet) - committed.get((token, wallet), 0)

        def commit(token: str, index: int, amount: int):
            key = (token, self.wallets[index])
            committed[key] = committed.get(key, 0) + amount

        router = bytes.fromhex(self.contracts["router"][2:])
        token_addresses = [t["address"] for t in self.tokens.values()]
        txs = []
        for _ in range(rng.randint(1, self.max_txs)):
            index = rng.randrange(len(self.wallets))
            key, wallet = self.wallet_keys[index], self.wallets[index]
            action = rng.random()
            if action < 0.45:  # swap through the router
                pair = rng.choice(self.pairs)
                token_in = pair["token0"] if rng.random() < 0.5 else pair["token1"]
                have = available(token_in, index)
                amount = int(have * rng.uniform(0.01, 0.3))
                if amount <= 0:
                    continue
                commit(token_in, index, amount)
                txs.append(node.transaction(key, router, self.call_data(
                    "swapExactTokensIn(address,address,uint256,uint256,address)",
                    ["address", "address", "uint256", "uint256", "address"],
                    [pair["address"], token_in, amount, 0, wallet]), gas=300_000))
            elif action < 0.80:  # a plain token transfer to another wallet
                token = rng.choice(token_addresses)
                amount = int(available(token, index) * rng.uniform(0.01, 0.5))
                if amount <= 0:
                    continue
                receiver = self.wallets[rng.randrange(len(self.wallets))]
                commit(token, index, amount)
                txs.append(node.transaction(key, bytes.fromhex(token[2:]), self.call_data(
                    "transfer(address,uint256)", ["address", "uint256"], [receiver, amount]), gas=100_000))
            elif action < 0.90:  # add liquidity at the current price
                pair = rng.choice(self.pairs)
                reserve0, reserve1 = self.reserves.get(pair["address"], (0, 0))
                have0, have1 = available(pair["token0"], index), available(pair["token1"], index)
                if reserve0 == 0 or reserve1 == 0 or have0 <= 0 or have1 <= 0:
                    continue
                amount0 = min(int(have0 * rng.uniform(0.05, 0.2)), have1 // 2 * reserve0 // reserve1)
                needed1 = amount0 * reserve1 // reserve0 + 1
                if amount0 <= 0:
                    continue
                cap1 = min(have1, needed1 * 2)
                commit(pair["token0"], index, amount0)
                commit(pair["token1"], index, cap1)
                txs.append(node.transaction(key, router, self.call_data(
                    "addLiquidity(address,uint256,uint256,address)", ["address", "uint256", "uint256", "address"],
                    [pair["address"], amount0, cap1, wallet]), gas=400_000))
            elif action < 0.96:  # remove liquidity: LP tokens to the pair, then burn (two transactions)
                held = [p for p in self.pairs if available(p["address"], index) > 0]
                if not held:
                    continue
                pair = rng.choice(held)
                liquidity = int(available(pair["address"], index) * rng.uniform(0.2, 1.0))
                if liquidity <= 0:
                    continue
                commit(pair["address"], index, liquidity)
                target = bytes.fromhex(pair["address"][2:])
                txs.append(node.transaction(key, target, self.call_data(
                    "transfer(address,uint256)", ["address", "uint256"], [target, liquidity]), gas=100_000))
                txs.append(node.transaction(key, target, self.call_data(
                    "burn(address)", ["address"], [wallet]), gas=300_000))
            elif action < 0.98:  # a renewed approval
                token = rng.choice(token_addresses)
                txs.append(node.transaction(key, bytes.fromhex(token[2:]), self.call_data(
                    "approve(address,uint256)", ["address", "uint256"], [router, 2**256 - 1]), gas=100_000))
            else:  # plain ether, no logs
                receiver = self.wallets[rng.randrange(len(self.wallets))]
                txs.append(node.transaction(key, receiver, b"", value=rng.randint(1, 10**18), gas=21_000))
        return txs

    # -- IP registry events (--ip-events, test_ipEvents, test_emitRaw)

    def ip_events(self, blocks: int, rng: random.Random | None = None) -> tuple[int, int]:
        """Deploys the IP registry on first use, then mines `blocks` blocks of 1...4 registry events each:
        registrations (the first three events), licence mints, derivatives and royalty payments."""
        from eth._utils.address import generate_contract_address

        node, deployer = self.node, self.deployer
        rng = rng or random.Random(f"{self.seed}:ip:{node.latest.number}:{node.epoch}")
        if self.ip_registry is None:
            deployer_address = node.address(deployer)
            self.ip_registry = hex_address(generate_contract_address(deployer_address, node.nonce(deployer_address)))
            node.mine([self.deploy("IPRegistry", [], [], gas=2_000_000)])
        registry = bytes.fromhex(self.ip_registry[2:])
        tokens = [bytes.fromhex(t["address"][2:]) for t in self.tokens.values()] or [rng.getrandbits(160).to_bytes(20, "big")]
        first = node.latest.number + 1
        for _ in range(blocks):
            txs = []
            for _ in range(rng.randint(1, 4)):
                action = "register" if len(self.ips) < 3 else rng.choice(["register", "license", "derivative", "royalty", "royalty"])
                if action == "register":
                    ip = rng.getrandbits(160).to_bytes(20, "big")
                    self.ips.append(ip)
                    data = self.call_data("register(address,uint256,address,uint256,string,string)",
                                          ["address", "uint256", "address", "uint256", "string", "string"],
                                          [ip, rng.choice([1, 1514, node.chain_id]), rng.choice(tokens), rng.randint(1, 10**6),
                                           f"IP #{len(self.ips)}", f"ipfs://ip-{len(self.ips)}"])
                elif action == "license":
                    data = self.call_data("mintLicense(address,uint256,uint256,address,uint256)",
                                          ["address", "uint256", "uint256", "address", "uint256"],
                                          [rng.choice(self.ips), rng.randint(1, 20), rng.randint(1, 10**6),
                                           rng.choice(self.wallets), rng.randint(1, 10**9)])
                elif action == "derivative":
                    child = rng.getrandbits(160).to_bytes(20, "big")
                    parent = rng.choice(self.ips)
                    self.ips.append(child)
                    data = self.call_data("registerDerivative(address,address,uint256)", ["address", "address", "uint256"],
                                          [child, parent, rng.randint(1, 20)])
                else:
                    data = self.call_data("payRoyalty(address,address,address,uint256)",
                                          ["address", "address", "address", "uint256"],
                                          [rng.choice(self.ips), rng.choice(self.ips + [ZERO_ADDRESS]), rng.choice(tokens),
                                           rng.randint(1, 10**24)])
                txs.append(node.transaction(deployer, registry, data, gas=300_000))
            node.mine(txs)
        return first, node.latest.number

    def emit_raw(self, topic0: bytes, data: bytes) -> int:
        """Mines one block whose only log is the registry's `raw_log([topic0], data)`."""
        if self.ip_registry is None:
            raise RPCError(-32000, "no IP registry: start the node with --ip-events N")
        call = self.call_data("emitRaw(bytes32,bytes)", ["bytes32", "bytes"], [topic0, data])
        return self.node.mine([self.node.transaction(self.deployer, bytes.fromhex(self.ip_registry[2:]), call,
                                                     gas=300_000)]).number

    def ip_manifest(self) -> dict:
        """The registry's events decoded from the node's log index (eth_abi), and the logs that do not decode."""
        from eth_abi import decode
        from eth_utils import keccak

        by_topic = {"0x" + keccak(text=signature).hex(): (name, indexed, data, names)
                    for name, (signature, indexed, data, names) in IP_EVENTS.items()}

        def plain(value):
            if isinstance(value, int):
                return str(value)
            if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
                return value.lower()
            return value

        counts = {name: 0 for name in IP_EVENTS}
        events, malformed = [], []
        for block in self.node.blocks:
            for address, topics, rendered in block.logs:
                if address != self.ip_registry:
                    continue
                where = {"blockNumber": block.number, "blockHash": block.hash, "logIndex": int(rendered["logIndex"], 16),
                         "transactionHash": rendered["transactionHash"]}
                spec = by_topic.get(topics[0]) if topics else None
                try:
                    if spec is None or len(topics) != 1 + len(spec[1]):
                        raise ValueError("topics")
                    name, indexed_types, data_types, names = spec
                    indexed = [decode([t], bytes.fromhex(topic[2:]))[0] for t, topic in zip(indexed_types, topics[1:])]
                    data = list(decode(data_types, bytes.fromhex(rendered["data"][2:])))
                except Exception:
                    malformed.append(where)
                    continue
                counts[name] += 1
                events.append({"event": name, **where,
                               "values": {key: plain(value) for key, value in zip(names, indexed + data)}})
        return {"address": self.ip_registry, "counts": counts, "events": events, "malformed": malformed,
                "topics": {name: "0x" + keccak(text=signature).hex() for name, (signature, *_) in IP_EVENTS.items()}}

    # -- ground truth

    def manifest(self) -> dict:
        node = self.node
        counts = {name: 0 for name in EVENT_SIGNATURES}
        by_address: dict[str, dict[str, int]] = {}
        transferred: dict[str, int] = {}
        logs_per_block = []
        total = transactions = failed = 0
        first = self.first_block or 1
        for block in node.blocks[first:]:
            logs_per_block.append(len(block.logs))
            transactions += len(block.txs)
            failed += sum(1 for tx in block.txs if tx["_receipt"]["status"] == "0x0")
            for address, topics, rendered in block.logs:
                name = self.event_by_topic.get(topics[0], "other") if topics else "other"
                counts[name] = counts.get(name, 0) + 1
                per = by_address.setdefault(address, {})
                per[name] = per.get(name, 0) + 1
                total += 1
                if name == "Transfer" and len(topics) == 3:
                    transferred[address] = transferred.get(address, 0) + int(rendered["data"], 16)
        latest = node.latest
        return {
            "chainId": node.chain_id,
            "seed": self.seed,
            "wallets": [hex_address(w) for w in self.wallets],
            "deployer": hex_address(node.address(self.deployer)),
            "fromBlock": first,
            "setupToBlock": self.setup_done_block,
            "toBlock": latest.number,
            "latestBlock": latest.number,
            "latestBlockHash": latest.hash,
            "tradeBlocks": self.trade_blocks,
            "contracts": dict(self.contracts),
            "tokens": {s: dict(t) for s, t in self.tokens.items()},
            "pairs": [{k: v for k, v in p.items() if not k.startswith("_")} for p in self.pairs],
            "topics": dict(self.topic),
            "logCounts": {"total": total, **counts},
            "logCountsByAddress": by_address,
            "logsPerBlock": logs_per_block,
            "transferTotals": {a: str(v) for a, v in sorted(transferred.items())},
            "reserves": {p["address"]: {"reserve0": str(self.reserves.get(p["address"], (0, 0))[0]),
                                        "reserve1": str(self.reserves.get(p["address"], (0, 0))[1])}
                         for p in self.pairs},
            "transactions": transactions,
            "failedTransactions": failed,
            **({"ipRegistry": self.ip_manifest()} if self.ip_registry else {}),
        }


# --------------------------------------------------------------------------------------------------
# JSON-RPC dispatch


class RPC:
    def __init__(self, node: Node, scenario: Scenario | None):
        self.node = node
        self.scenario = scenario

    def handle(self, request) -> dict | None:
        if not isinstance(request, dict) or request.get("jsonrpc") != "2.0" or not isinstance(request.get("method"), str):
            return {"jsonrpc": "2.0", "id": request.get("id") if isinstance(request, dict) else None,
                    "error": {"code": -32600, "message": "invalid request"}}
        is_notification = "id" not in request
        request_id = request.get("id")
        params = request.get("params", [])
        if params is None:
            params = []
        try:
            method = getattr(self, "rpc_" + request["method"], None)
            if method is None:
                raise RPCError(-32601, f"the method {request['method']} does not exist/is not available")
            if not isinstance(params, (list, dict)):
                raise invalid_params("params must be an array")
            with self.node.lock:
                result = method(*params) if isinstance(params, list) else method(**params)
            response = {"jsonrpc": "2.0", "id": request_id, "result": result}
        except RPCError as error:
            response = {"jsonrpc": "2.0", "id": request_id, "error": error.payload()}
        except TypeError as error:
            response = {"jsonrpc": "2.0", "id": request_id,
                        "error": {"code": -32602, "message": f"invalid params: {error}"}}
        except Exception as error:  # a bug or an EVM failure: say so, keep serving
            log(f"{request['method']} failed: {error!r}")
            response = {"jsonrpc": "2.0", "id": request_id,
                        "error": {"code": -32603, "message": f"internal error: {error}"}}
        return None if is_notification else response

    # -- standard methods

    def rpc_eth_chainId(self):
        return quantity(self.node.chain_id)

    def rpc_net_version(self):
        return str(self.node.chain_id)

    def rpc_web3_clientVersion(self):
        return "AlphaRadar-evm_node/eth-tester-py-evm"

    def rpc_eth_blockNumber(self):
        return quantity(self.node.latest.number)

    def rpc_eth_getBlockByNumber(self, tag, full=False):
        number = self.node.block_number(tag)
        if number > self.node.latest.number:
            return None
        return self.node.blocks[number].rpc(bool(full))

    def rpc_eth_getBlockByHash(self, block_hash, full=False):
        parse_data(block_hash, "block hash", 32)
        number = self.node.by_hash.get(block_hash.lower())
        return None if number is None else self.node.blocks[number].rpc(bool(full))

    def rpc_eth_getLogs(self, query):
        return self.node.get_logs(query)

    def rpc_eth_getTransactionByHash(self, tx_hash):
        parse_data(tx_hash, "transaction hash", 32)
        where = self.node.tx_index.get(tx_hash.lower())
        if where is None:
            return None
        tx = self.node.blocks[where[0]].txs[where[1]]
        return {k: v for k, v in tx.items() if k != "_receipt"}

    def rpc_eth_getTransactionReceipt(self, tx_hash):
        parse_data(tx_hash, "transaction hash", 32)
        where = self.node.tx_index.get(tx_hash.lower())
        if where is None:
            return None
        tx = self.node.blocks[where[0]].txs[where[1]]
        return {"transactionHash": tx["hash"], "transactionIndex": tx["transactionIndex"],
                "blockHash": tx["blockHash"], "blockNumber": tx["blockNumber"], "from": tx["from"], "to": tx["to"],
                "type": tx["type"], "effectiveGasPrice": tx["gasPrice"], **tx["_receipt"]}

    def rpc_eth_call(self, call, tag="latest"):
        if not isinstance(call, dict) or not call.get("to"):
            raise invalid_params("eth_call takes a call object with at least `to`")
        number = self.node.block_number(tag)
        if number > self.node.latest.number:
            raise RPCError(-32000, "header not found")
        sender = parse_data(call["from"], "from", 20) if call.get("from") else ZERO_ADDRESS
        to = parse_data(call["to"], "to", 20)
        data = parse_data(call.get("data") or call.get("input") or "0x", "data")
        value = parse_quantity(call.get("value", "0x0"), "value")
        gas = parse_quantity(call["gas"], "gas") if call.get("gas") else None
        return self.node.call(sender, to, data, value, gas, number)

    def rpc_eth_getBalance(self, address, tag="latest"):
        number = self.node.block_number(tag)
        from eth_utils import to_checksum_address
        return quantity(self.node.tester.get_balance(to_checksum_address(address), number))

    def rpc_eth_getCode(self, address, tag="latest"):
        number = self.node.block_number(tag)
        from eth_utils import to_checksum_address
        return self.node.tester.get_code(to_checksum_address(address), number)

    # -- evm_* (ganache/hardhat style)

    def rpc_evm_snapshot(self):
        node = self.node
        snapshot = node.next_snapshot
        node.next_snapshot += 1
        node.snapshots[snapshot] = node.latest.number
        return quantity(snapshot)

    def rpc_evm_revert(self, snapshot):
        node = self.node
        snapshot = parse_quantity(snapshot, "snapshot id")
        number = node.snapshots.get(snapshot)
        if number is None:
            return False
        node.revert_to_block(number)
        # like ganache and hardhat: the snapshot and every later one are used up
        node.snapshots = {k: v for k, v in node.snapshots.items() if k < snapshot}
        return True

    def rpc_evm_mine(self, options=None):
        blocks, timestamp = 1, None
        if isinstance(options, dict):
            blocks = parse_quantity(options.get("blocks", 1), "blocks")
            if options.get("timestamp") is not None:
                timestamp = parse_quantity(options["timestamp"], "timestamp")
        elif options is not None:
            timestamp = parse_quantity(options, "timestamp")
        for i in range(blocks):
            self.node.mine([], timestamp if i == 0 else None)
        return "0x0"

    # -- test control

    def _scenario(self) -> Scenario:
        if self.scenario is None:
            raise RPCError(-32000, "no scenario: start the node with --scenario trade")
        return self.scenario

    def rpc_test_manifest(self):
        return self._scenario().manifest()

    def rpc_test_setMaxLogs(self, limit=None):
        self.node.max_logs = None if limit is None else parse_quantity(limit, "limit")
        return True

    def rpc_test_trade(self, options=None):
        options = options or {}
        scenario = self._scenario()
        blocks = parse_quantity(options.get("blocks", 1), "blocks")
        rng = random.Random(options["seed"]) if "seed" in options else None
        first, last = scenario.trade(blocks, rng)
        return {"fromBlock": quantity(first), "toBlock": quantity(last)}

    def rpc_test_ipEvents(self, options=None):
        options = options or {}
        blocks = parse_quantity(options.get("blocks", 1), "blocks")
        rng = random.Random(options["seed"]) if "seed" in options else None
        first, last = self._scenario().ip_events(blocks, rng)
        return {"fromBlock": quantity(first), "toBlock": quantity(last)}

    def rpc_test_emitRaw(self, options=None):
        options = options or {}
        topic0 = parse_data(options.get("topic0"), "topic0", 32)
        data = parse_data(options.get("data", "0x"), "data")
        return quantity(self._scenario().emit_raw(topic0, data))

    def rpc_test_reorg(self, options=None):
        """Replaces the chain from block K on: reverts to K-1, then mines `newBlocks` different blocks
        (trading with another seed when a scenario runs, empty otherwise)."""
        options = options or {}
        node = self.node
        latest = node.latest.number
        if "fromBlock" in options:
            first = node.block_number(options["fromBlock"], "fromBlock")
        else:
            first = latest - parse_quantity(options.get("depth", 1), "depth") + 1
        if not 1 <= first <= latest:
            raise invalid_params(f"fromBlock {first} must be within 1...{latest}")
        removed = node.revert_to_block(first - 1)
        new_blocks = parse_quantity(options.get("newBlocks", len(removed)), "newBlocks")
        trade = options.get("trade", True) and self.scenario is not None and self.scenario.pairs
        rng = random.Random(f"{node.seed}:reorg:{options.get('seed', node.epoch)}")
        for _ in range(new_blocks):
            node.mine(self.scenario.block_transactions(rng) if trade else [])
        return {
            "fromBlock": quantity(first),
            "removed": [{"number": quantity(b.number), "hash": b.hash, "logs": len(b.logs)} for b in removed],
            "added": [{"number": quantity(b.number), "hash": b.hash, "logs": len(b.logs)}
                      for b in node.blocks[first:]],
            "latest": quantity(node.latest.number),
        }


# --------------------------------------------------------------------------------------------------
# HTTP


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "evm_node"
    rpc: RPC = None  # set on the class before serving
    verbose = False

    def log_message(self, format, *args):
        if self.verbose:
            log(format % args)

    def do_GET(self):
        self._send(200, b"evm_node: POST JSON-RPC 2.0 here\n", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            request = json.loads(body)
        except ValueError:
            response = {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "parse error"}}
        else:
            if isinstance(request, list):
                if not request:
                    response = {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "empty batch"}}
                else:
                    response = [r for r in (self.rpc.handle(item) for item in request) if r is not None]
            else:
                response = self.rpc.handle(request)
        if response is None or response == []:
            self._send(204, b"", "application/json")
        else:
            self._send(200, json.dumps(response, separators=(",", ":")).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free one)")
    parser.add_argument("--chain-id", type=int, default=1337)
    parser.add_argument("--accounts", type=int, default=None,
                        help="funded accounts at genesis (default: enough for --wallets, at least 10)")
    parser.add_argument("--genesis-timestamp", type=int, default=1_700_000_000)
    parser.add_argument("--block-time", type=int, default=12, help="seconds between blocks")
    parser.add_argument("--finality-depth", type=int, default=0,
                        help="`safe` and `finalized` are this many blocks below `latest`")
    parser.add_argument("--max-logs", type=int, default=None,
                        help="eth_getLogs answers -32005 when a query would return more logs than this")
    parser.add_argument("--scenario", choices=["trade"], default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--wallets", type=int, default=20)
    parser.add_argument("--blocks", type=int, default=50, help="trading blocks after the setup blocks")
    parser.add_argument("--max-txs-per-block", type=int, default=10)
    parser.add_argument("--ip-events", type=int, default=0,
                        help="after trading, deploy the IP registry and mine this many blocks of its events")
    parser.add_argument("--manifest", type=Path, default=None, help="write the scenario's ground truth here (JSON)")
    parser.add_argument("--no-stdin", action="store_true", help="do not stop when standard input closes")
    parser.add_argument("--verbose", action="store_true", help="log each HTTP request to stderr")
    args = parser.parse_args(argv)

    started = time.monotonic()
    accounts = args.accounts or max(10, args.wallets + 1)
    compiled = compile_contracts() if args.scenario else None
    node = Node(args.chain_id, accounts, args.genesis_timestamp, args.block_time, args.seed, args.max_logs,
                args.finality_depth)
    scenario = None
    if args.scenario == "trade":
        scenario = Scenario(node, compiled, args.seed, args.wallets, args.max_txs_per_block)
        setup_started = time.monotonic()
        scenario.setup()
        scenario.trade(args.blocks)
        if args.ip_events > 0:
            scenario.ip_events(args.ip_events)
        manifest = scenario.manifest()
        log(f"scenario trade: {manifest['transactions']} transactions, {manifest['logCounts']['total']} logs, "
            f"blocks {manifest['fromBlock']}...{manifest['toBlock']} in {time.monotonic() - setup_started:.1f}s")
        if manifest["failedTransactions"]:
            log(f"warning: {manifest['failedTransactions']} transactions reverted")
        if args.manifest:
            temporary = args.manifest.with_name(args.manifest.name + ".tmp")
            temporary.write_text(json.dumps(manifest, indent=1))
            temporary.replace(args.manifest)

    Handler.rpc = RPC(node, scenario)
    Handler.verbose = args.verbose
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if not args.no_stdin:
        def watch_stdin():
            try:
                while sys.stdin.buffer.read(4096):
                    pass
            except (OSError, ValueError):
                pass
            stop.set()
        threading.Thread(target=watch_stdin, daemon=True).start()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    log(f"ready in {time.monotonic() - started:.1f}s")
    print(f"listening http://127.0.0.1:{server.server_address[1]}", flush=True)
    while not stop.wait(0.1):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
