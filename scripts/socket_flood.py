#!/usr/bin/env python3
"""Opens many live-seat-map WebSockets from one address, keeps them open, and times a page
load from another address meanwhile (scripts/security.sh, item 8 of docs/SECURITY.md).

usage: socket_flood.py HOST PORT SHOWTIME_ID COUNT
prints: "<upgraded> <refused> <page seconds>" (refused: any answer but 101)
"""
import socket
import sys
import time

host, port, showtime, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
origin = f"http://{host}:{port}"
upgrade = (
    f"GET /ws/showtimes/{showtime} HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {origin}\r\n"
    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
).encode()

held, upgraded, refused = [], 0, 0
for _ in range(count):
    connection = socket.create_connection((host, port), timeout=10)
    connection.sendall(upgrade)
    status = connection.recv(64).split(b" ", 2)[1:2]
    if status == [b"101"]:
        upgraded += 1
    else:
        refused += 1
    held.append(connection)

# Another client (127.0.0.2 is this machine too, but another address to the gateway).
started = time.monotonic()
other = socket.socket()
other.settimeout(10)
other.bind(("127.0.0.2", 0))
other.connect((host, port))
other.sendall(f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
answer = other.recv(64)
seconds = time.monotonic() - started
other.close()
for connection in held:
    connection.close()
if not answer.startswith(b"HTTP/1.1 200"):
    print(f"{upgraded} {refused} failed:{answer[:40]!r}")
    sys.exit(1)
print(f"{upgraded} {refused} {seconds:.3f}")
