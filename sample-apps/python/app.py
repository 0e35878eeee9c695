"""The sample service in Python: GET /work under a capacity model, health and readiness
endpoints, and POST /admin/behaviour. Flask, which an OpenTelemetry instrumentation covers;
the service itself knows nothing of telemetry. Runs without the reloader."""
import json
import math
import os
import random
import signal
import sys
import threading
import time

from flask import Flask, Response, request

DISTRIBUTIONS = ("constant", "exponential", "lognormal")


def integer(name, value):
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"{name}: '{value}' is not a whole number") from None


def decimal(name, value):
    try:
        return float(str(value).strip())
    except ValueError:
        raise ValueError(f"{name}: '{value}' is not a number") from None


def validate(b):
    def check(ok, name, value, expected):
        if not ok:
            raise ValueError(f"{name}: '{value}' must be {expected}")

    check(b["concurrency"] >= 1, "APP_CONCURRENCY", b["concurrency"], "a whole number of at least 1")
    check(b["queueLimit"] >= 0, "APP_QUEUE_LIMIT", b["queueLimit"], "a whole number of at least 0")
    check(b["serviceTimeMs"] >= 0, "APP_SERVICE_TIME_MS", b["serviceTimeMs"], "0 or more")
    check(b["distribution"] in DISTRIBUTIONS, "APP_SERVICE_TIME_DIST", b["distribution"],
          "one of constant, exponential, lognormal")
    check(b["sigma"] > 0, "APP_SERVICE_TIME_SIGMA", b["sigma"], "a number above 0")
    check(0 <= b["errorRate"] <= 1, "APP_ERROR_RATE", b["errorRate"], "a number from 0 to 1")
    check(b["startupDelayMs"] >= 0, "APP_STARTUP_DELAY_MS", b["startupDelayMs"], "0 or more")
    return b


def from_env(env):
    return validate({
        "concurrency": integer("APP_CONCURRENCY", env.get("APP_CONCURRENCY", "4")),
        "queueLimit": integer("APP_QUEUE_LIMIT", env.get("APP_QUEUE_LIMIT", "100")),
        "serviceTimeMs": integer("APP_SERVICE_TIME_MS", env.get("APP_SERVICE_TIME_MS", "50")),
        "distribution": env.get("APP_SERVICE_TIME_DIST", "exponential").lower(),
        "sigma": decimal("APP_SERVICE_TIME_SIGMA", env.get("APP_SERVICE_TIME_SIGMA", "0.5")),
        "errorRate": decimal("APP_ERROR_RATE", env.get("APP_ERROR_RATE", "0")),
        "startupDelayMs": integer("APP_STARTUP_DELAY_MS", env.get("APP_STARTUP_DELAY_MS", "0")),
    })


def draw_service_time_ms(b):
    mean = b["serviceTimeMs"]
    if b["distribution"] == "constant":
        return mean
    if b["distribution"] == "exponential":
        return random.expovariate(1 / mean) if mean > 0 else 0
    # mu chosen so that the mean of exp(mu + sigma * Z) is the declared mean.
    return math.exp(math.log(mean) - b["sigma"] ** 2 / 2 + b["sigma"] * random.gauss(0, 1))


class Workers:
    """A replica's capacity: `concurrency` workers served first come, first served, at most
    `queueLimit` requests waiting for one, refusal past that."""

    def __init__(self, concurrency, queue_limit):
        self.lock = threading.Condition()
        self.concurrency = concurrency
        self.queue_limit = queue_limit
        self.active = 0
        self.queue = []  # tickets, first come first served

    def acquire(self):
        with self.lock:
            if self.active < self.concurrency and not self.queue:
                self.active += 1
                return True
            if len(self.queue) >= self.queue_limit:
                return False
            ticket = object()
            self.queue.append(ticket)
            while not (self.queue[0] is ticket and self.active < self.concurrency):
                self.lock.wait()
            self.queue.pop(0)
            self.active += 1
            self.lock.notify_all()
            return True

    def release(self):
        with self.lock:
            self.active -= 1
            self.lock.notify_all()

    def resize(self, concurrency, queue_limit):
        with self.lock:
            self.concurrency = concurrency
            self.queue_limit = queue_limit
            self.lock.notify_all()


try:
    behaviour = from_env(os.environ)
except ValueError as error:
    print(f"sample-app-python: {error}", file=sys.stderr, flush=True)
    sys.exit(2)

started = time.monotonic()
instance = os.environ.get("HOSTNAME", "local")
workers = Workers(behaviour["concurrency"], behaviour["queueLimit"])
app = Flask(__name__)


def respond(status, body):
    return Response(json.dumps(body), status=status, mimetype="application/json")


def public(b):
    return {k: b[k] for k in ("concurrency", "queueLimit", "serviceTimeMs", "distribution", "sigma", "errorRate")}


@app.get("/work")
def work():
    arrived = time.monotonic()
    b = behaviour
    if not workers.acquire():
        return respond(503, {"error": "queue full"})
    try:
        queued_ms = (time.monotonic() - arrived) * 1000
        service_ms = draw_service_time_ms(b)
        # The service time is spent waiting, not computing: sleeping is the behaviour itself.
        time.sleep(service_ms / 1000)
        body = {"instance": instance, "serviceTimeMs": service_ms, "queuedMs": queued_ms}
        if random.random() < b["errorRate"]:
            body["error"] = "injected"
            return respond(500, body)
        return respond(200, body)
    finally:
        workers.release()


@app.get("/healthz")
def healthz():
    return respond(200, {"status": "ok"})


@app.get("/readyz")
def readyz():
    ready = (time.monotonic() - started) * 1000 >= behaviour["startupDelayMs"]
    return respond(200 if ready else 503, {"ready": ready})


@app.route("/admin/behaviour", methods=["GET", "POST"])
def admin():
    global behaviour
    if request.method != "POST":
        return respond(405, {"error": "POST a JSON object of changes"})
    try:
        changes = request.get_json(force=True, silent=True) or {}
        changed = dict(behaviour)
        for key in ("concurrency", "queueLimit", "serviceTimeMs"):
            if key in changes:
                changed[key] = integer(key, changes[key])
        for key in ("sigma", "errorRate"):
            if key in changes:
                changed[key] = decimal(key, changes[key])
        if "distribution" in changes:
            changed["distribution"] = str(changes["distribution"]).lower()
        behaviour = validate(changed)
        workers.resize(behaviour["concurrency"], behaviour["queueLimit"])
        return respond(200, public(behaviour))
    except ValueError as error:
        return respond(400, {"error": str(error)})


if __name__ == "__main__":
    host = os.environ.get("APP_HOST", "127.0.0.1")
    port = integer("APP_PORT", os.environ.get("APP_PORT", "8080"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"sample-app-python listening on {host}:{port} {json.dumps(public(behaviour))}", flush=True)
    # One thread per request, so that requests wait for a worker in Workers, not in the socket.
    app.run(host=host, port=port, threaded=True, use_reloader=False, debug=False)
