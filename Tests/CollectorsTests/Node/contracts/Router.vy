# pragma version 0.4.3
# A minimal router, so a swap or a liquidity add is one transaction as on mainnet: it pulls the caller's
# tokens into the pair (transferFrom, which needs an approval) and calls the pair. Swap amounts follow
# Uniswap V2's getAmountOut (0.3% fee).

from ethereum.ercs import IERC20

interface Pair:
    def token0() -> address: view
    def token1() -> address: view
    def getReserves() -> (uint112, uint112, uint32): view
    def swap(_amount0Out: uint256, _amount1Out: uint256, _to: address): nonpayable
    def mint(_to: address) -> uint256: nonpayable


@external
def swapExactTokensIn(_pair: address, _tokenIn: address, _amountIn: uint256, _amountOutMin: uint256, _to: address) -> uint256:
    token0: address = staticcall Pair(_pair).token0()
    token1: address = staticcall Pair(_pair).token1()
    assert _tokenIn == token0 or _tokenIn == token1, "token not in pair"
    reserve0: uint112 = 0
    reserve1: uint112 = 0
    stamp: uint32 = 0
    reserve0, reserve1, stamp = staticcall Pair(_pair).getReserves()
    reserveIn: uint256 = convert(reserve0, uint256)
    reserveOut: uint256 = convert(reserve1, uint256)
    if _tokenIn == token1:
        reserveIn = convert(reserve1, uint256)
        reserveOut = convert(reserve0, uint256)
    amountInWithFee: uint256 = _amountIn * 997
    amountOut: uint256 = amountInWithFee * reserveOut // (reserveIn * 1000 + amountInWithFee)
    assert amountOut > 0 and amountOut >= _amountOutMin, "insufficient output amount"
    assert extcall IERC20(_tokenIn).transferFrom(msg.sender, _pair, _amountIn)
    if _tokenIn == token0:
        extcall Pair(_pair).swap(0, amountOut, _to)
    else:
        extcall Pair(_pair).swap(amountOut, 0, _to)
    return amountOut


@external
def addLiquidity(_pair: address, _amount0: uint256, _amount1Max: uint256, _to: address) -> uint256:
    # Deposits _amount0 of token0 and the matching amount of token1 at the current price (at most
    # _amount1Max); an empty pair takes _amount1Max as it is.
    token0: address = staticcall Pair(_pair).token0()
    token1: address = staticcall Pair(_pair).token1()
    reserve0: uint112 = 0
    reserve1: uint112 = 0
    stamp: uint32 = 0
    reserve0, reserve1, stamp = staticcall Pair(_pair).getReserves()
    amount1: uint256 = _amount1Max
    if reserve0 > 0:
        amount1 = _amount0 * convert(reserve1, uint256) // convert(reserve0, uint256) + 1
        assert amount1 <= _amount1Max, "insufficient token1 amount"
    assert extcall IERC20(token0).transferFrom(msg.sender, _pair, _amount0)
    assert extcall IERC20(token1).transferFrom(msg.sender, _pair, amount1)
    return extcall Pair(_pair).mint(_to)
