"""Produce or consume a fixed volume through a Kafka broker with confluent-kafka (librdkafka) and
print one JSON line: records, bytes and seconds. librdkafka's defaults stand (acks=all, linger.ms
5, batches of up to 1 MB per partition), except where the job's `config` says otherwise.

  python3 rdkafka_throughput.py '{"mode": "produce", "bootstrap": "127.0.0.1:9092", "topic": "t",
                                  "records": 10000, "key_bytes": 16, "value_bytes": 1008}'
  python3 rdkafka_throughput.py '{"mode": "consume", "bootstrap": ..., "topic": "t", "records": 10000}'

Consume reads every partition by assignment from the beginning (no group) until it has seen
`records` records; its time runs from the assignment to the last record, as the benchmark times
the other clients from their group join.
"""
import json
import random
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition


def emit(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def produce(job):
    producer = Producer(dict(job.get("config") or {}, **{"bootstrap.servers": job["bootstrap"]}))
    rand = random.Random(7)
    values = [bytes(rand.choice(b"abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(job["value_bytes"])) for _ in range(64)]
    failed = []

    def delivered(err, _msg):
        if err is not None:
            failed.append(str(err))

    n = job["records"]
    started = time.monotonic()
    for i in range(n):
        key = ("user-%0*d" % (job["key_bytes"] - 5, rand.randrange(10 ** (job["key_bytes"] - 5)))).encode()
        while True:
            try:
                producer.produce(job["topic"], value=values[i % len(values)], key=key, on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
    left = producer.flush(job.get("timeout_s", 300))
    seconds = time.monotonic() - started
    emit(records=n - left - len(failed), bytes=(n - left - len(failed)) * (job["key_bytes"] + job["value_bytes"]), seconds=seconds,
         failed=len(failed), undelivered=left, error=failed[0] if failed else None)


def consume(job):
    config = {
        "bootstrap.servers": job["bootstrap"],
        "group.id": "bench-assign-only",
        "enable.auto.commit": False,
    }
    config.update(job.get("config") or {})
    consumer = Consumer(config)
    topic = job["topic"]
    metadata = consumer.list_topics(topic, timeout=30)
    partitions = sorted(metadata.topics[topic].partitions)
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
    want = job["records"]
    count = 0
    size = 0
    first = time.monotonic()
    last = None
    deadline = time.monotonic() + job.get("timeout_s", 300)
    while count < want and time.monotonic() < deadline:
        for msg in consumer.consume(num_messages=1000, timeout=0.5):
            if msg.error():
                continue
            count += 1
            size += len(msg.value() or b"") + len(msg.key() or b"")
            last = time.monotonic()
    consumer.close()
    seconds = (last - first) if last is not None else 0.0
    emit(records=count, bytes=size, seconds=seconds, error=None if count >= want else "timed out at %d of %d records" % (count, want))


job = json.loads(sys.argv[1])
{"produce": produce, "consume": consume}[job["mode"]](job)
