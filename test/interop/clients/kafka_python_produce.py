"""Produces the job's records with kafka-python and reports each delivery: partition and offset
from the RecordMetadata the client returns."""
import sys

from kafka import KafkaProducer

from common import decode, emit, encode, header_pairs, job
from kafka_python_common import client_config

args = job()
producer = KafkaProducer(**client_config(args))
futures = []
for record in args["records"]:
    futures.append((record, producer.send(args["topic"], value=encode(record.get("value")), key=encode(record.get("key")),
                                          headers=header_pairs(record), partition=record.get("partition"))))
producer.flush(args.get("timeout_s", 60))
failed = 0
for record, future in futures:
    try:
        meta = future.get(timeout=args.get("timeout_s", 60))
        emit("delivered", partition=meta.partition, offset=meta.offset, key=record.get("key"), value=record.get("value"))
    except Exception as e:  # the client raises KafkaError subclasses carrying the broker's error
        failed += 1
        emit("delivery_failed", error=repr(e), key=record.get("key"), value=record.get("value"))
producer.close()
emit("done", failed=failed, api_version=list(producer.config["api_version"]))
sys.exit(1 if failed else 0)
