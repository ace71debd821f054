"""kafka-python settings every script shares: the job may pin `api_version` (a list such as
[2, 5, 0]); otherwise the client infers the broker's version from ApiVersions, as it does with Kafka.
The client's warnings go to stderr, which a failing test prints."""
import logging
import sys

logging.basicConfig(level=logging.WARNING, stream=sys.stderr)


def client_config(args, **extra):
    config = {"bootstrap_servers": args["bootstrap"], "request_timeout_ms": 30000}
    if args.get("api_version"):
        config["api_version"] = tuple(args["api_version"])
    config.update(extra)
    config.update(args.get("config") or {})
    return config
