"""A model's name typed, or listed in an entry's cause or solution: its tier
(``max``, ``plus``, ``turbo``) says which model, never what went wrong
(errors.search.text.without_model_tiers). The examples are this file's own."""

from errors.search.entries import Candidate, derive
from errors.search.query import Query
from errors.search.text import interned_stem, without_model_tiers


def test_a_model_s_tier_in_a_cause_or_solution_is_no_word_of_the_entry():
    # The solution lists the models it concerns; ``max`` and ``plus`` there
    # say which model, not what went wrong, while the family and ``vl`` stay.
    info = derive(
        Candidate(
            id=1,
            status=400,
            code="Gadget",
            aliases=(),
            message="Gadget file too large.",
            cause="Sizes differ: deepseek-v4-pro, glm-4.5-air, aitryon-turbo.",
            solution="Files: qwen-vl-max up to 2 GB, qwen3-vl-plus up to 1 GB.",
        )
    )
    for tier in ("max", "plus", "pro", "air", "turbo"):
        assert interned_stem(tier) not in info.keywords, tier
    assert {"qwen", "vl"} <= info.keywords.keys()
    # Only in a model's name: ``max_tokens`` and a bare ``qwen max`` stay.
    assert without_model_tiers("max_tokens of qwen max") == "max_tokens of qwen max"
    assert without_model_tiers("wan2.1-t2i-turbo") == "wan2.1-t2i- "
    # Written against Chinese, as it often is.
    assert without_model_tiers("用qwen3-max超时") == "用qwen3- 超时"


def test_a_model_s_tier_typed_is_no_keyword_of_the_query():
    # ``max`` of ``qwen3-max`` is no ``max bytes``; the index is still asked
    # for it (a message may name the model), the keywords do without it.
    query = Query.parse("qwen3-max gadget refused")
    assert "max" not in query.terms
    assert "max" in query.index_terms
    assert "max" in Query.parse("max tokens gadget refused").terms
