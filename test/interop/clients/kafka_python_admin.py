"""Creates topics with kafka-python's KafkaAdminClient, then reads them back through Metadata."""
import sys

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic

from common import emit, job
from kafka_python_common import client_config

args = job()
admin = KafkaAdminClient(**client_config(args))
response = admin.create_topics([NewTopic(t["name"], num_partitions=t["partitions"], replication_factor=1) for t in args["topics"]],
                               timeout_ms=30000)
ok = True
for error in response.topic_errors:
    name, code = error[0], error[1]
    message = error[2] if len(error) > 2 else None
    if code == 0:
        emit("created", topic=name)
    else:
        ok = False
        emit("create_failed", topic=name, error_code=code, error=message)
admin.close()

consumer = KafkaConsumer(**client_config(args))
for t in args["topics"]:
    partitions = consumer.partitions_for_topic(t["name"])
    emit("metadata", topic=t["name"], missing=partitions is None, partitions=sorted(partitions or []))
consumer.close()
sys.exit(0 if ok else 1)
