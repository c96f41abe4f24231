"""Chinese words for what the catalogue names in English.

Chinese-speaking users describe an error in their own words around (or
instead of) the English message: ``千问api 欠费 access denied``, ``免费额度用完
了 403``, ``enable_thinking 非流式 报错``. The tokeniser reads ASCII words only
(errors.search.text), so those words counted for nothing and the English left
over pointed elsewhere (``Access denied.`` for an account in arrears). Each
term below is read as the catalogue's own English for it, in its place in
the text, before the paste is unwrapped: a stand-in, like the words a
network failure stands for (errors.search.client_failures), that the ranking weighs
as it weighs any word of the paste.

Only in a short text, one typed rather than pasted: there every word counts,
while in a pasted report the English error speaks for itself and the words
around it are the poster's guesses (``是不是采样率的问题？``, "is it the
sample rate?"), which read as English would outvote the message.

Only terms with one meaning here, that name what an entry is about (billing,
limits, keys, media, parameters); not the words of every report (报错,
错误, 调用, 返回, 请求, 模型), which would only add noise to every Chinese
paste.
"""

from __future__ import annotations

import re

# Longest first where one term holds another (不能为空 before 为空).
TERMS: dict[str, str] = {
    # Billing and quotas
    "欠费": "arrearage overdue payment",
    "余额不足": "insufficient balance overdue payment",
    "免费额度": "free tier quota",
    "免费试用": "free tier",
    "已用完": "exhausted",
    "用完了": "exhausted",
    "用尽": "exhausted",
    "耗尽": "exhausted",
    "额度": "quota",
    "配额": "quota",
    "超出": "exceeded",
    "超过": "exceeded",
    "超限": "exceeded limit",
    "未开通": "not activated",
    "没开通": "not activated",
    "没有开通": "not activated",
    "开通": "activate",
    # "No quota (left)": the missing thing is the error.
    "没额度": "quota exhausted",
    "没有额度": "quota exhausted",
    # Limits
    "限流": "throttling rate limit",
    "频率": "rate",
    "请求过多": "too many requests",
    "请求太多": "too many requests",
    "过于频繁": "too many requests",
    "并发": "concurrency",
    "超时": "timeout timed out",
    # Keys and access
    "密钥": "key",
    "鉴权": "authentication",
    "认证失败": "authentication failed",
    "无效": "invalid",
    "非法": "invalid",
    "无权限": "access denied permission",
    "没有权限": "access denied permission",
    "没权限": "access denied permission",
    "没有密钥": "no api key",
    "权限": "permission",
    "拒绝访问": "access denied",
    "访问被拒绝": "access denied",
    "过期": "expired",
    "子账号": "RAM user",
    "工作空间": "workspace",
    "业务空间": "workspace",
    # Models and parameters
    "不存在": "does not exist",
    "不支持": "not supported",
    "找不到": "not found",
    "未找到": "not found",
    "深度思考": "thinking",
    "思考模式": "thinking",
    "非流式": "non-streaming",
    "流式": "stream",
    "工具调用": "tool calls",
    "函数调用": "function call",
    "输入长度": "input length",
    "上下文长度": "input length",
    "过长": "too long",
    "太长": "too long",
    "过大": "too large",
    "太大": "too large",
    "参数错误": "invalid parameter",
    "格式错误": "invalid format",
    "格式不正确": "invalid format",
    "格式": "format",
    "不能为空": "must not be empty",
    "为空": "empty",
    "必填": "required",
    "缺少": "missing",
    "内容审核": "inappropriate content data inspection",
    "大小写敏感": "case sensitive",  # before 敏感: "case-sensitive"
    "大小写不敏感": "case insensitive",
    "敏感": "inappropriate content",
    "违规": "inappropriate content",
    "绿网": "inappropriate content",
    "数据检查": "data inspection",
    # Media and files
    "图片": "image",
    "图像": "image",
    "视频": "video",
    "音频": "audio",
    "语音": "speech audio",
    "音色": "voice",
    "分辨率": "resolution",
    "时长": "duration",
    "采样率": "sample rate",
    "上传": "upload",
    "下载失败": "download failed",
    "下载": "download",
    "解析失败": "parsing failed",
    "嵌入": "embedding",
    "向量": "embedding",
    "维度": "dimension",
    # Services
    "批量": "batch",
    "批处理": "batch",
    "微调": "fine-tune",
    "知识库": "knowledge base",
    "智能体": "agent application",
    "工作流": "workflow",
    "插件": "plugin",
    "连接失败": "failed to connect",
    "无法连接": "failed to connect",
    "网络": "network",
    "内部错误": "internal error",
    "服务器错误": "internal error",
    "服务不可用": "service unavailable",
    "地域": "region",
}

# One pass, longest term first at each position. The terms are literals, so
# the pattern costs one lookup per character of CJK text.
TERM_RE = re.compile("|".join(sorted(map(re.escape, TERMS), key=len, reverse=True)))
CJK_RE = re.compile(r"[\u3400-\u9fff]")
# A term is one word of its sentence, so its English is written as one
# (``free+tier+quota``): the tokeniser still reads each word, but unwrapping
# takes no single glossed term for an English message of the paste's own
# (errors.search.paste reads English runs of two words or more in a Chinese
# line as candidates; two terms side by side still make one, harmless in a
# search that claims no good match); ``+`` is ASCII, so a run of English
# around a term stays one run, and no identifier's character, so no code is
# made of them (``access_denied`` is one).
JOINER = "+"
GLOSSES = {term: JOINER.join(english.split()) for term, english in TERMS.items()}
# A state just after one of these is denied (没有欠费, "not in arrears";
# 不超过, "does not exceed"): it stays unread rather than say the opposite.
# A question is no denial (是不是欠费了, 有没有欠费: "is it arrears?"), and
# a missing thing is the error itself (没有额度, terms of their own above).
NEGATORS = ("没有", "没", "未", "不是", "并非", "无", "非", "不")
QUESTIONS = ("是不是", "有没有")
STATES = frozenset(
    """欠费 余额不足 用尽 耗尽 已用完 用完了 超出 超过 超限 限流 请求过多 请求太多
    过于频繁 超时 无效 非法 过期 过长 太长 过大 太大 敏感 违规 绿网 内容审核 参数错误
    格式错误 格式不正确 下载失败 解析失败 连接失败 无法连接 内部错误 服务器错误
    服务不可用 认证失败""".split()
)
# A text of more English words (and numbers), or Chinese characters (a
# sentence: a Chinese word is two or three), than this is a paste.
MAX_TYPED_WORDS = 8
MAX_TYPED_CJK = 20
MAX_TYPED_CHARS = 200
ASCII_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


def gloss(text: str) -> str:
    """`text` with each Chinese term read as the catalogue's English for it,
    one word spaced off from its neighbours, when it is a short typed text;
    any other text (no CJK, a paste) comes back as it was."""
    if len(text) > MAX_TYPED_CHARS:
        return text
    chinese = len(CJK_RE.findall(text))
    if not chinese or chinese > MAX_TYPED_CJK:
        return text
    if len(ASCII_WORD_RE.findall(text)) > MAX_TYPED_WORDS:
        return text

    def read(match: re.Match[str]) -> str:
        term = match.group()
        before = text[max(0, match.start() - 3) : match.start()]
        if (
            term in STATES
            and before.endswith(NEGATORS)
            and not before.endswith(QUESTIONS)
        ):
            return term
        return f" {GLOSSES[term]} "

    return TERM_RE.sub(read, text)
