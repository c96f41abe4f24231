from collections import Counter
from pathlib import Path

import pytest

from errors.catalogue.source import parse_catalogue
from errors.rendering import render_markdown

SOURCE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "source"
    / "model-studio-error-codes.txt"
)


@pytest.fixture(scope="module")
def entries():
    return parse_catalogue(SOURCE.read_text(encoding="utf-8"))


def by_message(entries, text):
    found = [entry for entry in entries if entry.message == text]
    assert found, f"no entry with message {text!r}"
    return found


def test_it_takes_every_documented_entry(entries):
    # 308 top-level "Cause:" paragraphs (one entry has two), two entries whose
    # causes are bullets, and the 500/503 entry under both statuses.
    assert len(entries) == 311
    assert len({entry.heading for entry in entries}) == 112


@pytest.mark.parametrize(
    ("heading", "count"),
    [
        ("400-InvalidParameter", 107),
        ("400-InvalidFile.Resolution", 5),
        ("400-InvalidFile.Content", 6),
        ("429-Throttling.AllocationQuota/insufficient_quota", 4),
        ("500-InternalError/internal_error", 5),
        ("500-InternalError.Algo", 13),
        ("SDK Errors", 11),
        ("WebSocket Errors", 25),
        ("Coding Plan", 6),
        ("401-NOT AUTHORIZED", 1),
    ],
)
def test_entry_count_per_heading(entries, heading, count):
    assert Counter(entry.heading for entry in entries)[heading] == count


def test_headings_with_aliases(entries):
    (key,) = by_message(
        entries, "Invalid API-key provided. / Incorrect API key provided."
    )
    assert (key.status, key.code, key.aliases) == (
        401,
        "InvalidApiKey",
        ["invalid_api_key"],
    )
    (limit,) = [entry for entry in entries if entry.code == "Throttling.RateQuota"]
    assert limit.aliases == ["LimitRequests", "limit_requests"]
    assert limit.status == 429


def test_double_status_gives_an_entry_under_each(entries):
    serving = [entry for entry in entries if entry.code == "ModelServingError"]
    assert [entry.status for entry in serving] == [500, 503]
    assert serving[0].message == serving[1].message
    assert serving[0].slug != serving[1].slug


def test_odd_headings(entries):
    (not_authorized,) = [
        entry for entry in entries if entry.heading == "401-NOT AUTHORIZED"
    ]
    assert not_authorized.code == "NOT AUTHORIZED"
    assert not_authorized.message.startswith(
        "Access denied: Either you are not authorized"
    )
    (gateway,) = [entry for entry in entries if entry.status == 200]
    # No message line in the source: the code stands in for it.
    assert gateway.code == gateway.message == "BailianGateway.Workspace.NotAuthorised"
    assert "RAM sub-account" in gateway.cause


def test_sections_without_status_and_bare_codes(entries):
    (network,) = by_message(entries, "NoApiKeyException: Can not find api-key.")
    assert (network.status, network.category, network.code) == (
        None,
        "sdk",
        "NetworkError",
    )
    assert network.aliases == ["NoApiKeyException"]
    (mismatch,) = [entry for entry in entries if entry.code == "mismatched_model"]
    assert mismatch.message.startswith(
        "The model 'xxx' for this request does not match"
    )
    (no_audio,) = by_message(entries, "NO_INPUT_AUDIO_ERROR")
    assert (no_audio.code, no_audio.category) == ("NO_INPUT_AUDIO_ERROR", "websocket")
    assert "pcm, wav, mp3" in no_audio.solution
    coding = [entry for entry in entries if entry.category == "coding-plan"]
    assert [entry.message for entry in coding][:2] == [
        "Connection error",
        "hour allocated quota exceeded",
    ]


def test_alternatives_and_placeholders_are_kept_verbatim(entries):
    by_message(
        entries,
        "Model can not be found. / The model xxx does not exist. / The model xxx does not exist or you do not have access to it.",
    )
    by_message(entries, "Voice '%s' not found.")
    by_message(entries, "The type or value of {parameter} is out of definition.")
    by_message(entries, "Expecting ',' delimiter: line x column xxx (char xxx)")
    by_message(
        entries, "Temperature should be in [0.0, 2.0)/'temperature' must be Float"
    )


def test_entries_without_solution(entries):
    (training,) = by_message(entries, "Missing training files.")
    assert training.solution == ""
    assert training.cause.startswith("Parameter error")


def test_numbered_cause_pairs(entries):
    (free,) = [
        entry for entry in entries if entry.code == "AllocationQuota.FreeTierOnly"
    ]
    assert free.cause.startswith("Cause 1: New users exhaust free quota")
    assert "Cause 2: You enabled free quota exhaustion stop" in free.cause
    assert free.solution.startswith("For cause 1: Complete sign-up before calling.")
    assert "For cause 2:\n\n- To pay for calls" in free.solution
    (url,) = by_message(entries, "url error, please check url!")
    assert "- Cause 1: Model name does not match the API endpoint" in url.cause
    assert "- Cause 2: DashScope SDK version is outdated" in url.cause
    assert "- For cause 2: Upgrade the SDK version" in url.solution
    assert "Solution" not in url.cause


def test_error_examples_and_nested_lists_survive_as_markdown(entries):
    (missing,) = by_message(
        entries, "Missing required parameter 'xxx'! Please follow the protocol!"
    )
    assert missing.cause.startswith(
        "Error examples:\n\n- Missing required parameter 'payload.model'!"
    )
    html = render_markdown(missing.cause)
    # A numbered list whose first item holds a paragraph and a bullet list.
    assert "<ol>" in html
    first_item = html.split("<li>", 3)[3]
    assert "When calling models using the WebSocket protocol" in first_item
    assert "<ul>" in first_item.split("</ol>")[0]
    (key,) = by_message(
        entries, "Invalid API-key provided. / Incorrect API key provided."
    )
    nested = render_markdown(key.solution)
    # Three levels deep: "Reading wrong environment variable" > "Correct:" > configured.
    assert nested.count("<ul>") >= 3
    assert "<pre>" not in nested  # indentation never turns prose into code blocks


def test_slugs_are_unique_and_stable(entries):
    slugs = [entry.slug for entry in entries]
    assert len(set(slugs)) == len(slugs)
    assert "400-invalidparameter-range-of-input-length-should-be-1-xxx" in slugs
    assert (
        parse_catalogue(SOURCE.read_text(encoding="utf-8"))[10].slug == entries[10].slug
    )


def test_the_401_region_table_becomes_a_table(entries):
    (entry,) = [entry for entry in entries if entry.code == "InvalidApiKey"]
    html = str(render_markdown(entry.solution))
    table = html[html.index("<table>") : html.index("</table>")]
    assert "<th>Region</th>" in table and "<th>DashScope</th>" in table
    assert table.count("<tr>") == 4  # the header and three regions
    assert (
        '<td><a href="https://dashscope-us.aliyuncs.com/api/v1" rel="nofollow noopener noreferrer">'
        in table
    )
    # An address with a {placeholder} cannot be followed: it is code.
    assert (
        "<code>https://{WorkspaceId}.ap-southeast-1.maas.aliyuncs.com/api/v1</code>"
        in table
    )
    # The rest of the list item follows the table, still inside the list.
    assert html.index("</table>") < html.index("Important") < html.rindex("</ul>")


def test_code_fragments_become_code_and_urls_links(entries):
    (entry,) = [entry for entry in entries if entry.code == "InvalidApiKey"]
    html = str(render_markdown(entry.solution))
    assert '<code>api_key=os.getenv("DASHSCOPE_API_KEY")</code>' in html
    assert '<code>api_key = "sk-xxx"</code>' in html
    assert (
        '<a href="https://coding-intl.dashscope.aliyuncs.com/v1" rel="nofollow noopener noreferrer">'
        in html
    )
    # Nested bullets stay nested lists, three deep.
    assert html.count("<ul>") >= 3
    thinking = by_message(
        entries,
        "parameter.enable_thinking must be set to false for non-streaming calls/parameter.enable_thinking only support stream call",
    )[0]
    assert thinking.solution.startswith("Set the `enable_thinking` parameter")


def test_only_the_region_table_is_a_table(entries):
    # The page has one table (under 401 InvalidApiKey); prose is never one.
    with_tables = [entry.code for entry in entries if "| --- |" in entry.solution]
    assert with_tables == ["InvalidApiKey"]
    assert not any("| --- |" in entry.cause for entry in entries)
