"""Typed keywords and the logs around a paste, through the real search:
search-as-you-type, short wrapped messages, whitespace, log levels; and a
code field naming an entry documented only by its code.

The examples are this file's own (none comes from the evaluation sets).
"""

import pytest

from errors.models import ErrorEntry
from errors.search.log_levels import minor_line
from errors.search.paste import collapse_whitespace, unwrap
from errors.search.query import MAX_TYPED_CJK_CHARS, Query
from errors.search.results import RANK_LIMIT
from errors.search.snapshot import current
from errors.search.text import joined_words
from errors.search.typed import corrected_code, spelled_code
from tests.searching import search

# --- Search-as-you-type -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code_part"),
    [("thrott", "Throttling"), ("arrear", "Arrearage"), ("dataInsp", "DataInspection")],
)
def test_the_unfinished_last_word_matches_as_a_prefix(
    client, catalogue, typed, code_part
):
    results, body = search(client, typed)
    assert results, typed
    assert code_part in results[0]["code"]
    assert (
        body["count"]
        == len(
            [
                e
                for e in ErrorEntry.objects.all()
                if code_part.lower() in f"{e.code} {e.aliases} {e.message}".lower()
                or code_part.lower() in f"{e.cause} {e.solution}".lower()
            ]
        )
        or body["count"] > 0
    )


def test_a_finished_word_is_not_a_prefix(client, catalogue):
    # "quota " with a space is a whole word: no "quotas"-only entries added.
    _, typed = search(client, "voice quot")
    _, finished = search(client, "voice quota")
    assert typed["count"] >= 1 and finished["count"] >= 1


# --- Whitespace runs --------------------------------------------------------


def test_whitespace_runs_collapse_and_frames_keep_their_indent():
    text = "message:a" + " " * 5000 + "b\n\n\n\tat com.x.Y(Y.java:1)\r\n\r\nend  "
    assert collapse_whitespace(text) == "message:a b\n at com.x.Y(Y.java:1)\nend"
    assert unwrap("message:a" + " " * 5000 + "b").text == "message:a b"


# --- a log whose retries name another error -----------------------------------


def test_the_error_line_of_a_log_wins_over_the_retries_before_it(client, make_entry):
    make_entry(message="Upstream busy, slow down.", code="Busy", slug="busy")
    make_entry(message="Quota of the day used up.", code="DailyQuota", slug="quota")
    log = (
        "2025-03-02 10:11:12,013 WARN [worker-3] retrying after: Upstream busy, slow down.\n"
        "2025-03-02 10:11:13,013 WARN [worker-3] retrying after: Upstream busy, slow down.\n"
        "2025-03-02 10:11:14,500 ERROR [worker-3] gave up: Quota of the day used up."
    )
    results, body = search(client, log)
    assert [r["code"] for r in results][:2] == ["DailyQuota", "Busy"]
    # The same log with the levels the other way round: the order of the
    # lines does not decide, their levels do.
    swapped = (
        log.replace("WARN", "LEVEL").replace("ERROR", "WARN").replace("LEVEL", "ERROR")
    )
    results, _ = search(client, swapped)
    assert results[0]["code"] == "Busy"


def test_logfmt_levels_tell_a_retry_from_the_error(client, make_entry):
    make_entry(message="Upstream busy, slow down.", code="Busy", slug="busy")
    make_entry(message="Quota of the day used up.", code="DailyQuota", slug="quota")
    line = 'time="2025-03-02T10:11:{:02d}Z" level={} msg="{}" item={}\n'
    # Progress lines first: more candidates than the search matches, the
    # error's among the last.
    log = "".join(
        line.format(i, "info", f"batch {i} of words written", i) for i in range(8)
    )
    log += line.format(20, "warning", "retrying after: Upstream busy, slow down.", 9)
    log += line.format(21, "fatal", "gave up: Quota of the day used up.", 9)
    results, body = search(client, log)
    assert [r["code"] for r in results][:2] == ["DailyQuota", "Busy"]
    swapped = log.replace("level=warning", "level=x").replace(
        "level=fatal", "level=warning"
    )
    results, _ = search(client, swapped.replace("level=x", "level=error"))
    assert results[0]["code"] == "Busy"


def test_a_retry_s_server_message_is_matched_beside_the_program_s_errors(
    client, make_entry
):
    make_entry(message="Upstream busy, slow down.", code="Busy", slug="busy")
    body = "{'error': {'message': 'Upstream busy, slow down.', 'type': 'busy'}}"
    log = (
        f"2025-03-02 10:11:12 WARNING tenacity: Retrying in 2s: Error 503 - {body}\n"
        "2025-03-02 10:11:20 ERROR app: worker crashed, giving up on batch 7 now\n"
        "2025-03-02 10:11:20 ERROR app: shutting down the nightly summary job\n"
    )
    # The error lines offer more candidates than are matched; the warning's
    # server message is still one of them.
    results, answer = search(client, log)
    assert results[0]["code"] == "Busy"
    assert answer["search"]["good_match"] is True


def test_logfmt_error_level_is_read_before_a_lower_word_in_the_message():
    assert minor_line('time="t" level=info msg="retry WARN budget: out of words"')
    assert not minor_line('time="t" level=error msg="retry WARN budget: out of words"')
    assert not minor_line('time="t" level=fatal msg="retry INFO budget: gave up"')


# --- a short paste is not keywords --------------------------------------------


@pytest.mark.parametrize(
    "pasted",
    [
        "[qwen] Widget can not be found.",
        "Error: 400 Widget can not be found.",
        "failed: Widget can not be found.",
    ],
)
def test_a_short_wrapped_message_does_not_require_its_wrapper_s_words(
    client, make_entry, pasted
):
    make_entry(message="Widget can not be found.", code="WidgetNotFound", slug="widget")
    # Holds every word of the pastes, wrapper's included, but says otherwise.
    make_entry(
        message="Invalid token.",
        code="InvalidToken",
        cause="A qwen error: the token for this widget failed, found nowhere (400).",
        slug="token",
    )
    results, body = search(client, pasted)
    assert results[0]["code"] == "WidgetNotFound"
    assert body["search"]["good_match"] is True


@pytest.mark.parametrize(
    "typed", ["qwen: rate lim", "Error: rate lim", "429: rate limt"]
)
def test_typed_words_behind_a_prefix_still_complete_and_correct(
    client, catalogue, typed
):
    # Only the words after the prefix are required, the last one completed
    # (``lim``) or corrected (``limt``): "rate limit", not "sample rate".
    results, _ = search(client, typed)
    assert results[0]["code"] == "Throttling.RateQuota"


def test_a_wrapper_s_words_still_find_what_the_message_s_words_cannot(
    client, catalogue
):
    # Typed as far as "fi": no word of the message after the class is whole,
    # but the class names the entry.
    results, _ = search(client, "NoApiKeyException: Can not fi")
    assert results[0]["message"] == "NoApiKeyException: Can not find api-key."


def test_typed_words_still_need_every_word(client, make_entry):
    make_entry(message="Widget can not be found.", code="WidgetNotFound", slug="widget")
    make_entry(message="Token found in no widget.", code="NoToken", slug="token")
    results, _ = search(client, "widget token")
    assert [r["code"] for r in results] == ["NoToken"]


def test_typed_words_with_a_word_of_context_are_read_as_a_paste(client, make_entry):
    # Every word typed is in the token entry (its cause), none in the order
    # of its message; the widget message is the words typed but the vendor's
    # name: all words are required first, then any, when nothing reads right.
    make_entry(message="Widget not exist.", code="WidgetMissing", slug="widget")
    make_entry(
        message="Invalid token.",
        code="InvalidToken",
        cause="Check that the widget exists on the acme console.",
        slug="token",
    )
    results, body = search(client, "widget not exist acme")
    assert results[0]["code"] == "WidgetMissing"
    assert body["search"]["good_match"] is True


def test_typed_words_read_as_a_paste_only_when_a_message_then_matches(
    client, make_entry
):
    make_entry(
        message="Widget broken.",
        code="WidgetBroken",
        cause="A token on the acme console.",
        slug="widget",
    )
    make_entry(
        message="Request refused.",
        code="Refused",
        cause="A token for a gizmo on the acme console.",
        slug="token",
    )
    # Every word is in the refused entry's cause; any word read, the widget
    # entry's cause shares two, in no message either: the entries holding
    # every word stay the answer.
    results, _ = search(client, "gizmo token acme")
    assert [r["code"] for r in results] == ["Refused"]


def test_typed_words_that_a_message_holds_in_another_order_are_not_read_again(
    client, make_entry
):
    # Every word is in the first message, in another order: that message is
    # the one meant, not one holding two of the words in order.
    make_entry(
        message="Invalid gizmo format or corrupted widget.", code="Bad", slug="b"
    )
    make_entry(message="Gizmo format.", code="GizmoFormat", slug="f")
    results, _ = search(client, "gizmo widget format")
    assert results[0]["code"] == "Bad"


def test_typed_words_are_read_again_or_not_whatever_the_filters(client, make_entry):
    # The whole catalogue decides: a message reads like the words (the 404
    # entry), so they are not read again within a status where only a cause
    # holds them; that status's facet count is what choosing it gives.
    make_entry(message="Widget not exist in acme.", code="AcmeMissing", status=404)
    make_entry(
        message="Invalid token.",
        code="InvalidToken",
        status=400,
        cause="Check that the widget exists on the acme console.",
    )
    make_entry(message="Widget not exist.", code="WidgetMissing", status=400)
    results, body = search(client, "widget not exist acme")
    assert [r["code"] for r in results] == ["AcmeMissing", "InvalidToken"]
    for item in body["facets"]["status"]:
        chosen, _ = search(client, "widget not exist acme", status=item["value"])
        assert [r["code"] for r in chosen] == [
            r["code"] for r in results if str(r["status"]) == item["value"]
        ]


def test_typed_words_held_by_too_many_to_rank_are_read_again_or_not_alike(
    client, make_entry
):
    # More entries hold every word than the ranking reads: within a filter
    # it ranks the filter's best, but whether to read the words again is
    # still the whole catalogue's answer (a message reads like them).
    make_entry(message="Quokka widget acme failed.", code="Failed", status=404)
    make_entry(message="Quokka widget broken.", code="Broken", status=400)
    for number in range(RANK_LIMIT + 10):
        make_entry(
            message=f"Entry {number}.",
            code="Other",
            cause="A quokka widget on the acme console.",
            slug=f"other-{number}",
        )
    _, body = search(client, "quokka widget acme")
    assert body["search"]["capped"] is True
    assert body["results"][0]["code"] == "Failed"
    chosen, body = search(client, "quokka widget acme", status="400")
    assert body["count"] == RANK_LIMIT + 10
    assert {r["code"] for r in chosen} == {"Other"}


def test_a_code_field_naming_an_entry_documented_only_by_its_code(client, make_entry):
    # The documentation gives only the code: naming it is all a paste can do,
    # and the message beside it is the client's own wording.
    make_entry(message="WIDGET_FETCH_FAILED", code="WIDGET_FETCH_FAILED", slug="only")
    make_entry(
        message="Failed to fetch the input widget: xxx.",
        code="BadRequest.WidgetFetch",
        slug="worded",
    )
    results, body = search(
        client,
        '{"results": [{"code": "WIDGET_FETCH_FAILED", '
        '"message": "Failed to fetch the widget.", "subtask_status": "FAILED"}]}',
    )
    assert results[0]["code"] == "WIDGET_FETCH_FAILED"
    assert body["search"]["good_match"] is True
    # Named in a code field of an entry with a message of its own, the code
    # still counts for less than that message found.
    make_entry(message="Widget quota used up.", code="WidgetQuota", slug="quota")
    results, _ = search(
        client,
        '{"code": "WidgetQuota", "message": "Failed to fetch the input widget: w1."}',
    )
    assert results[0]["code"] == "BadRequest.WidgetFetch"


def test_a_code_documented_alone_counts_less_when_only_guessed_or_beside_a_message(
    client, make_entry
):
    make_entry(message="WIDGET_DECODE_FAILED", code="WIDGET_DECODE_FAILED", slug="only")
    make_entry(message="Widget frames could not be decoded.", code="Frames", slug="f")
    # A bracketed word shaped like a code is a guess, not a field naming it.
    _, body = search(client, "player exited (widget_decode_failed): bad data in input")
    assert body["search"]["good_match"] is False
    # A documented message found as written outranks the code field beside it.
    results, _ = search(
        client,
        '{"code": "WIDGET_DECODE_FAILED", "message": "Widget frames could not be decoded."}',
    )
    assert results[0]["code"] == "Frames"


# --- A code typed wrong -----------------------------------------------------------


def test_a_mistyped_code_is_read_as_the_nearest_one(client, make_entry):
    make_entry(message="Gizmo download timed out.", code="Gizmo.Timeout", slug="t")
    make_entry(message="Gizmo not found.", code="Gizmo.Missing", slug="m")
    make_entry(message="Gizmo timeout, please retry.", code="Busy", slug="b")
    results, body = search(client, "Gizmo.Timout")
    assert results[0]["code"] == "Gizmo.Timeout"
    # Our reading of what was typed, not the user's words: no good match.
    assert body["search"]["good_match"] is False


def test_only_a_code_shaped_text_with_one_nearest_code_is_corrected(make_entry):
    make_entry(code="Gadget.Alpha1", slug="a1")
    make_entry(code="Gadget.Alpha2", slug="a2")
    make_entry(code="WidgetQuota", aliases="widget_quota_exceeded", slug="q")

    def corrected(text):
        return corrected_code(Query.parse(text), current())

    assert corrected("WidgetQuote") == "WidgetQuota"
    assert corrected("widget_quota_exceded") == "widget_quota_exceeded"
    assert corrected("Gadget.Alpha3") is None  # two are as near
    assert corrected("WidgetQuota") is None  # no typo
    assert corrected("widgetquote") is None  # a word, not a code's shape
    assert corrected("WidgetQuote limit") is None  # not a code alone
    assert corrected("Gadget.Zeta") is None  # too far from any


def test_a_code_spelt_out_in_words_is_read_as_that_code(client, make_entry):
    make_entry(message="valid gizmo too brief", code="Gizmo.GizmoBriefError", slug="b")
    # Other entries hold the three words, though no message holds them all;
    # before, they were all it found.
    make_entry(message="Gizmo brief lost.", cause="An error.", code="Widget", slug="w")
    make_entry(message="Gizmo error.", solution="Send a brief.", code="Empty", slug="e")
    results, body = search(client, "gizmo brief error")
    assert results[0]["code"] == "Gizmo.GizmoBriefError"
    assert body["search"]["good_match"] is False  # our reading of the words
    # Once a message holds them all, the words are that message's.
    make_entry(message="Gizmo brief error in the widget.", code="Widget", slug="m")
    results, _ = search(client, "gizmo brief error")
    assert results[0]["slug"] == "m"


def test_only_words_spelling_one_code_its_messages_lack_are_read_as_it(make_entry):
    make_entry(message="Gadget rate too high.", code="Limits.GadgetRate", slug="r")
    make_entry(message="Gadget rate is limited.", code="Quota.GadgetRate", slug="q")
    make_entry(message="Sprocket stuck.", code="Parts.SprocketJam", slug="j")
    make_entry(message="Cog denied.", code="CogDenied", slug="c")
    make_entry(message="Cog jam.", code="Parts.CogJam", aliases="cog_jam_x", slug="x")
    # One error spelt two ways by two APIs, each code whole.
    make_entry(message="Widget may be unsafe.", code="WidgetCheckFailed", slug="w1")
    make_entry(message="Widget is unsafe.", code="widget_check_failed", slug="w2")

    def spelt(text):
        return spelled_code(Query.parse(text), current())

    assert spelt("sprocket jam") == "Parts.SprocketJam"  # its last part
    assert spelt("parts sprocket jam") == "Parts.SprocketJam"  # all of it
    assert spelt("SprocketJam") == "Parts.SprocketJam"
    assert spelt("cog jam x") == "cog_jam_x"  # an alias
    assert spelt("gadget rate") is None  # two codes end so
    # ... but two whole codes spelt alike are one error's spellings.
    assert spelt("widgetcheck failed") == "WidgetCheckFailed widget_check_failed"
    # One slip in words run together long enough (SPELT_SLIP_CHARS).
    assert spelt("widgetcheck faild") == "WidgetCheckFailed widget_check_failed"
    assert spelt("sprocket jma") is None  # too short to be read past a slip
    assert spelt("cog denied") is None  # a message holds the words
    assert spelt("gadget limited") is None  # ... any entry's message
    assert spelt("CogDenied") is None  # the code itself, as typed
    assert spelt("sprocket") is None  # one word is no code spelt out
    assert spelt("sprocket jam, please") is None  # not only a code's words


def engine_codes(make_entry) -> None:
    """Two entries of an engine's codes: the one documenting 418 does not
    name the product, the other does."""
    make_entry(message="[gadget:]Engine return error code: 418", slug="c418")
    make_entry(
        message="[gadget:]Engine return error code: 428",
        cause="Widgetvoice rejected the request.",
        slug="c428",
    )


def test_a_number_typed_finds_the_entry_documenting_it(client, make_entry):
    # The number is the engine's code the user saw.
    engine_codes(make_entry)
    results, _ = search(client, "widgetvoice 418")
    assert results[0]["slug"] == "c418"


def test_a_number_typed_beside_chinese_stands_alone(client, make_entry):
    # Chinese words are words of their own: 报418 is "reported 418".
    assert Query.parse("widgetvoice 报418").typed_numbers == {"418"}
    assert Query.parse("识别 23秒后 超时").typed_numbers == {"23"}
    assert Query.parse("widgetvoice 报418").statuses == {418}
    # A number inside an ASCII word still is no number typed.
    assert Query.parse("widgetvoice v418x 报错").typed_numbers == frozenset()
    # ... also where the glossary reads the Chinese (合成: synthesis), whose
    # English words alone leave the number out.
    assert Query.parse("widgetvoice 合成报错418").typed_numbers == {"418"}
    assert Query.parse("图片上传 400 是什么意思 widget").statuses == {400}
    # Short as typed, though the glossary's English makes it longer.
    typed = "widgetvoice 语音合成 请求超时 并发太高 限流 报错418"
    assert len(typed) <= MAX_TYPED_CJK_CHARS < len(Query.parse(typed).paste.text)
    assert Query.parse(typed).typed_numbers == {"418"}
    engine_codes(make_entry)
    for typed in ("widgetvoice 报418", "widgetvoice 合成报错418"):
        results, _ = search(client, typed)
        assert results[0]["slug"] == "c418"


def test_a_number_typed_counts_while_the_last_word_is_unfinished(client, make_entry):
    engine_codes(make_entry)
    make_entry(message="Widgetvoice timed out.", slug="timeout")
    for typed in ("418 widgetvoice", "418 widgetvoi"):
        results, body = search(client, typed)
        assert [result["slug"] for result in results] == ["c418", "timeout", "c428"]
        assert body["search"]["good_match"] is False


def test_a_status_typed_is_not_a_number_of_a_message(client, make_entry):
    make_entry(message="Gizmo space access denied.", status=403, slug="denied")
    make_entry(message="Gizmo space returned 403 once.", status=500, slug="once")
    results, _ = search(client, "403 gizmo space")
    assert results[0]["slug"] == "denied"


def test_a_message_typed_beats_the_stand_in_for_a_timeout(client, make_entry):
    # "stream timeout" also reads as a client's timeout, whose stand-in is
    # the catalogue's generic timeout; the words typed are another message.
    make_entry(message="Request timed out, please try again later.", slug="generic")
    make_entry(message="stream timeout after 23 seconds.", slug="typed")
    results, _ = search(client, "stream timeout after 23 sec gizmovoice")
    assert [r["slug"] for r in results[:2]] == ["typed", "generic"]


def test_words_shared_with_an_entry_of_another_status_count_less(client, make_entry):
    make_entry(
        message="Gizmo duration exceeds the allowed limit.", status=400, slug="a"
    )
    make_entry(
        message="You have gone over your gizmo request limit for this minute, "
        "please slow down and try again later.",
        status=429,
        slug="b",
    )
    results, _ = search(client, "gizmo 429 request limit exceed")
    assert results[0]["slug"] == "b"
    # The other status, the other entry: the status decides.
    results, _ = search(client, "gizmo 400 request limit exceed")
    assert results[0]["slug"] == "a"


def test_a_number_no_entry_has_as_its_status_weighs_no_entry_less(client, make_entry):
    # 418 is the engine's code, typed as a number: no entry has that status,
    # so the entries of status 400 count as much as the one without any.
    make_entry(
        message="[gadget:]Engine return error code: 418", status=400, slug="c418"
    )
    make_entry(
        message="[gadget:]Engine return error code: 428", status=400, slug="c428"
    )
    make_entry(
        message="CLIENT_ERROR-[qwen-gadget:]Engine return error code: 411",
        status=None,
        slug="c411",
    )
    results, _ = search(client, "engine error code 418 gadget")
    assert [r["slug"] for r in results] == ["c418", "c428", "c411"]


def test_only_a_short_text_is_read_as_typed():
    assert Query.parse("gizmo 4181 limit").typed_numbers == {"4181"}
    # The tokens stop at a cap: the few read of a long run are no typing.
    junk = Query.parse("g" * 20_000 + " 4181 503")
    assert junk.typed_numbers == frozenset()
    assert junk.statuses == frozenset()


# --- Words the catalogue spells otherwise -------------------------------------------


def test_a_camel_case_word_typed_whole_is_the_message_s(client, make_entry):
    # The message splits it (``GizmoSpace``); typed, it is one word.
    make_entry(
        message="GizmoSpace can not be found.", code="GizmoSpaceNotFound", slug="g"
    )
    make_entry(message="Not found!", code="NotFound", slug="n")
    results, _ = search(client, "gizmospace not found")
    assert results[0]["code"] == "GizmoSpaceNotFound"
    assert joined_words("the GizmoSpace of NoApiKeyException, API and Gizmo") == [
        "gizmospace",
        "noapikeyexception",
    ]


def test_a_synonym_typed_finds_the_catalogue_s_words(client, catalogue):
    # "apikey" is in no entry: the index is asked for "api" and "key" too
    # (without them, short messages holding "invalid" came first).
    results, _ = search(client, "apikey invalid")
    assert results[0]["code"] == "InvalidApiKey"
    assert Query.parse("apikey invalid").synonym_terms == ["api", "key"]


def test_async_and_sync_typed_are_the_catalogue_s_words(client, make_entry):
    for word in ("asynchronous", "synchronous"):
        make_entry(message=f"Gizmo api does not support {word} calls.", slug=word)
    for typed, slug in [
        ("gizmo 403 api doesn't support async calls", "asynchronous"),
        ("gizmo 403 api doesn't support sync calls", "synchronous"),
    ]:
        results, _ = search(client, typed)
        assert results[0]["slug"] == slug
