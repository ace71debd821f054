"""One member of a classic consumer group with confluent-kafka: subscribes, reports every
assignment and revocation, commits synchronously after each record, and leaves the group
cleanly when the test writes `stop`."""
from confluent_kafka import Consumer, KafkaError

from common import decode, emit, job, stop_on_stdin

args = job()
config = {
    "bootstrap.servers": args["bootstrap"],
    "group.id": args["group"],
    "auto.offset.reset": "earliest",
    "enable.auto.commit": False,
    "session.timeout.ms": 10000,
    "heartbeat.interval.ms": 500,
}
config.update(args.get("config") or {})
consumer = Consumer(config)
stop = stop_on_stdin()


def assigned(_consumer, partitions):
    emit("assigned", partitions=sorted(p.partition for p in partitions))


def revoked(_consumer, partitions):
    emit("revoked", partitions=sorted(p.partition for p in partitions))


consumer.subscribe([args["topic"]], on_assign=assigned, on_revoke=revoked)
emit("subscribed")
while not stop.is_set():
    msg = consumer.poll(0.2)
    if msg is None:
        continue
    if msg.error():
        if msg.error().code() != KafkaError._PARTITION_EOF:
            emit("error", error=str(msg.error()))
        continue
    emit("record", partition=msg.partition(), offset=msg.offset(), key=decode(msg.key()), value=decode(msg.value()))
    consumer.commit(message=msg, asynchronous=False)
    emit("committed", partition=msg.partition(), offset=msg.offset() + 1)

consumer.close()
emit("closed")
