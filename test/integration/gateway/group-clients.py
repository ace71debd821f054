"""Two consumers of one group through the gateway, with librdkafka (confluent-kafka) or kafka-python.

Usage: group-clients.py CLIENT BROKER TOPIC GROUP STRATEGY PARTITIONS EXPECTED
  CLIENT: confluent | kafka-python; STRATEGY: range | roundrobin | cooperative-sticky (confluent only)

Phase 1: A joins and reads; B joins; both are polled until their assignments are disjoint and cover
every partition, and the EXPECTED messages already in the topic have been read. Phase 2: B closes
(leaves the group); once A owns every partition it produces EXPECTED more and reads until it has
seen them all. Prints one JSON line: the assignments seen and every value read, by whom.
"""
import json
import sys
import threading
import time

client, broker, topic, group, strategy, partitions = sys.argv[1:7]
partitions = int(partitions)
deadline = time.time() + 90


def confluent(name):
    from confluent_kafka import Consumer
    c = Consumer({
        'bootstrap.servers': broker, 'group.id': group, 'client.id': name,
        'partition.assignment.strategy': strategy, 'auto.offset.reset': 'earliest',
        'enable.auto.commit': True, 'auto.commit.interval.ms': 100,
        'session.timeout.ms': 6000, 'heartbeat.interval.ms': 300, 'max.poll.interval.ms': 10000,
        'fetch.wait.max.ms': 100, 'topic.metadata.refresh.interval.ms': 1000,
    })
    c.subscribe([topic])

    def poll():
        m = c.poll(0.05)
        if m is None or m.error():
            return None
        return int(m.value().decode())

    def owned():
        return sorted(tp.partition for tp in c.assignment())

    return poll, owned, c.close


def kafka_python(name):
    from kafka import KafkaConsumer
    from kafka.coordinator.assignors.range import RangePartitionAssignor
    from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
    assignor = RangePartitionAssignor if strategy == 'range' else RoundRobinPartitionAssignor
    c = KafkaConsumer(
        topic, bootstrap_servers=broker, group_id=group, client_id=name, auto_offset_reset='earliest',
        enable_auto_commit=True, auto_commit_interval_ms=100, session_timeout_ms=6000,
        heartbeat_interval_ms=300, max_poll_interval_ms=10000, fetch_max_wait_ms=100,
        partition_assignment_strategy=[assignor], api_version_auto_timeout_ms=10000,
    )
    buffered = []

    def poll():
        if not buffered:
            for records in c.poll(timeout_ms=50).values():
                buffered.extend(int(r.value.decode()) for r in records)
        return buffered.pop(0) if buffered else None

    def owned():
        return sorted(tp.partition for tp in c.assignment())

    return poll, owned, c.close


def produce(values):
    if client == 'confluent':
        from confluent_kafka import Producer
        p = Producer({'bootstrap.servers': broker})
        for v in values:
            p.produce(topic, str(v).encode(), partition=v % partitions)
        p.flush(30)
    else:
        from kafka import KafkaProducer
        p = KafkaProducer(bootstrap_servers=broker, api_version_auto_timeout_ms=10000)
        for v in values:
            p.send(topic, str(v).encode(), partition=v % partitions)
        p.flush(30)
        p.close()


make = confluent if client == 'confluent' else kafka_python
seen = []
lock = threading.Lock()


class Member(threading.Thread):
    """One consumer on its own thread, as each would be in its own process: polls until stopped."""

    def __init__(self, name):
        super().__init__(daemon=True)
        self.name_ = name
        self.owned = []
        self.stopping = False

    def run(self):
        poll, owned, close = make(self.name_)
        while not self.stopping:
            v = poll()
            if v is not None:
                with lock:
                    seen.append([self.name_, v])
            self.owned = owned()
        close()

    def stop(self):
        self.stopping = True
        self.join(30)


def distinct():
    with lock:
        return len({v for _, v in seen})


def wait_until(what, done, members):
    while not done():
        if time.time() > deadline:
            raise SystemExit(json.dumps({'error': 'timed out: ' + what, 'seen': distinct(), 'owned': {m.name_: m.owned for m in members}}))
        time.sleep(0.05)


expected = int(sys.argv[7])
everything = list(range(partitions))
a = Member('a')
a.start()
wait_until('a assigned', lambda: a.owned == everything, [a])
b = Member('b')
b.start()
wait_until(
    'disjoint halves and every message',
    lambda: len(a.owned) > 0 and len(b.owned) > 0 and sorted(a.owned + b.owned) == everything and distinct() >= expected,
    [a, b],
)
assignments = {'both': {'a': a.owned, 'b': b.owned}}
b.stop()
wait_until('a owning everything', lambda: a.owned == everything, [a])
assignments['after'] = {'a': a.owned}
produce(range(expected, 2 * expected))
wait_until('every message of both batches', lambda: distinct() >= 2 * expected, [a])
time.sleep(0.5)
a.stop()
print(json.dumps({'assignments': assignments, 'seen': seen}), flush=True)
