#!/usr/bin/env python3
"""Quick throughput of the structured-log receivers against a running console, run by hand:

    python3 bench/receivers/throughput.py --url http://127.0.0.1:5601 --gelf-port 12201 --events 50000

For each receiver it sends --events records the way its usual client does (OTLP/HTTP protobuf in requests of 1000
records, CLEF in requests of 1000 lines, GELF over one TCP connection, GELF datagrams over UDP) and reports the time from
the first byte sent until /api/ingest/stats counts them all as queued, i.e. durable in the write-ahead log. The sender is
this single Python process, so the figures are a floor for the receivers, not a ceiling. Standard library only.
"""
import argparse
import json
import os
import socket
import struct
import sys
import time
import urllib.request
import uuid


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field_bytes(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def field_string(number, text):
    return field_bytes(number, text.encode())


def key_value(key, any_value):
    return field_string(1, key) + field_bytes(2, any_value)


def otlp_request(run, first, count):
    # The parts every record shares are encoded once; each record differs in its OrderId and its trace and span ids.
    now = time.time_ns()
    head = (varint(1 << 3 | 1) + struct.pack("<Q", now) + varint(2 << 3 | 0) + varint(9)
            + field_bytes(5, field_string(1, "Order {OrderId} placed for {Customer}")))
    tail = field_bytes(6, key_value("Customer", field_string(1, "alice"))) + field_bytes(6, key_value("run", field_string(1, run)))
    ids = os.urandom(24 * count)
    records = b"".join(
        field_bytes(2, head + field_bytes(6, key_value("OrderId", varint(3 << 3 | 0) + varint(first + i))) + tail
                    + field_bytes(9, ids[24 * i:24 * i + 16]) + field_bytes(10, ids[24 * i + 16:24 * i + 24]))
        for i in range(count))
    resource = field_bytes(1, field_bytes(1, key_value("service.name", field_string(1, "bench-otlp"))))
    scope_logs = field_bytes(2, field_bytes(1, field_string(1, "Bench.Orders")) + records)
    return field_bytes(1, resource + scope_logs)


def clef_request(run, first, count):
    now = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".000Z"
    lines = (json.dumps({"@t": now, "@mt": "Order {OrderId} placed by {@Customer} in {Elapsed:0.00} ms", "@r": ["12.35"],
                         "OrderId": first + i, "Customer": {"Name": "alice", "Tier": "gold"}, "Elapsed": 12.3456,
                         "SourceContext": "Bench.Orders", "run": run}) for i in range(count))
    return ("\n".join(lines) + "\n").encode()


def gelf_message(run, i):
    return json.dumps({"version": "1.1", "host": "bench", "short_message": f"GET /api/lessons/{i} 200",
                       "timestamp": time.time(), "level": 6, "_container_name": "web", "_run": run, "_n": i}).encode()


def post(url, body, content_type):
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status not in (200, 201):
            raise RuntimeError(f"{url} answered {response.status}")


def queued(url, name):
    with urllib.request.urlopen(url + "/api/ingest/stats", timeout=30) as response:
        inputs = json.load(response)["inputs"]
    return inputs.get(name, {}).get("queued", 0), inputs.get(name, {}).get("dropped", 0), inputs.get(name, {}).get("rejected", 0)


def measure(args, name, send):
    before, dropped_before, rejected_before = queued(args.url, name)
    started = time.perf_counter()
    send()
    sent = time.perf_counter() - started
    deadline = time.monotonic() + args.timeout
    while True:
        now_queued, dropped, rejected = queued(args.url, name)
        done = now_queued - before
        lost = dropped - dropped_before + rejected - rejected_before
        if done + lost >= args.events or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    print(f"| {name} | {args.events:,} | {sent:.2f} | {elapsed:.2f} | {done / elapsed:,.0f} | {done:,} | {lost:,} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:5601")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--gelf-port", type=int, default=12201)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=1000, help="records per OTLP or CLEF request")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    run = uuid.uuid4().hex
    url = args.url.rstrip("/")
    args.url = url

    def send_otlp():
        for first in range(0, args.events, args.batch):
            post(url + "/v1/logs", otlp_request(run, first, min(args.batch, args.events - first)), "application/x-protobuf")

    def send_clef():
        for first in range(0, args.events, args.batch):
            post(url + "/ingest/clef", clef_request(run, first, min(args.batch, args.events - first)), "application/vnd.serilog.clef")

    def send_gelf_tcp():
        with socket.create_connection((args.host, args.gelf_port)) as connection:
            buffer = bytearray()
            for i in range(args.events):
                buffer += gelf_message(run, i) + b"\0"
                if len(buffer) > 256 * 1024:
                    connection.sendall(buffer)
                    buffer.clear()
            connection.sendall(buffer)

    def send_gelf_udp():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            for i in range(args.events):
                udp.sendto(gelf_message(run, i), (args.host, args.gelf_port))
                if i % 200 == 199:
                    time.sleep(0.001)  # a burst of 200, then a breath: UDP has no backpressure

    print(f"load average before: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| receiver | events | sending (s) | until durable (s) | events/s durable | queued | dropped + rejected |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    measure(args, "otlp-http", send_otlp)
    measure(args, "clef-http", send_clef)
    measure(args, "gelf-tcp", send_gelf_tcp)
    measure(args, "gelf-udp", send_gelf_udp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
