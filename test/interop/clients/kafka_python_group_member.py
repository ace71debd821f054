"""One member of a classic consumer group with kafka-python: subscribes, reports every
assignment and revocation, commits synchronously after each record, and leaves the group
cleanly when the test writes `stop`."""
from kafka import ConsumerRebalanceListener, KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

from common import decode, emit, job, stop_on_stdin
from kafka_python_common import client_config

args = job()
consumer = KafkaConsumer(**client_config(
    args,
    group_id=args["group"],
    auto_offset_reset="earliest",
    enable_auto_commit=False,
    session_timeout_ms=10000,
    heartbeat_interval_ms=500,
))
stop = stop_on_stdin()


class Report(ConsumerRebalanceListener):
    def on_partitions_assigned(self, assigned):
        emit("assigned", partitions=sorted(tp.partition for tp in assigned))

    def on_partitions_revoked(self, revoked):
        emit("revoked", partitions=sorted(tp.partition for tp in revoked))


consumer.subscribe([args["topic"]], listener=Report())
emit("subscribed")
while not stop.is_set():
    for tp, records in consumer.poll(timeout_ms=200).items():
        for r in records:
            emit("record", partition=r.partition, offset=r.offset, key=decode(r.key), value=decode(r.value))
            consumer.commit({TopicPartition(r.topic, r.partition): OffsetAndMetadata(r.offset + 1, None)})
            emit("committed", partition=r.partition, offset=r.offset + 1)

consumer.close(autocommit=False)
emit("closed")
