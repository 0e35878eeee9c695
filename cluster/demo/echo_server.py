"""A small HTTP server for the embedded cluster's demo and smoke suite.

GET /          -> 200 and the pod's name, so a caller can tell replicas apart
GET /healthz   -> 200
Binds to POD_IP:PORT (the pod IP comes from the downward API), as every process on the
embedded cluster must.
"""
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POD_NAME = os.environ.get("POD_NAME", "unknown")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/healthz":
            body = b"ok\n"
        else:
            body = (json.dumps({"pod": POD_NAME, "path": self.path}) + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


def main():
    address = (os.environ["POD_IP"], int(os.environ.get("PORT", "8080")))
    server = ThreadingHTTPServer(address, Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"echo-server {POD_NAME} listening on {address[0]}:{address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
