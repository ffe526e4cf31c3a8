# pragma version 0.4.3
# A Story-Protocol-style IP registry for the ip-registry feed's tests. It keeps no state: each call
# emits the event a real registry, licensing or royalty module would, with the values it is given,
# and `emitRaw` emits any log at all (a malformed one, for fault tests).

event IPRegistered:
    ipId: address
    chainId: indexed(uint256)
    tokenContract: indexed(address)
    tokenId: indexed(uint256)
    name: String[64]
    uri: String[128]
    registrationDate: uint256

event LicenseTokensMinted:
    caller: indexed(address)
    licensorIpId: indexed(address)
    licenseTemplate: address
    licenseTermsId: indexed(uint256)
    amount: uint256
    receiver: address
    startLicenseTokenId: uint256

event DerivativeRegistered:
    caller: indexed(address)
    childIpId: indexed(address)
    parentIpId: address
    licenseTermsId: uint256
    licenseTemplate: address

event RoyaltyPaid:
    receiverIpId: address
    payerIpId: address
    sender: address
    token: address
    amount: uint256


@external
def register(_ipId: address, _chainId: uint256, _tokenContract: address, _tokenId: uint256, _name: String[64], _uri: String[128]):
    log IPRegistered(ipId=_ipId, chainId=_chainId, tokenContract=_tokenContract, tokenId=_tokenId, name=_name, uri=_uri,
                     registrationDate=block.timestamp)


@external
def mintLicense(_licensorIpId: address, _termsId: uint256, _amount: uint256, _receiver: address, _startId: uint256):
    log LicenseTokensMinted(caller=msg.sender, licensorIpId=_licensorIpId, licenseTemplate=self, licenseTermsId=_termsId,
                            amount=_amount, receiver=_receiver, startLicenseTokenId=_startId)


@external
def registerDerivative(_childIpId: address, _parentIpId: address, _termsId: uint256):
    log DerivativeRegistered(caller=msg.sender, childIpId=_childIpId, parentIpId=_parentIpId, licenseTermsId=_termsId,
                             licenseTemplate=self)


@external
def payRoyalty(_receiverIpId: address, _payerIpId: address, _token: address, _amount: uint256):
    log RoyaltyPaid(receiverIpId=_receiverIpId, payerIpId=_payerIpId, sender=msg.sender, token=_token, amount=_amount)


@external
def emitRaw(_topic0: bytes32, _data: Bytes[256]):
    raw_log([_topic0], _data)
