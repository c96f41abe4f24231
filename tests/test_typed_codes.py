"""A code written among a few typed words names its entries as a code field
would (errors.search.typed.typed_codes), read within a typo's reach."""

import pytest

from errors.search.bonuses import NAME_BONUS
from errors.search.entries import Candidate
from errors.search.query import Query
from errors.search.ranking import rank
from errors.search.snapshot import LOOKALIKES, current, lookalike_codes
from errors.search.templates import MessagePattern
from errors.search.text import names_in, tokenise
from errors.search.typed import TYPED_CODE_CHARS, TYPED_CODE_WORDS, typed_codes
from tests.searching import search


@pytest.fixture
def garage(make_entry):
    # The entry named by its code shares no word with the text typed; the
    # other holds the words typed around the code.
    make_entry(
        code="GearboxNotShipped",
        message="The part has not left the warehouse yet.",
        slug="gearbox",
    )
    make_entry(
        code="Garage.AccessDenied",
        message="Garage app access denied for this van.",
        slug="garage",
    )
    make_entry(code="Other", message="Van engine failure.", slug="other")
    make_entry(code="GearboxError", message="The gearbox is jammed.", slug="jammed")


@pytest.mark.parametrize(
    "typed",
    [
        "garage app van GearboxNotShipped 是什么原因",
        "GearboxNotShipped garage app van",
        # One letter off, as a code typed alone is read.
        "garage app van GearboxNotShiped",
    ],
)
def test_a_code_among_typed_words_ranks_its_entry_first(client, garage, typed):
    results, body = search(client, typed)
    assert results[0]["code"] == "GearboxNotShipped"
    # A guess from a code beside other words: no good match on that alone.
    assert body["search"]["good_match"] is False


def test_a_library_class_named_like_a_code_is_no_good_match(client, garage):
    # ``GearboxError: socket closed`` may be a library's own exception: the
    # entry of that code is listed first, as a guess.
    results, body = search(client, "GearboxError: socket closed")
    assert results[0]["code"] == "GearboxError"
    assert body["search"]["good_match"] is False


def test_completing_the_last_word_keeps_the_code_named(client, garage):
    # ``acc`` is completed (search-as-you-type): the code stays named.
    results, _ = search(client, "GearboxNotShipped garage app acc")
    assert results[0]["code"] == "GearboxNotShipped"


def test_a_message_after_a_misspelt_code_is_still_a_good_match(client, garage):
    results, body = search(
        client, "GearboxNotShiped: The part has not left the warehouse yet."
    )
    assert results[0]["code"] == "GearboxNotShipped"
    assert body["search"]["good_match"] is True


def test_without_the_code_the_words_decide(client, garage):
    results, _ = search(client, "garage app van")
    assert results[0]["code"] == "Garage.AccessDenied"


def test_only_code_shaped_identifiers_and_short_texts_name_codes(garage):
    snapshot = current()
    # A plain word is no code; nor is a code in a long text (a paste says
    # more with its fields), nor a text that is only the code (read directly).
    for text in (
        "other garage app",
        "the van " * (TYPED_CODE_CHARS // 8) + "GearboxNotShipped",
        "GearboxNotShipped",
        # A misspelt name heading anything is not read.
        "GearboxNotShiped: what does it mean",
    ):
        query, reread = typed_codes(Query.parse(text), snapshot)
        assert query.paste_codes == frozenset()
        assert reread is False
    query, reread = typed_codes(Query.parse("van GearboxNotShiped"), snapshot)
    assert query.paste_codes == {"gearboxnotshipped"}
    assert reread is True and "GearboxNotShipped" in query.text
    # Characters that look alike (``0`` for ``o``) are read as the code's,
    # also two of them, beyond one typo's reach.
    query, reread = typed_codes(Query.parse("van Gearb0xN0tShipped"), snapshot)
    assert query.paste_codes == {"gearboxnotshipped"} and reread is True
    # A code heading a question about it is named (full-width colon too).
    for text in ("GearboxNotShipped: what does it mean", "GearboxNotShipped：为什么"):
        query, reread = typed_codes(Query.parse(text), snapshot)
        assert query.paste_codes == {"gearboxnotshipped"} and reread is False
    # In a longer text, a code as written is named; one misspelt is not read.
    longer = "the van " * (TYPED_CODE_WORDS // 2) + "then"
    query, _ = typed_codes(Query.parse(f"{longer} GearboxNotShipped"), snapshot)
    assert query.paste_codes == {"gearboxnotshipped"}
    query, _ = typed_codes(Query.parse(f"{longer} GearboxNotShiped"), snapshot)
    assert query.paste_codes == frozenset()
    # As a field names it: with its dotted tails and its family.
    query, reread = typed_codes(Query.parse("van Garage.AccessDenied"), snapshot)
    assert query.paste_codes == {"garage.accessdenied", "accessdenied"}
    assert query.paste_prefixes == {"garage"} and reread is False


# --- A few words typed, with a name or two among them -----------------------


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        # Five words and a model name: typed, so no placeholder at its end
        # takes the words the other message lacks as its value.
        ("gear_ratio required bad value van-max", 2),
        # A server's message keeps its colon: pasted, the value is a value.
        ("Wheel required: spare", 1),
    ],
)
def test_typed_words_are_no_placeholder_values(typed, wanted):
    # Ranked alone (no index's relevance), so only the alignment decides.
    candidates = [
        Candidate(1, 400, "Required", (), "Wheel required: xxx"),
        Candidate(
            2,
            400,
            "Strings",
            (),
            'gear_ratio is one of the strings that should be ["low", "high"]',
        ),
    ]
    assert rank(Query.parse(typed), candidates).hits[0].id == wanted


def test_trailing_off_gives_no_value_to_the_words_after_the_last_found():
    pattern = MessagePattern("Wheel required: xxx")
    norm = tokenise("gear ratio required bad value")
    with_value = pattern.align(norm)
    without = pattern.align(norm, trailing=False)
    assert without.precision < with_value.precision
    assert without.recall == with_value.recall
    # A value between two words found still counts.
    pattern = MessagePattern("The van xxx does not start.")
    norm = tokenise("van blue-7 does not start")
    assert pattern.align(norm, trailing=False).f1 == pattern.align(norm).f1


# --- Parameter names ---------------------------------------------------------


def test_names_in_text_with_their_dotted_tails():
    assert names_in("parameter.enable_thinking must be set") == {
        "parameter.enable_thinking",
        "enable_thinking",
    }
    # Models, versions, abbreviations and plain words are no names.
    assert names_in("qwen2.5-vl-72b v1.2 e.g. 2.0 plain words") == frozenset()
    # A long run of parts is a few bounded names, not one of thousands.
    assert len(names_in("ab." * 20000 + "-")) <= 6


def test_a_parameter_name_typed_favours_the_message_that_gives_it():
    # The same words, one message giving them as the parameter's name: it
    # wins, though its id would lose the tie.
    candidates = [
        Candidate(1, 400, "B", (), "Range of gear ratio should be [1, xxx]"),
        Candidate(2, 400, "A", (), "Range of gear_ratio should be [1, xxx]"),
    ]
    hits = rank(Query.parse("van-max gear_ratio too large"), candidates).hits
    assert [hit.id for hit in hits] == [2, 1]
    assert hits[0].score - hits[1].score == pytest.approx(NAME_BONUS)
    # Typed as words, no name is written: the tie stays a tie.
    hits = rank(Query.parse("van-max gear ratio too large"), candidates).hits
    assert hits[0].score == hits[1].score


def test_words_typed_in_another_order_tell_numbered_twins_apart():
    candidates = [
        Candidate(1, 400, "Twin", (), "[gizmo:]Engine return error code: 418"),
        Candidate(2, 400, "Twin", (), "[gizmo:]Engine return error code: 428"),
        Candidate(3, 400, "Twin", (), "[gizmo:]Engine return error code: 411"),
    ]
    # Without the number, neither is the answer.
    ranked = rank(Query.parse("error code engine return"), candidates)
    assert not ranked.confident
    # With it, its own twin comes first.
    ranked = rank(Query.parse("error code 428 engine return"), candidates)
    assert ranked.hits[0].id == 2


def test_keywords_all_found_in_another_order_are_a_good_match(client, make_entry):
    make_entry(code="Rewrite", message="Prompt rewrite failed for content.", slug="a")
    make_entry(code="Other", message="The van engine failed.", slug="b")
    results, body = search(client, "rewrite content failed prompt")
    assert results[0]["code"] == "Rewrite"
    assert body["search"]["good_match"] is True


def test_keywords_beside_another_entry_s_status_are_no_good_match(client, make_entry):
    make_entry(code="Clone", message="Gadget clone limit exceeded.", status=429)
    make_entry(
        code="Down",
        message="The engine failed.",
        cause="The engine stopped during a gadget clone.",
        status=500,
    )
    for typed, good in [("gadget clone", True), ("429 gadget clone", True)]:
        _, body = search(client, typed)
        assert body["search"]["good_match"] is good, typed
    # The status typed is another entry's: the words are listed, no answer.
    results, body = search(client, "500 gadget clone")
    assert results[0]["code"] == "Clone"
    assert body["search"]["good_match"] is False


def test_lookalike_forms_name_one_code_or_none():
    codes = {"file_403": "FILE_403", "gear1": "Gear1", "gearl": "GearL"}
    found = lookalike_codes(codes)
    # As FILE_4O3 or FlLE_4O3 would be written.
    assert found["flle_4o3"] == "FILE_403"
    assert "FlLE_4O3".lower().translate(LOOKALIKES) == "flle_4o3"
    # Two codes that look alike name neither.
    assert "gearl" not in found


@pytest.mark.parametrize(
    ("messages", "good"),
    [
        # Two messages hold every word typed: two answers, none the answer.
        (("Gizmo upload error.", "Gizmo download error."), False),
        # Two entries sharing one message are one answer.
        (("Gizmo upload error.", "Gizmo upload error."), True),
    ],
)
def test_keywords_two_messages_hold_are_no_good_match(
    client, make_entry, messages, good
):
    for number, message in enumerate(messages):
        make_entry(code=f"Gizmo{number}", message=message, slug=f"gizmo-{number}")
    _, body = search(client, "error gizmo")
    assert body["search"]["good_match"] is good


@pytest.fixture
def depot(make_entry):
    make_entry(code="DepotDenied", message="Depot access refused.", slug="bare")
    make_entry(code="DepotDenied", message="Depot gate closed.", slug="gate")
    make_entry(
        code="DepotDenied.Unlicensed",
        message="The van may not enter without a permit.",
        slug="licence",
    )
    make_entry(code="Yard.DepotDenied", message="Yard entry refused.", slug="yard")


@pytest.mark.parametrize(
    "typed",
    [
        "the code was DepotDenied and after it Unlicensed, 是什么原因",
        "Unlicensed DepotDenied at the depot",
    ],
)
def test_a_dotted_code_written_in_parts_names_its_entry(client, depot, typed):
    results, _ = search(client, typed)
    assert results[0]["slug"] == "licence"


def test_parts_are_no_code_when_the_last_is_a_code_of_its_own(client, depot):
    # ``Yard … DepotDenied`` names the code DepotDenied, not Yard.DepotDenied.
    results, _ = search(client, "yard said DepotDenied access refused")
    assert results[0]["slug"] == "bare"


@pytest.mark.parametrize(
    "typed",
    [
        "depotdenied unlicensed",  # no part a code's shape
        "DepotDenied unlicensed",  # the last part not as the code spells it
    ],
)
def test_parts_are_written_as_the_code_spells_them(client, depot, typed):
    named, _ = typed_codes(Query.parse(typed), current())
    assert "depotdenied.unlicensed" not in named.paste_codes


def test_parts_need_one_of_a_code_s_shape(client, make_entry):
    # ``Gizmo … Stuck`` are two capitalised words, no code written apart.
    make_entry(code="Gizmo.Stuck", message="The lever will not move.", slug="g")
    named, _ = typed_codes(Query.parse("Gizmo lever Stuck again"), current())
    assert "gizmo.stuck" not in named.paste_codes
    named, _ = typed_codes(Query.parse("GizmoBox"), current())  # (a sanity check)
    assert named.paste_codes == frozenset()


def test_a_code_alone_lists_first_the_entry_whose_message_says_it(client, make_entry):
    # All three are filed under the alias typed. The code's own words
    # (``empty``, ``tank``) in a cause say nothing of which one the code
    # usually means; in a message they do; then the one documenting more
    # wordings comes first, then the one imported first.
    make_entry(
        code="Fuel.Quota",
        aliases="empty_tank",
        message="Reserve light is on.",
        cause="The tank is empty: fill the tank.",
        slug="light",
    )
    make_entry(
        code="Fuel.Quota",
        aliases="empty_tank",
        message="Trailer fuel limit reached.",
        cause="An empty tank on the trailer.",
        slug="trailer",
    )
    make_entry(
        code="Fuel.Quota",
        aliases="empty_tank",
        message="Quota exceeded. / You ran out.",
        slug="quota",
    )
    results, body = search(client, "empty_tank")
    assert [r["slug"] for r in results] == ["quota", "light", "trailer"]
    assert body["search"]["good_match"] is False
    # ``fuel`` is in one message, ``quota`` in another: half each, then
    # the wordings.
    results, _ = search(client, "Fuel.Quota")
    assert [r["slug"] for r in results] == ["quota", "trailer", "light"]


@pytest.fixture
def tanks(make_entry):
    make_entry(
        code="Fuel.Quota",
        aliases="empty_tank",
        status=429,
        message="Quota exceeded. / You ran out.",
        cause="Fuel per minute went past the limit set for the fleet; each van"
        " has its own limit, listed on the limits page.",
        solution="Drive slower, spread the trips over the day, or ask for a"
        " higher limit in the console.",
        slug="quota",
    )
    # Shorter (the index ranks a short text higher for the same words), and
    # the model's name typed beside the code is in its cause.
    make_entry(
        code="Fuel.Quota",
        aliases="empty_tank",
        status=429,
        message="Trailer limit reached.",
        cause="Towing qwen-plus trailers.",
        slug="trailer",
    )
    make_entry(
        code="Fuel.Quota",
        aliases="empty_tank",
        status=400,
        message="Refill refused: the level is too high.",
        slug="full",
    )
    make_entry(code="Brake.Worn", status=403, message="Brake pads worn.", slug="brake")


@pytest.mark.parametrize(
    "typed",
    ["empty_tank qwen-plus 429", "HTTP 429: Fuel.Quota", "Fuel.Quota (qwen3-max)"],
)
def test_a_status_and_a_model_beside_a_code_keep_its_order(client, tanks, typed):
    # A status and the model's name say where the code came from, not which
    # of its entries it is: they list as the code typed alone does.
    alone, _ = search(client, "empty_tank")
    results, body = search(client, typed)
    assert alone[0]["slug"] == "quota"
    assert results[0]["slug"] == "quota"
    assert body["search"]["good_match"] is False  # the code has three entries


def test_a_status_beside_a_code_still_picks_its_entries(client, tanks):
    results, _ = search(client, "Fuel.Quota 400")
    assert results[0]["slug"] == "full"
    # A code with one entry, its status and a model: a good match.
    results, body = search(client, "403 Brake.Worn qwen-max")
    assert results[0]["slug"] == "brake"
    assert body["search"]["good_match"] is True


@pytest.mark.parametrize(
    "typed", ["empty_tank error", "got Fuel.Quota from dashscope", "empty_tank报错"]
)
def test_a_code_among_filler_words_is_the_code_typed_alone(client, tanks, typed):
    results, body = search(client, typed)
    assert results[0]["slug"] == "quota"
    assert body["search"]["good_match"] is False
    # ... and a code with one entry is then a good match.
    results, body = search(client, "Brake.Worn 怎么解决")
    assert results[0]["slug"] == "brake"
    assert body["search"]["good_match"] is True


def test_words_of_their_own_beside_a_code_are_still_searched(client, tanks):
    # ``trailer`` says which entry it is; a code written in lower case among
    # filler is a word, not a code (``tank error``).
    results, _ = search(client, "empty_tank trailer")
    assert results[0]["slug"] == "trailer"
    query = Query.parse("tank error")
    assert query.direct_code == "tank error"
