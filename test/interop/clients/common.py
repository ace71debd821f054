"""What every client script shares: the job from argv, JSON-line events on stdout, and the
record shape the tests compare ({key, value, headers} as UTF-8 strings), whichever client read it."""
import json
import sys
import threading


def job():
    """The one JSON argument the test passes."""
    return json.loads(sys.argv[1])


def emit(event, **fields):
    """One event per line, flushed at once: the test reads the lines while the client runs."""
    fields["event"] = event
    sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def encode(text):
    return None if text is None else text.encode("utf-8")


def decode(data):
    if data is None:
        return None
    if isinstance(data, str):
        return data
    return bytes(data).decode("utf-8", errors="backslashreplace")


def header_pairs(record):
    """[[name, value], ...] from the job as [(name, bytes), ...] for the clients."""
    return [(name, encode(value)) for name, value in record.get("headers") or []]


def headers_out(headers):
    """Headers as the test compares them: a list of [name, value] in wire order."""
    return [[decode(name), decode(value)] for name, value in headers or []]


def stop_on_stdin():
    """An event set when the test writes `stop` (or closes stdin): members leave cleanly."""
    stop = threading.Event()

    def watch():
        for line in sys.stdin:
            if line.strip() == "stop":
                break
        stop.set()

    threading.Thread(target=watch, daemon=True).start()
    return stop
