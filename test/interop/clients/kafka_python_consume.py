"""Reads partitions with kafka-python by assignment (no group), from the beginning or from a
given offset, up to the end offsets as they stood at the start, and prints every record."""
import sys
import time

from kafka import KafkaConsumer, TopicPartition

from common import decode, emit, headers_out, job
from kafka_python_common import client_config

args = job()
consumer = KafkaConsumer(**client_config(args, enable_auto_commit=False, group_id=None))
topic = args["topic"]
partitions = args.get("partitions")
if partitions is None:
    partitions = sorted(consumer.partitions_for_topic(topic) or [])
    if not partitions:
        emit("error", error="no partitions in Metadata", brokers=[b.nodeId for b in consumer._client.cluster.brokers()])
        sys.exit(1)
tps = [TopicPartition(topic, p) for p in partitions]
consumer.assign(tps)
start = args.get("offset", "beginning")
if start == "beginning":
    consumer.seek_to_beginning(*tps)
else:
    for tp in tps:
        consumer.seek(tp, int(start))
ends = consumer.end_offsets(tps)
emit("end_offsets", offsets={str(tp.partition): off for tp, off in ends.items()})

deadline = time.time() + args.get("timeout_s", 60)
count = 0
while any(consumer.position(tp) < ends[tp] for tp in tps):
    if time.time() > deadline:
        emit("timeout", positions={str(tp.partition): consumer.position(tp) for tp in tps}, count=count)
        sys.exit(1)
    for tp, records in consumer.poll(timeout_ms=500).items():
        for r in records:
            count += 1
            emit("record", partition=r.partition, offset=r.offset, key=decode(r.key), value=decode(r.value),
                 headers=headers_out(r.headers), timestamp=r.timestamp)
consumer.close()
emit("done", count=count)
