"""Topic and group administration with kafka-python's KafkaAdminClient: each step emits what the
client reported, success or the broker's error, for the test to compare."""
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewPartitions, NewTopic

from common import emit, job
from kafka_python_common import client_config

args = job()
topic, bad, group, empty_group = args["topic"], args["bad_topic"], args["group"], args["empty_group"]
admin = KafkaAdminClient(**client_config(args))


def step(name, fn):
    try:
        result = fn()
        emit(name, ok=True)
        return result
    except Exception as e:  # kafka-python raises the broker's error as a KafkaError subclass
        emit(name, ok=False, error=type(e).__name__)
        return None


step("create", lambda: admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1, topic_configs={"retention.ms": "60000"})]))
step("create_bad", lambda: admin.create_topics([NewTopic(bad, num_partitions=1, replication_factor=1, topic_configs={"no.such.config": "1"})]))

described = step("describe", lambda: admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)]))
for response in described or []:
    for error_code, _message, _type, name, entries in response.resources:
        emit("configs", error_code=error_code, name=name, entries={e[0]: e[1] for e in entries})

step("alter", lambda: admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs={"retention.ms": "120000"})]))
step("grow", lambda: admin.create_partitions({topic: NewPartitions(4)}))
step("shrink", lambda: admin.create_partitions({topic: NewPartitions(1)}))

listed = step("list_groups", lambda: admin.list_consumer_groups())
emit("groups", ids=[g[0] for g in listed or []])
for info in step("describe_groups", lambda: admin.describe_consumer_groups([group])) or []:
    emit("group", id=info.group, state=info.state, protocol_type=info.protocol_type,
         members=[{"id": m.member_id, "client_id": m.client_id} for m in info.members])
# kafka-python answers each group with an error class (NoError when it was deleted).
emit("deleted_groups", results=[[g, e.__name__] for g, e in step("delete_groups", lambda: admin.delete_consumer_groups([group, empty_group])) or []])

step("delete", lambda: admin.delete_topics([topic]))
admin.close()
