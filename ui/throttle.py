"""Failed logins, counted per client address and over all addresses for the whole server process
(not per browser session, which a guesser renews at will). After a few free tries each failure
doubles the wait, up to a limit; every failure is logged with the address."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

FREE_TRIES = 3  # failures from one address before it must wait
MAX_WAIT_S = 300.0
OVERALL_FREE_TRIES = 20  # failures from all addresses within OVERALL_WINDOW_S before everyone waits
OVERALL_WINDOW_S = 600.0


@dataclass
class LoginThrottle:
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)  # address → (count, last)
    _recent: list[float] = field(default_factory=list)  # times of failures from anywhere
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, address: str) -> float:
        """How long `address` must wait before its next try (0 when it may try now)."""
        now = self.clock()
        with self._lock:
            count, last = self._failures.get(address, (0, now))
            own = _backoff(count - FREE_TRIES + 1) - (now - last) if count >= FREE_TRIES else 0.0
            recent = [t for t in self._recent if now - t < OVERALL_WINDOW_S]
            overall = 0.0
            if len(recent) >= OVERALL_FREE_TRIES:
                overall = _backoff(len(recent) - OVERALL_FREE_TRIES + 1) - (now - recent[-1])
            return max(0.0, own, overall)

    def failed(self, address: str) -> None:
        now = self.clock()
        with self._lock:
            count = self._failures.get(address, (0, now))[0] + 1
            self._failures[address] = (count, now)
            self._recent = [t for t in self._recent if now - t < OVERALL_WINDOW_S] + [now]
            overall = len(self._recent)
        log.warning(
            "failed UI login from %s (%d from this address, %d overall in 10 min)", address, count, overall
        )

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


def _backoff(step: int) -> float:
    return min(MAX_WAIT_S, 2.0 ** max(0, step))


THROTTLE = LoginThrottle()
