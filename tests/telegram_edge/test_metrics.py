"""Metrics: the counts /stats shows, and the Prometheus text /metrics serves, with the names the
README documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families

from bot.core.service import KnowledgeService, ReloadResult
from bot.telegram_edge.metrics import Metrics

DOCUMENTED = {  # README, "Webhook mode, health and metrics"
    "release_bot_questions": "counter",
    "release_bot_answer_seconds": "histogram",
    "release_bot_errors": "counter",
    "release_bot_knowledge_release": "gauge",
    "release_bot_knowledge_load_seconds": "gauge",
    "release_bot_knowledge_loaded_timestamp_seconds": "gauge",
    "release_bot_knowledge_reloads": "counter",
}


@pytest.fixture(scope="module")
def service(knowledge_root: Path) -> KnowledgeService:
    return KnowledgeService(knowledge_root)


def parsed(metrics: Metrics) -> dict[str, Metric]:
    """What a Prometheus server would read from /metrics."""
    return {f.name: f for f in text_string_to_metric_families(metrics.render().decode())}


def busy(service: KnowledgeService) -> Metrics:
    metrics = Metrics(service)
    for outcome in ("answered", "answered", "clarify"):
        metrics.questions.labels(outcome=outcome).inc()
    metrics.errors.labels(kind="NetworkError").inc()
    metrics.record_reload(ReloadResult(False, "refused"))
    return metrics


def test_nothing_is_counted_before_the_first_question(service: KnowledgeService) -> None:
    assert Metrics(service).counts() == {}


def test_counts_follow_the_increments(service: KnowledgeService) -> None:
    counts = busy(service).counts()
    assert counts["release_bot_questions:answered"] == 2
    assert counts["release_bot_questions:clarify"] == 1
    assert counts["release_bot_errors:NetworkError"] == 1
    assert counts["release_bot_knowledge_reloads:refused"] == 1


def test_counts_are_what_metrics_serves(service: KnowledgeService) -> None:
    metrics = busy(service)
    served = {
        f"{family.name}:{next(iter(sample.labels.values()))}": sample.value
        for family in parsed(metrics).values()
        if family.type == "counter"
        for sample in family.samples
        if sample.name.endswith("_total")
    }
    assert metrics.counts() == served


def test_render_is_prometheus_text_with_the_documented_metrics(service: KnowledgeService) -> None:
    families = parsed(busy(service))
    assert {name: families[name].type for name in DOCUMENTED} == DOCUMENTED
    releases = {
        s.labels["release"]: s.value for s in families["release_bot_knowledge_release"].samples
    }
    assert releases == dict.fromkeys(service.release_ids, 1.0)
    (loaded,) = families["release_bot_knowledge_loaded_timestamp_seconds"].samples
    assert loaded.value == pytest.approx(service.loaded_at)


def test_the_latency_histogram_counts_each_answer_in_its_buckets(
    service: KnowledgeService,
) -> None:
    metrics = Metrics(service)
    metrics.latency.observe(0.003)
    metrics.latency.observe(0.2)
    samples = parsed(metrics)["release_bot_answer_seconds"].samples
    value = {(s.name, s.labels.get("le")): s.value for s in samples}
    assert value[("release_bot_answer_seconds_count", None)] == 2
    assert value[("release_bot_answer_seconds_sum", None)] == pytest.approx(0.203)
    buckets = [(float(s.labels["le"]), s.value) for s in samples if "le" in s.labels]
    assert [n for _, n in buckets] == sorted(n for _, n in buckets)  # cumulative
    assert all(n == (le >= 0.003) + (le >= 0.2) for le, n in buckets)


def test_two_bots_do_not_share_counters(service: KnowledgeService) -> None:
    busy(service)
    assert Metrics(service).counts() == {}
