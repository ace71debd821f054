"""Creates topics with confluent-kafka's AdminClient, then reads them back through Metadata."""
import sys

from confluent_kafka.admin import AdminClient, NewTopic

from common import emit, job

args = job()
admin = AdminClient({"bootstrap.servers": args["bootstrap"]})
wanted = [NewTopic(t["name"], num_partitions=t["partitions"], replication_factor=1) for t in args["topics"]]
ok = True
for name, future in admin.create_topics(wanted, operation_timeout=30, request_timeout=30).items():
    try:
        future.result()
        emit("created", topic=name)
    except Exception as e:  # the client raises KafkaException carrying the broker's error
        ok = False
        emit("create_failed", topic=name, error=str(e))

metadata = admin.list_topics(timeout=30)
emit("brokers", brokers=[{"id": b.id, "host": b.host, "port": b.port} for b in metadata.brokers.values()])
for t in args["topics"]:
    topic = metadata.topics.get(t["name"])
    if topic is None:
        emit("metadata", topic=t["name"], missing=True)
        continue
    emit("metadata", topic=t["name"], error=str(topic.error) if topic.error else None,
         partitions=sorted(topic.partitions), leaders=sorted({p.leader for p in topic.partitions.values()}))
sys.exit(0 if ok else 1)
