# pragma version 0.4.3
# A Uniswap-V2-style pair: an ERC-20 LP token over two reserves with mint, burn and swap emitting exactly
# Uniswap V2's events (Transfer, Mint, Burn, Swap, Sync(uint112,uint112)). The factory copies this
# template's code (create_copy_of) and calls initialize(). No protocol fee, no flash swaps, no TWAP.

from ethereum.ercs import IERC20

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

event Mint:
    sender: indexed(address)
    amount0: uint256
    amount1: uint256

event Burn:
    sender: indexed(address)
    amount0: uint256
    amount1: uint256
    to: indexed(address)

event Swap:
    sender: indexed(address)
    amount0In: uint256
    amount1In: uint256
    amount0Out: uint256
    amount1Out: uint256
    to: indexed(address)

event Sync:
    reserve0: uint112
    reserve1: uint112

MINIMUM_LIQUIDITY: constant(uint256) = 1000

factory: public(address)
token0: public(address)
token1: public(address)
reserve0: uint256
reserve1: uint256
blockTimestampLast: uint256
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])


@external
@pure
def name() -> String[10]:
    return "Uniswap V2"


@external
@pure
def symbol() -> String[6]:
    return "UNI-V2"


@external
@pure
def decimals() -> uint8:
    return 18


@external
def initialize(_token0: address, _token1: address):
    assert self.factory == empty(address), "initialized"
    self.factory = msg.sender
    self.token0 = _token0
    self.token1 = _token1


@external
@view
def getReserves() -> (uint112, uint112, uint32):
    return convert(self.reserve0, uint112), convert(self.reserve1, uint112), convert(self.blockTimestampLast, uint32)


@internal
def _update(_balance0: uint256, _balance1: uint256):
    self.reserve0 = _balance0
    self.reserve1 = _balance1
    self.blockTimestampLast = block.timestamp % 2**32
    log Sync(reserve0=convert(_balance0, uint112), reserve1=convert(_balance1, uint112))


@internal
def _mint(_to: address, _value: uint256):
    self.totalSupply += _value
    self.balanceOf[_to] += _value
    log Transfer(sender=empty(address), receiver=_to, value=_value)


@internal
def _burn(_from: address, _value: uint256):
    self.balanceOf[_from] -= _value
    self.totalSupply -= _value
    log Transfer(sender=_from, receiver=empty(address), value=_value)


@external
def mint(_to: address) -> uint256:
    balance0: uint256 = staticcall IERC20(self.token0).balanceOf(self)
    balance1: uint256 = staticcall IERC20(self.token1).balanceOf(self)
    amount0: uint256 = balance0 - self.reserve0
    amount1: uint256 = balance1 - self.reserve1
    supply: uint256 = self.totalSupply
    liquidity: uint256 = 0
    if supply == 0:
        liquidity = isqrt(amount0 * amount1) - MINIMUM_LIQUIDITY
        self._mint(empty(address), MINIMUM_LIQUIDITY)
    else:
        liquidity = min(amount0 * supply // self.reserve0, amount1 * supply // self.reserve1)
    assert liquidity > 0, "insufficient liquidity minted"
    self._mint(_to, liquidity)
    self._update(balance0, balance1)
    log Mint(sender=msg.sender, amount0=amount0, amount1=amount1)
    return liquidity


@external
def burn(_to: address) -> (uint256, uint256):
    token0: address = self.token0
    token1: address = self.token1
    balance0: uint256 = staticcall IERC20(token0).balanceOf(self)
    balance1: uint256 = staticcall IERC20(token1).balanceOf(self)
    liquidity: uint256 = self.balanceOf[self]
    supply: uint256 = self.totalSupply
    amount0: uint256 = liquidity * balance0 // supply
    amount1: uint256 = liquidity * balance1 // supply
    assert amount0 > 0 and amount1 > 0, "insufficient liquidity burned"
    self._burn(self, liquidity)
    assert extcall IERC20(token0).transfer(_to, amount0)
    assert extcall IERC20(token1).transfer(_to, amount1)
    self._update(staticcall IERC20(token0).balanceOf(self), staticcall IERC20(token1).balanceOf(self))
    log Burn(sender=msg.sender, amount0=amount0, amount1=amount1, to=_to)
    return amount0, amount1


@external
def swap(_amount0Out: uint256, _amount1Out: uint256, _to: address):
    assert _amount0Out > 0 or _amount1Out > 0, "insufficient output amount"
    reserve0: uint256 = self.reserve0
    reserve1: uint256 = self.reserve1
    assert _amount0Out < reserve0 and _amount1Out < reserve1, "insufficient liquidity"
    token0: address = self.token0
    token1: address = self.token1
    assert _to != token0 and _to != token1, "invalid to"
    if _amount0Out > 0:
        assert extcall IERC20(token0).transfer(_to, _amount0Out)
    if _amount1Out > 0:
        assert extcall IERC20(token1).transfer(_to, _amount1Out)
    balance0: uint256 = staticcall IERC20(token0).balanceOf(self)
    balance1: uint256 = staticcall IERC20(token1).balanceOf(self)
    amount0In: uint256 = 0
    amount1In: uint256 = 0
    if balance0 > reserve0 - _amount0Out:
        amount0In = balance0 - (reserve0 - _amount0Out)
    if balance1 > reserve1 - _amount1Out:
        amount1In = balance1 - (reserve1 - _amount1Out)
    assert amount0In > 0 or amount1In > 0, "insufficient input amount"
    adjusted0: uint256 = balance0 * 1000 - amount0In * 3
    adjusted1: uint256 = balance1 * 1000 - amount1In * 3
    assert adjusted0 * adjusted1 >= reserve0 * reserve1 * 1000000, "K"
    self._update(balance0, balance1)
    log Swap(sender=msg.sender, amount0In=amount0In, amount1In=amount1In, amount0Out=_amount0Out, amount1Out=_amount1Out, to=_to)


@external
def transfer(_to: address, _value: uint256) -> bool:
    self.balanceOf[msg.sender] -= _value
    self.balanceOf[_to] += _value
    log Transfer(sender=msg.sender, receiver=_to, value=_value)
    return True


@external
def transferFrom(_from: address, _to: address, _value: uint256) -> bool:
    allowed: uint256 = self.allowance[_from][msg.sender]
    if allowed != max_value(uint256):
        self.allowance[_from][msg.sender] = allowed - _value
    self.balanceOf[_from] -= _value
    self.balanceOf[_to] += _value
    log Transfer(sender=_from, receiver=_to, value=_value)
    return True


@external
def approve(_spender: address, _value: uint256) -> bool:
    self.allowance[msg.sender][_spender] = _value
    log Approval(owner=msg.sender, spender=_spender, value=_value)
    return True
