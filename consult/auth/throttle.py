"""Slowing down password guessing without letting anyone lock an account for good.

Failed sign-ins are counted in the rate-limit store, in moving windows that
expire by themselves (docs/privacy.md#rule-9), under three keys, each a keyed hash (HMAC with
the app's secret) so the store never holds an address or an email
(docs/privacy.md#rule-1):

- the address: one address trying many accounts;
- the account, from browsers that never signed in to it: many addresses
  trying one account. The same count is kept for an email that matches no
  account, so being held back says nothing about whether an account exists;
- the account, from a browser that has signed in to it before (it carries a
  signed device cookie): so a guesser elsewhere, however busy, cannot keep the
  account's owner out, and an admin can clear the account's counts at once.

A held-back attempt is refused without checking the password and is not
counted, so once a window has room again the next attempt is checked.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter, RateLimiter

# An address may fail this many times the account budget, so a school or an
# office behind one address is not held back by one person's typos.
ADDRESS_FACTOR = 4


@dataclass
class SignInThrottle:
    strategy: RateLimiter
    secret: bytes
    attempts: int
    minutes: int

    @classmethod
    def from_storage_uri(cls, uri: str, secret: str, attempts: int,
                         minutes: int) -> SignInThrottle:
        return cls(MovingWindowRateLimiter(storage_from_string(uri)), secret.encode(),
                   max(1, attempts), max(1, minutes))

    def _key(self, kind: str, value: str) -> str:
        return hmac.new(self.secret, f"{kind}|{value}".encode(),
                        hashlib.sha256).hexdigest()[:32]

    def _limits(self, email: str, address: str,
                trusted: bool) -> list[tuple[RateLimitItemPerMinute, str]]:
        email = email.strip().lower()
        account = RateLimitItemPerMinute(self.attempts, self.minutes)
        per_address = RateLimitItemPerMinute(self.attempts * ADDRESS_FACTOR, self.minutes)
        kind = "sign-in-trusted" if trusted else "sign-in-account"
        return [(per_address, self._key("sign-in-address", address)),
                (account, self._key(kind, email))]

    def allows(self, email: str, address: str, trusted: bool) -> bool:
        return all(self.strategy.test(item, key)
                   for item, key in self._limits(email, address, trusted))

    def failed(self, email: str, address: str, trusted: bool) -> None:
        for item, key in self._limits(email, address, trusted):
            self.strategy.hit(item, key)

    def clear_account(self, email: str) -> None:
        """After a sign-in, or an admin's unlock: the account's counts start again
        (the address keeps its own)."""
        item = RateLimitItemPerMinute(self.attempts, self.minutes)
        for kind in ("sign-in-account", "sign-in-trusted"):
            self.strategy.clear(item, self._key(kind, email.strip().lower()))

    def held_back(self, email: str) -> bool:
        """Whether the account has used up its failed sign-ins for now (from
        browsers it has never seen, or from one it has): what admins see as
        "waiting" on the staff list."""
        item = RateLimitItemPerMinute(self.attempts, self.minutes)
        return any(not self.strategy.test(item, self._key(kind, email.strip().lower()))
                   for kind in ("sign-in-account", "sign-in-trusted"))
