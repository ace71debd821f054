"""Produces the job's records with confluent-kafka (librdkafka) and reports each delivery:
partition and offset as the client's delivery report gives them."""
import sys

from confluent_kafka import Producer

from common import decode, emit, encode, header_pairs, job

args = job()
producer = Producer(dict(args.get("config") or {}, **{"bootstrap.servers": args["bootstrap"]}))
failed = []


def delivered(err, msg):
    if err is not None:
        failed.append(str(err))
        emit("delivery_failed", error=str(err), key=decode(msg.key()), value=decode(msg.value()))
    else:
        emit("delivered", partition=msg.partition(), offset=msg.offset(), key=decode(msg.key()), value=decode(msg.value()))


for record in args["records"]:
    extra = {"partition": record["partition"]} if record.get("partition") is not None else {}
    while True:
        try:
            producer.produce(args["topic"], value=encode(record.get("value")), key=encode(record.get("key")),
                             headers=header_pairs(record), on_delivery=delivered, **extra)
            break
        except BufferError:
            producer.poll(0.1)
    producer.poll(0)

left = producer.flush(args.get("timeout_s", 60))
emit("done", undelivered=left, failed=len(failed))
sys.exit(1 if left or failed else 0)
