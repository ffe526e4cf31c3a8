#!/usr/bin/env python3
"""The peer that radar-bench's abi-decode benchmark compares the Collectors' eth_getLogs reader with:
the same work on the same response body, done with nothing but Python's standard library.

radar-bench writes the body to a file, runs this script and reads the one line of JSON it prints last:
``{"benchmark": "abi-decode", "times_s": [...], "rows": ..., "python": ...}``.

Per repetition (timed): ``json.loads`` of the body's bytes, then for every log the same decoding and
checks as EVMLogDecoder: topic0 dispatch, topic and data counts, address padding (upper 12 bytes zero),
uint112 padding for Sync, int256 two's complement for V3 deltas split into in/out, lowercase
addresses and hashes, hex quantities to ints, block time from the block number, and one tuple per
row with amounts as decimal strings (the store keeps uint256 as text).
"""

import argparse
import json
import platform
import time

# keccak256 of the canonical signatures. The standard library has SHA3 but not Keccak, so they are
# written out here; the Swift side computes its own from the signature text.
TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"  # Transfer(address,address,uint256)
V2_SWAP = "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822"  # Swap(address,uint256,uint256,uint256,uint256,address)
SYNC = "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1"  # Sync(uint112,uint112)
V3_SWAP = "0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67"  # Swap(address,address,int256,int256,uint160,uint128,int24)

FIRST_BLOCK = 21_000_000
FIRST_BLOCK_TIME = 1_735_689_600
OBSERVED_AT = FIRST_BLOCK_TIME + 86_400
ZERO_PAD = "0" * 24
MAX_UINT112 = (1 << 112) - 1
MAX_UINT160 = (1 << 160) - 1
MAX_UINT128 = (1 << 128) - 1


class DecodeError(Exception):
    pass


def address(word):
    """A 64-hex-digit word (no 0x) as a lowercase address; the upper 12 bytes must be zero."""
    if word[:24] != ZERO_PAD:
        raise DecodeError("not an address: " + word)
    return "0x" + word[24:].lower()


def signed(word):
    value = int(word, 16)
    return value - (1 << 256) if value >> 255 else value


def split(delta):
    return ("0", str(-delta)) if delta < 0 else (str(delta), "0")


def decode(body):
    response = json.loads(body)
    if "error" in response:
        raise DecodeError(str(response["error"]))
    rows = []
    append = rows.append
    for log in response["result"]:
        if log.get("removed"):
            continue
        topics = log["topics"]
        data = log["data"]
        block = int(log["blockNumber"], 16)
        position = (1, block, log["blockHash"].lower(), int(log["logIndex"], 16), log["transactionHash"].lower())
        emitter = log["address"].lower()
        event_time = FIRST_BLOCK_TIME + 12 * (block - FIRST_BLOCK)
        topic0 = topics[0]
        if topic0 == TRANSFER:
            if len(topics) == 4:
                continue  # ERC-721
            if len(topics) != 3 or len(data) != 66:
                raise DecodeError("bad ERC-20 Transfer shape")
            append(("transfer", position, emitter, address(topics[1][2:]), address(topics[2][2:]),
                    str(int(data[2:66], 16)), event_time, OBSERVED_AT))
        elif topic0 == V2_SWAP:
            if len(topics) != 3 or len(data) != 2 + 4 * 64:
                raise DecodeError("bad V2 Swap shape")
            append(("swap", position, emitter, address(topics[1][2:]), address(topics[2][2:]),
                    str(int(data[2:66], 16)), str(int(data[66:130], 16)), str(int(data[130:194], 16)),
                    str(int(data[194:258], 16)), None, None, None, event_time, OBSERVED_AT))
        elif topic0 == SYNC:
            if len(topics) != 1 or len(data) != 2 + 2 * 64:
                raise DecodeError("bad Sync shape")
            reserve0, reserve1 = int(data[2:66], 16), int(data[66:130], 16)
            if reserve0 > MAX_UINT112 or reserve1 > MAX_UINT112:
                raise DecodeError("reserve does not fit uint112")
            append(("reserves", position, emitter, str(reserve0), str(reserve1), event_time, OBSERVED_AT))
        elif topic0 == V3_SWAP:
            if len(topics) != 3 or len(data) != 2 + 5 * 64:
                raise DecodeError("bad V3 Swap shape")
            in0, out0 = split(signed(data[2:66]))
            in1, out1 = split(signed(data[66:130]))
            price, liquidity, tick = int(data[130:194], 16), int(data[194:258], 16), signed(data[258:322])
            if price > MAX_UINT160 or liquidity > MAX_UINT128 or not -(1 << 23) <= tick < (1 << 23):
                raise DecodeError("bad V3 Swap padding")
            append(("swap", position, emitter, address(topics[1][2:]), address(topics[2][2:]),
                    in0, in1, out0, out1, str(price), str(liquidity), tick, event_time, OBSERVED_AT))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--body", required=True, help="the eth_getLogs response body radar-bench wrote")
    parser.add_argument("--repetitions", type=int, default=7)
    arguments = parser.parse_args()
    with open(arguments.body, "rb") as handle:
        body = handle.read()
    times, rows = [], 0
    for _ in range(arguments.repetitions):
        start = time.perf_counter()
        decoded = decode(body)
        times.append(time.perf_counter() - start)
        rows = len(decoded)
        del decoded
    print(json.dumps({"benchmark": "abi-decode", "times_s": times, "rows": rows, "python": platform.python_version()}))


if __name__ == "__main__":
    main()
