"""Prometheus metrics: questions by outcome, answer latency, errors, what knowledge is loaded,
and the statements sent to the replicas' shared database.

Each `Metrics` has its own registry, so tests (and several bots in one process) do not share
counters; /metrics renders that registry with prometheus_client's own text format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector

from bot.core.service import KnowledgeService, ReloadResult

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    """The bot's counters; `render()` gives the Prometheus text exposition."""

    def __init__(self, service: KnowledgeService) -> None:
        self.registry = CollectorRegistry()
        self.questions = Counter(
            "release_bot_questions",
            "Questions answered, by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "release_bot_answer_seconds",
            "Time from a question received to its reply sent",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "release_bot_errors",
            "Errors while handling updates, by exception class",
            ["kind"],
            registry=self.registry,
        )
        self.reloads = Counter(
            "release_bot_knowledge_reloads",
            "Knowledge base reloads, by result",
            ["result"],
            registry=self.registry,
        )
        releases = Gauge(
            "release_bot_knowledge_release",
            "Releases being served (value 1)",
            ["release"],
            registry=self.registry,
        )
        loaded_at = Gauge(
            "release_bot_knowledge_loaded_timestamp_seconds",
            "When the served knowledge base was loaded (Unix time)",
            registry=self.registry,
        )
        load_seconds = Gauge(
            "release_bot_knowledge_load_seconds",
            "How long loading the knowledge base took",
            registry=self.registry,
        )
        self._service = service
        self._release_gauge, self._loaded_at, self._load_seconds = releases, loaded_at, load_seconds
        self.refresh_knowledge()

    def refresh_knowledge(self) -> None:
        """Publish which releases are served; call after every (re)load."""
        self._release_gauge.clear()
        for release_id in self._service.release_ids:
            self._release_gauge.labels(release=release_id).set(1)
        self._loaded_at.set(self._service.loaded_at)
        self._load_seconds.set(self._service.load_seconds)

    def record_reload(self, result: ReloadResult) -> None:
        self.reloads.labels(result="ok" if result.ok else "refused").inc()
        self.refresh_knowledge()

    def count_round_trips(self, read: Callable[[], int]) -> None:
        """Publish the statements sent to the replicas' shared database (`read` counts them)."""
        self.registry.register(_RoundTrips(read))

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def counts(self) -> dict[str, float]:
        """The totals behind /metrics, for /stats: questions by outcome, errors and reloads."""
        totals: dict[str, float] = {}
        for metric in (self.questions, self.errors, self.reloads):
            for family in metric.collect():
                for sample in family.samples:
                    if sample.name.endswith("_total"):
                        label = next(iter(sample.labels.values()), "")
                        totals[f"{family.name}:{label}"] = sample.value
        return totals


class _RoundTrips(Collector):
    def __init__(self, read: Callable[[], int]) -> None:
        self._read = read

    def collect(self) -> Iterator[CounterMetricFamily]:
        yield CounterMetricFamily(
            "release_bot_shared_database_round_trips",
            "Statements sent to the replicas' shared PostgreSQL (one round trip each)",
            value=self._read(),
        )
