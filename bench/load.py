"""A small keep-alive HTTP load generator (http.client: far lighter than an async client, so
the load generator takes less of the two cores from the server) and the statistics."""

import http.client
import json
import math
import statistics
import threading
import time
from dataclasses import dataclass, field

from bench.server import HOST


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest rank: the smallest sample with at least `fraction` of them at or below it."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class Measure:
    name: str
    path: str
    note: str = ""
    samples: list[float] = field(default_factory=list)  # seconds
    rps: float | None = None
    rps_requests: int = 0
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.samples)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.95)


class Client:
    """One keep-alive connection with a bearer token."""

    def __init__(self, port: int, token: str, timeout: float = 300) -> None:
        self.port, self.timeout = port, timeout
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def get(self, path: str) -> tuple[int, bytes]:
        status, _, body = self.send("GET", path)
        return status, body

    def send(self, method: str, path: str, body: object = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request (a JSON body when given); (status, headers with lower-case names,
        body). A broken connection is reopened and the request tried once more."""
        data = None if body is None else json.dumps(body).encode()
        sent = {**self.headers, **(headers or {})}
        if data is not None:
            sent["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=sent)
                response = self.conn.getresponse()
                return (response.status, {k.lower(): v for k, v in response.getheaders()},
                        response.read())
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


def route_missing(status: int, body: bytes) -> bool:
    """A 404 for the route itself (not built yet), as opposed to a missing record."""
    if status != 404:
        return False
    try:
        detail = str(json.loads(body).get("detail", ""))
    except (ValueError, AttributeError):
        return True
    return detail.strip().lower() == "not found"


def measure(port: int, token: str, name: str, path: str, *, requests: int, budget: float,
            min_requests: int, clients: int, seconds: float, max_p50_for_throughput: float,
            timeout: float) -> Measure:
    """Probe (skip a route that isn't built; the probe warms up, and counts as a sample when
    it took over `budget`), then up to `requests` sequential requests within `budget`
    seconds (at least `min_requests`), then `clients` concurrent
    clients for `seconds`. A request slower than `timeout` ends the endpoint's run
    (`timed_out`: the server is still busy with it and should be restarted)."""
    result = Measure(name, path)
    client = Client(port, token, timeout=timeout)
    try:
        probed = time.perf_counter()
        status, body = client.get(path)
        if route_missing(status, body):
            result.note = "skipped: 404 Not found (route not built yet)"
            return result
        if status != 200:
            result.note = f"skipped: answered {status} {body[:160].decode(errors='replace')}"
            return result
        if time.perf_counter() - probed > budget:  # that slow, warming up changes nothing
            result.samples.append(time.perf_counter() - probed)
        started = time.perf_counter()
        while len(result.samples) < requests and (
                len(result.samples) < min_requests or time.perf_counter() - started < budget):
            t0 = time.perf_counter()
            status, body = client.get(path)
            elapsed = time.perf_counter() - t0
            if status != 200:
                result.note = f"error: answered {status} during the run"
                return result
            result.samples.append(elapsed)
    except TimeoutError:
        result.timed_out = True
        result.note = f"timed out: a request took over {timeout:.0f} s"
        return result
    finally:
        client.close()
    if clients and seconds and result.p50 <= max_p50_for_throughput:
        try:
            result.rps_requests, wall = _throughput(port, token, path, clients, seconds,
                                                    timeout)
        except TimeoutError:
            result.timed_out = True
            result.note = f"throughput: a request took over {timeout:.0f} s"
            return result
        result.rps = result.rps_requests / wall if wall else None
    elif clients and seconds:
        result.note = f"throughput not run (p50 > {max_p50_for_throughput:.0f} s)"
    return result


def _throughput(port: int, token: str, path: str, clients: int, seconds: float,
                timeout: float) -> tuple[int, float]:
    """Completed 200s per second with `clients` keep-alive clients hammering for `seconds`
    (requests already sent at the deadline are waited for and counted)."""
    counts = [0] * clients
    failures: list[BaseException] = []
    barrier = threading.Barrier(clients + 1)
    deadline = [0.0]

    def worker(index: int) -> None:
        client = Client(port, token, timeout=timeout)
        try:
            barrier.wait()
            while time.perf_counter() < deadline[0]:
                status, _ = client.get(path)
                if status == 200:
                    counts[index] += 1
        except OSError as exc:
            failures.append(exc)
        finally:
            client.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    deadline[0] = start + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return sum(counts), time.perf_counter() - start
