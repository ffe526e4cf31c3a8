# pragma version 0.4.3
# A Uniswap-V2-style factory: createPair sorts the tokens (token0 < token1), copies the pair template's
# code with CREATE2 (salt = keccak256(token0 ++ token1)) and emits PairCreated like Uniswap V2.

interface Pair:
    def initialize(_token0: address, _token1: address): nonpayable

event PairCreated:
    token0: indexed(address)
    token1: indexed(address)
    pair: address
    index: uint256

pairTemplate: public(address)
getPair: public(HashMap[address, HashMap[address, address]])
allPairs: public(HashMap[uint256, address])
allPairsLength: public(uint256)


@deploy
def __init__(_pairTemplate: address):
    self.pairTemplate = _pairTemplate


@external
def createPair(_tokenA: address, _tokenB: address) -> address:
    assert _tokenA != _tokenB, "identical addresses"
    token0: address = _tokenA
    token1: address = _tokenB
    if convert(_tokenB, uint256) < convert(_tokenA, uint256):
        token0 = _tokenB
        token1 = _tokenA
    assert token0 != empty(address), "zero address"
    assert self.getPair[token0][token1] == empty(address), "pair exists"
    pair: address = create_copy_of(self.pairTemplate, salt=keccak256(concat(convert(token0, bytes20), convert(token1, bytes20))))
    extcall Pair(pair).initialize(token0, token1)
    self.getPair[token0][token1] = pair
    self.getPair[token1][token0] = pair
    count: uint256 = self.allPairsLength
    self.allPairs[count] = pair
    self.allPairsLength = count + 1
    log PairCreated(token0=token0, token1=token1, pair=pair, index=count + 1)
    return pair
