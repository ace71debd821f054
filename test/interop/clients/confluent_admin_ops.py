"""Topic and group administration with confluent-kafka's AdminClient (librdkafka): each step
emits what the client reported, success or the broker's error, for the test to compare."""
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

from common import emit, job

args = job()
topic, bad = args["topic"], args["bad_topic"]
admin = AdminClient({"bootstrap.servers": args["bootstrap"]})
TIMEOUT = 30


def settle(step, futures):
    for key, future in futures.items():
        try:
            future.result()
            emit(step, key=str(key), ok=True)
        except Exception as e:  # a KafkaException carrying the broker's error
            emit(step, key=str(key), ok=False, error=str(e))


settle("create", admin.create_topics([
    NewTopic(topic, num_partitions=2, replication_factor=1, config={"retention.ms": "60000"}),
    NewTopic(bad, num_partitions=1, replication_factor=1, config={"no.such.config": "1"}),
], operation_timeout=TIMEOUT, request_timeout=TIMEOUT))

for resource, future in admin.describe_configs([ConfigResource("topic", topic)], request_timeout=TIMEOUT).items():
    entries = future.result()
    emit("configs", entries={name: {"value": e.value, "is_default": e.is_default, "source": e.source} for name, e in entries.items()})

settle("alter", admin.alter_configs([ConfigResource("topic", topic, set_config={"retention.ms": "120000"})], request_timeout=TIMEOUT))
settle("grow", admin.create_partitions([NewPartitions(topic, 4)], operation_timeout=TIMEOUT, request_timeout=TIMEOUT))
settle("shrink", admin.create_partitions([NewPartitions(topic, 1)], operation_timeout=TIMEOUT, request_timeout=TIMEOUT))

for group in admin.list_groups(timeout=TIMEOUT):
    if group.id == args["group"]:
        emit("group", id=group.id, state=group.state, protocol_type=group.protocol_type,
             members=[{"id": m.id, "client_id": m.client_id, "assignment": len(m.assignment)} for m in group.members])

settle("delete", admin.delete_topics([topic], operation_timeout=TIMEOUT, request_timeout=TIMEOUT))
