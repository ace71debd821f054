"""Reads partitions with confluent-kafka by assignment (no group), from the beginning or from a
given offset, up to the end of each partition as it stood at the start, and prints every record."""
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

from common import decode, emit, headers_out, job

args = job()
config = {
    "bootstrap.servers": args["bootstrap"],
    # Required by the client even without subscribe(); nothing is committed under it.
    "group.id": args.get("group", "interop-assign-only"),
    "enable.auto.commit": False,
    "enable.partition.eof": True,
}
config.update(args.get("config") or {})
consumer = Consumer(config)
topic = args["topic"]
partitions = args.get("partitions")
if partitions is None:
    metadata = consumer.list_topics(topic, timeout=30)
    partitions = sorted(metadata.topics[topic].partitions)
start = args.get("offset", "beginning")
consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING if start == "beginning" else int(start)) for p in partitions])

at_end = set()
deadline = time.time() + args.get("timeout_s", 60)
count = 0
while len(at_end) < len(partitions):
    if time.time() > deadline:
        emit("timeout", at_end=sorted(at_end), count=count)
        sys.exit(1)
    msg = consumer.poll(0.5)
    if msg is None:
        continue
    if msg.error():
        if msg.error().code() == KafkaError._PARTITION_EOF:
            at_end.add(msg.partition())
            emit("eof", partition=msg.partition(), offset=msg.offset())
            continue
        emit("error", error=str(msg.error()))
        sys.exit(1)
    at_end.discard(msg.partition())
    count += 1
    emit("record", partition=msg.partition(), offset=msg.offset(), key=decode(msg.key()), value=decode(msg.value()),
         headers=headers_out(msg.headers()), timestamp=msg.timestamp()[1])

consumer.close()
emit("done", count=count)
