"""The Dramatiq broker (Redis by default, RabbitMQ for `amqp://` URLs, Dramatiq's in-memory
stub for in-process tests), async actors, and the settings that make lost work come back."""

from __future__ import annotations

from functools import lru_cache

from dramatiq import Broker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware.asyncio import AsyncIO

NAMESPACE = "ic-pipeline"
# A SIGKILLed worker's messages come back only after its heartbeat times out and a
# maintenance pass runs; Dramatiq's defaults (60 s, 0.1% of calls) mean hours in practice.
# The sweeper over the stage rows is the real guarantee; these make Dramatiq help sooner.
HEARTBEAT_TIMEOUT_MS = 30_000
MAINTENANCE_CHANCE = 10_000  # per million broker calls


@lru_cache(maxsize=4)
def make_broker(url: str) -> Broker:
    """One broker per URL and process; actors are async (run on Dramatiq's loop thread)."""
    broker: Broker
    if url.startswith("stub:"):
        broker = StubBroker()
    elif is_rabbitmq(url):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker  # needs pika: only when asked for

        # Publisher confirms: an upload's message is on the broker before the API answers.
        broker = RabbitmqBroker(url=url, confirm_delivery=True)
    else:
        broker = RedisBroker(
            url=url,
            namespace=NAMESPACE,
            heartbeat_timeout=HEARTBEAT_TIMEOUT_MS,
            maintenance_chance=MAINTENANCE_CHANCE,
        )
    broker.add_middleware(AsyncIO())
    return broker


def is_rabbitmq(url: str) -> bool:
    """True for an AMQP URL (RabbitMQ), the broker for larger deployments."""
    return url.startswith(("amqp://", "amqps://"))


def queue_keys(queue: str) -> dict[str, str]:
    """Where Dramatiq's Redis broker keeps a queue's waiting, delayed and dead message ids."""
    return {
        "waiting": f"{NAMESPACE}:{queue}",
        "delayed": f"{NAMESPACE}:{queue}.DQ",
        "dead": f"{NAMESPACE}:{queue}.XQ",
    }
