#!/usr/bin/env python3
"""The peer that radar-bench compares FeatureStore with: the same work on the same schema, done
with nothing but Python's standard-library ``sqlite3``.

radar-bench runs this script itself and reads the one line of JSON it prints last:
``{"benchmark": ..., "times_s": [...], "rows": ..., "sqlite_version": ..., "python": ...}``.

ingest    Copies an empty store file that FeatureStore created and migrated (so the schema is
          exactly the store's), then inserts the rows of a TSV that radar-bench wrote, in
          transactions of --batch-size rows, each with the feed's checkpoint upsert, with
          ``executemany``. Only the transactions are timed; a fresh copy is used per repetition.
pit-read  Per token: its pools (token0 or token1) known and created by ``asof``, then each pool's
          swaps with since < event_time <= asof and observed_at <= asof, every column
          materialised into Python tuples. Timed over all tokens, once per repetition.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import time

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA cache_size = -65536",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA wal_autocheckpoint = 16384",
    "PRAGMA journal_size_limit = 67108864",
)

INSERT_TRANSFER = """
    INSERT INTO transfers (chain, block_number, block_hash, log_index, tx_hash, token, from_address, to_address,
                           amount, event_time, observed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING
"""

UPSERT_CHECKPOINT = """
    INSERT INTO checkpoints (feed, cursor, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
"""

# The same statements FeatureStore runs: the token's pools through the token0 and token1 indexes
# (sorted in the caller), then one scan of the window's swaps through swaps_by_time, filtered to the
# wanted pools (passed as a JSON array) and sorted into chain order in the caller.
POOL_COLUMNS = """chain, pool, dex, factory, token0, token1, fee, created_block, created_block_hash, created_log_index,
           created_tx, created_at, observed_at"""

SELECT_VISIBLE_POOLS = f"""
    SELECT {POOL_COLUMNS} FROM pools WHERE created_at <= ?1 AND observed_at <= ?1
"""

SELECT_SWAPS_OF_POOLS = """
    SELECT chain, block_number, block_hash, log_index, tx_hash, pool, sender, recipient, amount0_in, amount1_in,
           amount0_out, amount1_out, sqrt_price_x96, liquidity, tick, event_time, observed_at
    FROM swaps INDEXED BY swaps_by_time
    WHERE event_time > ?3 AND event_time <= ?4 AND observed_at <= ?4 AND chain = ?1
      AND pool IN (SELECT value FROM json_each(?2))
"""

FEED = "bench-erc20-transfers"


def connect(path):
    connection = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT below
    for pragma in PRAGMAS:
        connection.execute(pragma)
    return connection


def remove_store(path):
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def load_transfers(path):
    """The TSV rows as tuples in the table's column order, repeated strings shared."""
    intern = sys.intern
    rows = []
    with open(path, encoding="ascii") as tsv:
        for line in tsv:
            c = line.rstrip("\n").split("\t")
            rows.append((int(c[0]), int(c[1]), intern(c[2]), int(c[3]), intern(c[4]), intern(c[5]), intern(c[6]),
                         intern(c[7]), c[8], int(c[9]), int(c[10])))
    return rows


def ingest(args):
    rows = load_transfers(args.rows_tsv)
    batches = [rows[start:start + args.batch_size] for start in range(0, len(rows), args.batch_size)]
    # The checkpoint FeatureStore writes with each batch: its last block and last observation time.
    checkpoints = [(FEED, str(batch[-1][1]), batch[-1][10]) for batch in batches]
    times = []
    for repetition in range(1, args.repetitions + 1):
        path = os.path.join(args.workdir, f"peer-{repetition}.sqlite")
        remove_store(path)
        shutil.copyfile(args.template, path)
        if os.path.exists(args.template + "-wal"):
            shutil.copyfile(args.template + "-wal", path + "-wal")
        connection = connect(path)
        start = time.perf_counter()
        for batch, checkpoint in zip(batches, checkpoints):
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(INSERT_TRANSFER, batch)
            connection.execute(UPSERT_CHECKPOINT, checkpoint)
            connection.execute("COMMIT")
        elapsed = time.perf_counter() - start
        (count,) = connection.execute("SELECT count(*) FROM transfers").fetchone()
        connection.close()
        remove_store(path)
        if count != len(rows):
            sys.exit(f"peer ingest stored {count} rows, expected {len(rows)}")
        times.append(elapsed)
        print(f"  peer rep {repetition}: {elapsed:.3f} s, {len(rows) / elapsed:,.0f} rows/s", file=sys.stderr, flush=True)
    return times, len(rows)


def pit_read(args):
    with open(args.tokens_file, encoding="ascii") as file:
        tokens = [line.strip() for line in file if line.strip()]
    connection = connect(args.store)
    chain, asof, since = args.chain, args.asof, args.since
    times = []
    returned = None
    for repetition in range(1, args.repetitions + 1):
        start = time.perf_counter()
        wanted = set(tokens)
        pools_of_token = {}
        for pool in connection.execute(SELECT_VISIBLE_POOLS, (asof,)).fetchall():
            for side in {pool[4], pool[5]}:
                if side in wanted:
                    pools_of_token.setdefault(side, []).append(pool[1])
        tokens_of_pool = {}
        for token, pools in pools_of_token.items():
            for pool in pools:
                tokens_of_pool.setdefault(pool, []).append(token)
        result = {token: [] for token in tokens}
        rows = connection.execute(SELECT_SWAPS_OF_POOLS, (chain, json.dumps(list(tokens_of_pool)), since, asof)).fetchall()
        rows.sort(key=lambda row: (row[1], row[3]))
        for row in rows:
            for token in tokens_of_pool.get(row[5], ()):
                result[token].append(row)
        elapsed = time.perf_counter() - start
        count = sum(len(swaps) for swaps in result.values())
        if returned is not None and count != returned:
            sys.exit(f"peer pit-read returned {count} swaps, earlier {returned}")
        returned = count
        times.append(elapsed)
        print(f"  peer rep {repetition}: {elapsed:.3f} s, {count:,} swaps", file=sys.stderr, flush=True)
    connection.close()
    return times, returned


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="benchmark", required=True)
    ingest_parser = commands.add_parser("ingest")
    ingest_parser.add_argument("--template", required=True, help="an empty store file FeatureStore migrated")
    ingest_parser.add_argument("--rows-tsv", required=True)
    ingest_parser.add_argument("--workdir", required=True)
    ingest_parser.add_argument("--batch-size", type=int, default=1000)
    ingest_parser.add_argument("--repetitions", type=int, default=5)
    pit_parser = commands.add_parser("pit-read")
    pit_parser.add_argument("--store", required=True)
    pit_parser.add_argument("--tokens-file", required=True)
    pit_parser.add_argument("--chain", type=int, default=1)
    pit_parser.add_argument("--asof", type=int, required=True)
    pit_parser.add_argument("--since", type=int, required=True)
    pit_parser.add_argument("--repetitions", type=int, default=7)
    args = parser.parse_args()

    times, rows = ingest(args) if args.benchmark == "ingest" else pit_read(args)
    print(json.dumps({"benchmark": args.benchmark, "times_s": times, "rows": rows,
                      "sqlite_version": sqlite3.sqlite_version, "python": platform.python_version()}))


if __name__ == "__main__":
    main()
