"""The Chinese terms the glossary reads (errors.search.glossary), each with
the catalogue's own English for it.

The English is what the catalogue writes for the concept, found in its
messages, codes and causes (``The free tier of the model has been
exhausted``: 免费额度 is "free tier quota"), not a dictionary's translation. A term names
what an entry is about, with one meaning in this domain; words of every
report (报错, 错误, 调用, 返回, 请求, 模型) are left out, as are words
with two (推理 is both thinking and inference; 审核 both moderation and an
approval; 文档 both documents and the documentation).
"""

# Grouped by what they name; where one term holds another (不能为空, 为空)
# the longer is read whole (errors.search.glossary.TERM_RE), whatever the
# order here.
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

# Terms naming a state, which a negation in front denies (没有欠费, "not in
# arrears"; errors.search.glossary.NEGATORS): left unread then.
STATES = frozenset(
    """欠费 余额不足 用尽 耗尽 已用完 用完了 超出 超过 超限 限流 请求过多 请求太多
    过于频繁 超时 无效 非法 过期 过长 太长 过大 太大 敏感 违规 绿网 内容审核 参数错误
    格式错误 格式不正确 下载失败 解析失败 连接失败 无法连接 内部错误 服务器错误
    服务不可用 认证失败""".split()
)
