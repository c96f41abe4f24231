"""Chinese words typed around an error, read as the catalogue's English
(errors.search.glossary). The examples are this file's own."""

import pytest

from errors.search.chinese_terms import OTHER_WORDS, STATES
from errors.search.glossary import (
    GLOSSES,
    JOINER,
    MAX_REPORT_CHARS,
    MAX_TYPED_CJK,
    MAX_TYPED_WORDS,
    TERMS,
    gloss,
)
from errors.search.query import Query
from errors.search.text import words
from tests.searching import search


def test_a_known_term_is_read_as_its_english_in_its_place():
    assert gloss("widget 欠费 denied").split() == ["widget", GLOSSES["欠费"], "denied"]
    # One word of the sentence, read as the catalogue's words.
    assert words(GLOSSES["欠费"]) == TERMS["欠费"].split()
    # Glued to ASCII, the English is spaced off; unknown CJK stays as it was.
    assert gloss("千问api超时").split() == ["千问api", GLOSSES["超时"]]


def test_the_longest_term_at_a_place_wins():
    assert gloss("prompt 不能为空").split() == ["prompt", GLOSSES["不能为空"]]


@pytest.mark.parametrize(
    "text",
    [
        "access denied",  # no CJK at all
        "欠费 " + " ".join(f"w{i}" for i in range(MAX_TYPED_WORDS + 1)),
        # A sentence with an English message of its own, which speaks for it.
        "欠费" + "啊" * MAX_TYPED_CJK + " widget access denied",
        # Longer than any report typed in Chinese alone.
        "欠费" + "啊" * MAX_REPORT_CHARS,
        # A report with a code of its own: the guesses around it stay unread.
        "报错了，" + "啊" * MAX_TYPED_CJK + "，错误码是 InvalidApiKey，是不是欠费了？",
        "调用报错了，" + "啊" * MAX_TYPED_CJK + '{"code":"Throttling"}，是不是欠费了',
    ],
)
def test_only_a_short_typed_text_or_a_chinese_report_is_glossed(text):
    assert gloss(text) == text


@pytest.mark.parametrize("aside", ["状态码 400", "用的 qwen-plus", "这个api", "16kHz"])
def test_a_report_in_chinese_alone_is_read_however_many_its_characters(aside):
    # Past the typed bounds, but no English of its own (a number, a model's
    # name, a lone word): its Chinese words are all the text says.
    text = "调用的时候报错了，" + "啊" * MAX_TYPED_CJK + f"，大意是欠费了 {aside}"
    assert GLOSSES["欠费"] in gloss(text).split()


def test_the_query_keeps_the_text_as_typed():
    query = Query.parse("widget 欠费")
    assert query.text == "widget 欠费"
    assert "arrearage" in query.index_terms


@pytest.mark.parametrize(
    "text",
    [
        "免费额度已用完 403",
        # A report in Chinese alone, longer than anything typed.
        "新注册的账号用了几天之后调用就失败了，报错的意思大概是这个模型的免费额度"
        "已耗尽，想继续用的话要去控制台改设置，状态码是 403，请问在哪里改？",
    ],
)
def test_typed_chinese_words_find_the_entry_they_name(client, make_entry, text):
    make_entry(
        message="The free tier of the widget has been exhausted.",
        code="WidgetFreeTier",
        status=403,
        slug="free",
    )
    make_entry(message="Access denied.", code="Denied", status=403, slug="denied")
    results, body = search(client, text)
    # Not the status alone: the words say which 403.
    assert results[0]["code"] == "WidgetFreeTier"


def test_typed_chinese_words_outvote_a_short_english_message(
    client, make_entry, arrears
):
    # The glossary's English for 欠费 names this code.
    make_entry(message="Access denied.", code="Denied", slug="denied")
    results, _ = search(client, "widget 欠费 access denied")
    assert results[0]["code"] == "Arrearage"


def test_glossed_words_are_no_message_of_the_paste_s_own():
    # English runs of a Chinese line are message candidates, whose words a
    # keyword search requires; the glossary's English must not become one
    # and leave the code typed beside it out of what is required.
    query = Query.parse("知识库报错 LookupFailed")
    assert len(query.paste.messages) == 1  # the whole text only
    assert query.keyword_terms == ["knowledge", "base", "lookupfailed"]


@pytest.mark.parametrize("between", ["", " "])
def test_terms_side_by_side_are_no_message_of_their_own(between):
    # Both read: their English words side by side would be an English run,
    # a message candidate of its own that leaves the code out.
    query = Query.parse(f"免费额度{between}已用完报错 LookupFailed")
    assert len(query.paste.messages) == 1
    assert query.keyword_terms == ["free", "tier", "quota", "exhausted", "lookupfailed"]


def test_a_denied_state_stays_unread():
    # 没有欠费: "not in arrears"; 不超过: "does not exceed". Read as English
    # they would say the opposite.
    assert "arrearage" not in gloss("账号没有欠费 access denied")
    assert "arrearage" in gloss("账号欠费 access denied")
    assert "exceeded" not in gloss("输入不超过 100 token")


@pytest.mark.parametrize(
    ("text", "english"),
    [
        # A question is no denial.
        ("是不是欠费了", "arrearage"),
        ("有没有欠费 widget", "arrearage"),
        ("检查有无欠费", "arrearage"),  # 有无: "whether there is"
        ("是不是被限流了", "throttling"),
        # A missing thing is the error itself.
        ("没有额度了", "quota+exhausted"),
        ("模型没开通 403", "not+activated"),
        ("没权限 workspace", "access+denied"),
    ],
)
def test_questions_and_missing_things_are_read(text, english):
    assert english in gloss(text)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        # The catalogue's words for what is typed: its regions, a
        # conversation too long as the input, nobody found as "no human
        # body", a recording too short as the audio.
        ("北京的key配了新加坡的endpoint", "China+Beijing"),
        ("北京的key配了新加坡的endpoint", "Singapore"),
        ("聊了几十轮 对话过长", "input+length+exceeds"),
        ("合照里检测不到人", "no+human+body"),
        ("图片里检测不到人脸", "no+human+face+detected"),
        ("这张照片没有人脸", "no+human+face+detected"),
        ("这张照片没有人脸", "image"),
        ("上传的录音过短", "audio+too+short"),
        ("流量飙升 widget", "rate+increased+quickly"),
        ("调用量涨得太快 widget", "rate+increased+quickly"),
        ("调用量涨的太快 widget", "rate+increased+quickly"),  # 的 for 得
        ("没有权限访问媒体资源 widget", "media"),
        ("widget 人脸角度不对", "pose"),
        ("widget 人脸角度不对", "incorrect+invalid"),
        ("密钥不正确 widget", "incorrect+invalid"),
    ],
)
def test_typed_phrases_are_read_as_the_catalogue_words_them(text, english):
    assert english in gloss(text)


@pytest.mark.parametrize(
    "text", ["是欠费了对不对 widget", "感觉不对劲 widget", "接口不对外开放 widget"]
)
def test_words_holding_not_right_that_say_otherwise_stay_unread(text):
    # 对不对: "right?"; 不对劲: "something is off"; 不对外: "not public".
    assert "incorrect" not in gloss(text)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("检测不到人声 widget", "human"),  # no voice, not no body
        ("北京时间十点 widget", "Beijing"),  # a time zone
        ("从另一个角度看 widget", "pose"),  # "from another angle"
        ("延迟飙升 widget", "rate"),  # latency, not the request rate
    ],
)
def test_words_holding_a_term_that_say_otherwise_stay_unread(text, english):
    assert english not in gloss(text)


def test_phrases_of_a_state_are_denied_as_the_state():
    # 不是对话过长: "not that the conversation is too long".
    assert "exceeds" not in gloss("不是对话过长 widget")
    assert "short" not in gloss("并非录音过短 widget")
    assert "human" not in gloss("不是检测不到人 widget")


def test_glossed_words_are_no_code_typed():
    # A typed code is the whole text; the glossary's English never is one.
    assert Query.parse("非流式").direct_code == ""


def test_a_longer_term_holding_a_shorter_one_is_read_whole():
    # 大小写敏感 is "case-sensitive", not inappropriate content.
    assert "inappropriate" not in gloss("模型名称 大小写敏感")


def test_every_state_is_a_term_and_no_other_word_is_one():
    assert STATES <= TERMS.keys()
    assert not OTHER_WORDS & TERMS.keys()


@pytest.mark.parametrize("term", sorted(TERMS))
def test_no_term_is_shadowed_by_a_shorter_one_inside_it(term):
    # 声音复刻 is voice cloning, not 复刻 alone; 预付费 is not 付费.
    assert gloss(f"widget {term}").split() == ["widget", GLOSSES[term]]


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("图片里很多人都遇到 widget", "multi"),  # 很多人 "many people", no 多人
        ("无法识别的参数 widget", "recognition"),  # "unrecognised", not ASR
        ("域名解析失败 widget", "parsing"),  # DNS, not a file parsed
        ("模型名 大小写 widget", "size"),  # 大小写 is letter case, not 大小
        ("json序列化报错 widget", "sequence"),  # serialisation, no 序列
        ("反序列化失败 widget", "sequence"),
        ("报错消息看不懂 widget", "messages"),  # the error's message
        ("代理商 widget", "proxy"),  # a reseller
        ("用户协议 widget", "protocol"),  # the terms of service
        ("日志充满了噪音 widget", "full"),  # "full of", no limit reached
        ("不过多试几次 widget", "number"),  # "but trying a few times"
        ("秒杀活动 widget", "seconds"),  # a flash sale
    ],
)
def test_a_word_holding_a_term_but_meaning_else_leaves_it_unread(text, english):
    assert english not in gloss(text)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("音频不是静音 widget", "silent"),
        ("图片没有损坏 widget", "corrupted"),
        ("账单没有逾期 widget", "overdue"),
        ("token没有到期 widget", "expired"),
        ("秘钥没有填错 widget", "incorrect"),
        ("不是上下文太长 widget", "exceeds"),
    ],
)
def test_a_denied_new_state_stays_unread(text, english):
    assert english not in gloss(text)
    assert english in gloss(text.replace("不是", "").replace("没有", ""))


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("没有被限流 widget", "throttling"),  # "was not throttled"
        ("没再超时了 widget", "timeout"),  # "no longer timed out"
        ("图片不太模糊 widget", "unclear"),  # "not very blurred"
        ("图片不太多 widget", "number"),  # "not too many images"
    ],
)
def test_a_state_denied_one_word_off_stays_unread(text, english):
    assert english not in gloss(text)
    assert english in gloss(
        text.replace("没有", "").replace("没", "").replace("不", "")
    )


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ("工作流还没发布", "FlowNotPublished", "Flow has not published"),
        ("预付费账单逾期", "PrepaidBillOverdue", "The prepaid bill"),
        ("提示词涉嫌知识产权侵权", "IPInfringementSuspect", "Input data is suspected"),
        ("歌词不合规", "InvalidParameter", "Lyrics content is illegal"),
        ("上传的人脸朝向不对", "InvalidFile.FacePose", "The pose of the detected face"),
        ("照片太暗", "InvalidFile.Value", "The value of the image"),
        ("视频帧率不对", "InvalidFile.FPS", "Invalid video FPS"),
        ("上衣图片缺失", "InvalidGarment", "Missing clothing image"),
        ("人物背对镜头", "InvalidFile.FrontBody", "The pose of the detected person"),
        ("知识库检索失败", "RetrivalFailed", "Failed to retrieve data"),
        ("业务空间的订阅没购买", "CommodityNotPurchased", "Commodity has not"),
        ("思考长度超出范围", "InvalidParameter", "The thinking_budget parameter"),
        ("温度超出范围", "InvalidParameter", "Temperature should be"),
        ("每周额度用完", "", "week allocated quota"),
        ("客户端提前断开", "ClientDisconnect", "Client disconnected"),
        ("文件宽高比不对", "InvalidFile.AspectRatio", "Invalid file ratio"),
        ("首帧人物太小", "InvalidFile.Content", "The human is too small"),
        # Colloquial forms and the spellings many write.
        ("api秘钥写错了", "InvalidApiKey", "Invalid API-key provided"),
        ("并发满了怎么办", "", "concurrency allocated quota"),
        ("每5小时的限额到了", "", "hour allocated quota"),
        ("输入过长", "InvalidParameter", "Range of input length"),
        ("embedding 一次传太多文本", "InvalidParameter", "Value error, batch size"),
        ("录音文件识别 时长超过10小时", "AUDIO_DURATION_TOO_LONG", "AUDIO_DURATION"),
        ("语音合成 超过23秒没发数据", "InvalidParameter", "request timeout after 23"),
        (
            "视频链接是内网的 下载失败",
            "InvalidParameter",
            "Failed to download multimodal",
        ),
        ("千问 只支持流式调用", "InvalidParameter", "This model only support stream"),
        # A state of the model, of the key, of the rate (模型 and 错误 alone
        # are every report's words).
        ("调用这个模型没权限啊", "Model.AccessDenied", "Model access denied"),
        ("用的秘钥错误了吗", "InvalidApiKey", "Invalid API-key provided"),
        ("半夜流量暴增后开始报错", "Throttling.BurstRate", "Request rate increased"),
        ("上传的商品图没通过绿网", "InvalidParameter", "The image content does not"),
        ("程序启动时找不到api-key", "NetworkError", "NoApiKeyException: Can not"),
        ("录音识别时 file_urls 必须有吗", "InvalidParameter", "input must contain"),
    ],
)
def test_a_short_chinese_query_finds_the_entry_it_names(
    client, catalogue, query, code, message
):
    results, _ = search(client, query)
    assert (results[0]["code"], results[0]["message"][: len(message)]) == (
        code,
        message,
    )


@pytest.mark.parametrize(
    ("typed", "usual"),
    [
        ("秘钥", "密钥"),  # the spelling many write for the key
        ("没有秘钥", "没有密钥"),
        ("仅支持", "只支持"),
        ("好几个人", "多个人"),
        ("上下文过长", "输入太长"),
        ("提升配额", "提额"),
    ],
)
def test_a_variant_reads_as_the_usual_word(typed, usual):
    assert gloss(f"widget {typed}") == gloss(f"widget {usual}")


def test_too_long_an_input_reads_as_the_catalogue_s_words_for_it():
    # "too long" is what the catalogue says of a duration; of an input it
    # says "the input length exceeds the maximum limit".
    assert words(gloss("上下文太长")) == [
        "input",
        "length",
        "exceeds",
        "maximum",
        "limit",
    ]
    assert "too" in words(gloss("音频太长"))


def test_glossed_words_make_no_code(client, make_entry):
    # The English of 拒绝访问 joined by "_" would be the alias access_denied.
    make_entry(message="Widget locked.", code="Locked", aliases="access_denied")
    make_entry(message="Access denied for the widget.", code="Denied", slug="d")
    results, _ = search(client, "拒绝访问")
    # Both hold the words; neither is found by its code (which the database's
    # own relevance may order either way).
    assert {r["code"] for r in results} == {"Locked", "Denied"}
    assert all(r["match"]["kind"] != "code" for r in results)


def test_a_glossed_search_is_never_a_good_match(client, make_entry):
    make_entry(
        message="Free tier quota exhausted.",
        code="WidgetFreeTier",
        status=403,
    )
    results, body = search(client, "免费额度耗尽")
    assert results[0]["code"] == "WidgetFreeTier"
    # Every word found, but in our translation of the words, not the
    # words: the list, not the answer.
    assert body["search"]["good_match"] is False


def test_english_words_of_the_text_s_own_may_still_be_a_good_match(client, make_entry):
    # The glossary reads 图片 too, but the English message is the user's own.
    make_entry(message="widget format error", code="WidgetFormat", slug="fmt")
    results, body = search(client, "上传图片的时候报错widget format error，怎么办")
    assert results[0]["code"] == "WidgetFormat"
    assert body["search"]["good_match"] is True


def test_chinese_left_unread_makes_no_good_match_of_keywords(client, make_entry):
    make_entry(message="Gizmo engine returned code 411.", code="GizmoError")
    make_entry(message="The request was throttled.", code="Throttled")
    results, body = search(client, "gizmo")
    assert results[0]["code"] == "GizmoError"
    assert body["search"]["good_match"] is True
    # The rest says something the search did not read ("garbled Chinese in
    # the answers"): the entry holding the word it read is no sure answer.
    assert Query.parse("gizmo 回答 中文乱码").unread_chinese
    results, body = search(client, "gizmo 回答 中文乱码")
    assert results[0]["code"] == "GizmoError"
    assert body["search"]["good_match"] is False


@pytest.mark.parametrize(
    "text",
    ["密钥没过期", "没过多久就超时了", "没过两天额度就没了", "没过滤掉", "还没过完"],
)
def test_not_expired_and_before_long_are_no_failed_verification(text):
    # 没过审 ("did not pass review") is a failed check; 没过 alone is not
    # (没过期 "not expired", 没过多久 "before long", 没过滤 "not filtered").
    assert "failed" not in gloss(text)
    assert "failed" in gloss("商品图没过审")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("模型一直超时", "超时"),
        ("模型访问被拒绝", "访问被拒绝"),
        ("模型又下线了", "下线"),
        ("模型已下线", "下线"),
        ("是不是模型限流了", "限流"),  # a question is no denial
    ],
)
def test_the_model_before_a_term_says_whose_state_it_is(text, term):
    assert f"model{JOINER}{GLOSSES[term]}" in gloss(text).split()


@pytest.mark.parametrize(
    "text",
    [
        "模型没开通",  # a state with its own negation: no "model not …"
        "不是模型超时",  # a negation before the model
        "模型欠费",  # the account's state, not the model's
    ],
)
def test_the_model_is_read_only_before_a_state_of_its_own(text):
    assert "model" not in words(gloss(text))


def test_the_model_alone_or_apart_stays_unread():
    assert "换个模型" in gloss("换个模型 超时").split()
    assert "model" not in words(gloss("换个模型 超时"))
    assert "model" not in words(gloss("这个模型"))


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("照片大于8M widget", "8MB+size"),
        ("录音超过2.5兆 widget", "2.5MB+size"),
    ],
)
def test_a_file_s_size_typed_in_chinese_is_read_as_megabytes(text, read):
    assert read in gloss(text)


@pytest.mark.parametrize(
    "text",
    [
        "5G网络 图片 超时",
        "图片 id abc8M 超时",
        # A million, not megabytes: of a context, of tokens, in a model's name.
        "上下文超过1M 报错",
        "上传文件 超过32M tokens",
        "Gadget-14B-Instruct-1M 上传文件报错",
        # No file or medium named.
        "widget 超过8M 超时",
    ],
)
def test_other_ms_are_no_file_size(text):
    assert "MB" not in gloss(text)


def test_the_moderation_message_translated_into_chinese_is_read(client, make_entry):
    make_entry(
        message="Input data may contain inappropriate content.",
        code="DataInspectionFailed",
        slug="moderation",
    )
    make_entry(message="Input length is out of range.", code="Length", slug="length")
    results, body = search(client, "输入数据可能包含不当内容")
    assert results[0]["code"] == "DataInspectionFailed"
    # Read through the glossary: our words, so no good match.
    assert body["search"]["good_match"] is False


def test_a_busy_service_is_read_as_the_capacity_throttling(client, make_entry):
    make_entry(
        message="Too many requests. Your requests are being throttled due to "
        "system capacity limits. Please try again later.",
        code="ModelServingError",
        slug="busy",
        status=503,
    )
    make_entry(message="Model not found.", code="ModelNotFound", slug="model")
    results, body = search(client, "服务繁忙 请稍后重试")
    assert results[0]["code"] == "ModelServingError"
    assert body["search"]["good_match"] is False
