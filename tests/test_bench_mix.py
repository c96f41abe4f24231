"""The benchmarks' query mix (scripts/bench_mix.py): distinct, big enough,
every kind, and warm-up queries that are never timed."""

import importlib.util
import random
from collections import Counter

from django.conf import settings

spec = importlib.util.spec_from_file_location(
    "bench_mix", settings.BASE_DIR / "scripts" / "bench_mix.py"
)
bench_mix = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_mix)


def test_the_timed_mix_is_300_distinct_queries_of_every_kind():
    timed, _ = bench_mix.query_sets(300, 60)
    texts = [query.text for query in timed]
    assert len(texts) == 300
    assert len(set(texts)) == 300
    kinds = Counter(query.kind for query in timed)
    assert set(kinds) == set(bench_mix.KINDS)
    assert min(kinds.values()) >= 30  # taken in turn, not one kind first


def test_warm_up_queries_are_never_timed():
    timed, warmup = bench_mix.query_sets(1000, 60)
    assert len(warmup) == 60
    assert not {query.text for query in timed} & {query.text for query in warmup}


def test_the_mix_is_the_same_on_every_run():
    assert bench_mix.query_sets(400, 60) == bench_mix.query_sets(400, 60)
    assert bench_mix.query_sets(400, 60, seed=1) != bench_mix.query_sets(400, 60)


def test_the_pool_holds_1000_queries_besides_the_warm_up():
    order = bench_mix.interleaved()
    assert len(order) >= 1060
    assert len({query.text for query in order}) == len(order)


def test_placeholders_are_filled_with_values():
    rng = random.Random(1)
    filled = bench_mix.fill("Range of {name} should be [1, xxx] in %s", rng)
    assert "xxx" not in filled and "{name}" not in filled and "%s" not in filled
    assert filled.startswith("Range of ")
    alternatives = {bench_mix.fill("Disk full / Disk is full", rng) for _ in range(20)}
    assert alternatives == {"Disk full", "Disk is full"}


def test_a_typo_swaps_letters_and_keeps_the_rest():
    typo = bench_mix.typo("The upload timed out", random.Random(3))
    assert typo != "The upload timed out"
    assert sorted(typo) == sorted("The upload timed out")
    assert typo.startswith("The u")


def test_wrapped_kinds_carry_the_message():
    rng = random.Random(5)
    entry = {"code": "Disk.Full", "status": 507, "message": "Disk full"}
    assert "Disk full" in bench_mix.body(entry, "Disk full", rng)
    lines = {bench_mix.exception(entry, "Disk full", rng) for _ in range(30)}
    assert any(
        line.startswith("<507> InternalError.Algo.Disk.Full: ") for line in lines
    )
    assert any(
        line.startswith("openai.APIStatusError: Error code: 507") for line in lines
    )
    assert any(
        line.startswith("com.alibaba.dashscope.exception.ApiException: {")
        for line in lines
    )
