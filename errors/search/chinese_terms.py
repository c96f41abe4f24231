"""The Chinese terms the glossary reads (errors.search.glossary), each with
the catalogue's own English for it, and the words around them that say
something else.

The English is what the catalogue writes for the concept, found in its
messages, codes and causes (``Flow has not published yet``: 工作流 is
"flow", 发布 "published"), not a dictionary's translation. A term names
what an entry is about, with one meaning in this domain; words of every
report (报错, 错误, 调用, 返回, 请求, 模型) are left out, as are words
with two (推理 is both thinking and inference; 审核 both moderation and an
approval; 文档 both documents and the documentation).
Media, people, speech and services are in errors.search.chinese_media_terms.
"""

from errors.search.chinese_media_terms import MEDIA_TERMS

# Grouped by what they name; where one term holds another (不能为空, 为空) the longer is read whole.
BASE_TERMS: dict[str, str] = {
    # Billing and quotas
    "欠费": "arrearage overdue payment",
    "欠款": "arrearage overdue payment",
    "余额不足": "insufficient balance overdue payment",
    "充值": "recharge overdue payment",
    "免费额度": "free tier quota",
    "免费试用": "free tier",
    "免费": "free tier",
    "已用完": "exhausted",
    "用完了": "exhausted",
    "用尽": "exhausted",
    "耗尽": "exhausted",
    "额度": "quota",
    "配额": "quota",
    "用量": "usage",
    # The catalogue writes both ("quota exceeded", "the duration exceeds 12
    # hours"). Written when the stemmer did not meet them; it now does, so
    # the second word is redundant, left until dropping it (one token fewer
    # for the alignment to explain) is measured.
    "超出": "exceeded exceeds",
    "超过": "exceeded exceeds",
    "超限": "exceeded limit",
    "超了": "exceeded",
    "大于": "exceeds larger",
    "上限": "limit",
    "限额": "allocated quota",
    # Asking for more: the catalogue's "please increase your quota limit".
    "提额": "increase quota limit",
    "提高额度": "increase quota limit",
    "提升额度": "increase quota limit",
    "增加额度": "increase quota limit",
    "提高配额": "increase quota limit",
    "提升配额": "increase quota limit",
    "增加配额": "increase quota limit",
    "满了": "full limit exceeded",  # 并发满了: the limit reached
    "未开通": "not activated",
    "没开通": "not activated",
    "没有开通": "not activated",
    "开通": "activate",
    # "No quota (left)": the missing thing is the error.
    "没额度": "quota exhausted",
    "没有额度": "quota exhausted",
    "预付费": "prepaid",
    "后付费": "postpaid",
    "付费": "paid",
    "按量付费": "pay-as-you-go",
    "账单": "bill",
    "逾期": "overdue",
    "到期": "expired",
    "套餐": "plan",
    "订阅": "subscription",
    "购买": "purchased",
    "商品": "commodity",
    # Quota windows (Coding Plan): "5小时额度", "周额度用完".
    "小时": "hour",
    "分钟": "minute",
    "秒": "seconds",  # one character, one meaning here (秒杀 below is not it)
    "每周": "week",
    "周额度": "week quota",
    "每月": "month",
    "月额度": "month quota",
    # Limits
    "限流": "throttling rate limit",
    # A server too busy: the catalogue's "throttled due to system capacity".
    "繁忙": "too many requests throttled system capacity",
    "稍后重试": "try again later",
    "稍后再试": "try again later",
    "限速": "throttling rate limit",
    "频率": "rate",
    "请求过多": "too many requests",
    "请求太多": "too many requests",
    "过于频繁": "too many requests",
    "太频繁": "too many requests",
    "突增": "rate increased quickly",
    "增长过快": "rate increased quickly",
    "增长太快": "rate increased quickly",
    "增长得太快": "rate increased quickly",
    "涨太快": "rate increased quickly",
    "涨得太快": "rate increased quickly",
    "涨的太快": "rate increased quickly",  # 的 typed for 得, as often
    "增长的太快": "rate increased quickly",
    "增加太快": "rate increased quickly",
    "增加得太快": "rate increased quickly",
    "速率": "rate",
    "激增": "rate increased quickly",
    "暴增": "rate increased quickly",
    "暴涨": "rate increased quickly",
    "猛增": "rate increased quickly",
    "飙升": "rate increased quickly",
    "突然拉高": "rate increased quickly",
    "并发": "concurrency",
    "超时": "timeout timed out",
    "心跳": "heartbeat",
    # Keys and access
    "密钥": "key",
    "秘钥": "key",  # a common spelling of 密钥
    "密钥错误": "invalid api key",  # 错误 alone is every report's word
    "秘钥错误": "invalid api key",
    "读不到": "can not find",
    "填错": "incorrect",
    "写错": "incorrect",
    "环境变量": "environment variable",
    "鉴权": "authentication",
    "认证失败": "authentication failed",
    "无效": "invalid",
    "非法": "invalid",
    "无权限": "access denied permission",
    "没有权限": "access denied permission",
    "没权限": "access denied permission",
    "没有密钥": "no api key",
    "没有秘钥": "no api key",
    "权限": "permission",
    "未授权": "not authorized",
    "授权": "authorization",
    "拒绝访问": "access denied",
    "访问被拒绝": "access denied",
    "过期": "expired",
    "有效期": "validity period expired",
    "令牌": "token",
    "凭证": "credential",
    "签名": "signed",
    "主账号": "main account",
    "子账号": "RAM user sub-account",
    "子用户": "RAM user sub-account",
    "账号": "account",
    "帐号": "account",  # 帐 is an older spelling of 账
    "账户": "account",
    "帐户": "account",
    "成员": "member",
    "工作空间": "workspace",
    "业务空间": "workspace",
    "子业务空间": "sub-workspace",
    "子空间": "sub-workspace",
    # Sites, regions and endpoints
    "地域": "region",
    "国际站": "international site",
    "中国站": "China site",
    "国内站": "China site",
    # The regions the catalogue names ("a China (Beijing) API Key with a
    # Singapore Base URL").
    "北京": "China Beijing",
    "新加坡": "Singapore",
    "跨境": "cross-border outside China",
    "境外": "outside China",
    "海外": "outside China",
    "端点": "endpoint",
    "接入点": "endpoint",
    "接口地址": "endpoint URL",
    "弃用": "deprecated",
    "下线": "deprecated",
    "兼容模式": "compatibility mode",
    "兼容": "compatible",
    "异步": "asynchronous",
    "同步": "synchronous",
    "请求方法": "request method",
    "请求头": "header",
    "响应头": "response header",
    "请求体": "request body",
    "协议": "protocol",
    # The client's side
    "网络": "network",
    "代理": "proxy",
    "防火墙": "firewall",
    "证书": "certificate",
    "连接失败": "failed to connect",
    "无法连接": "failed to connect",
    "连接": "connection",
    "联接": "connection",
    "断开": "disconnected",
    "断连": "disconnected",
    "客户端": "client",
    "版本过低": "outdated version",
    "版本太旧": "outdated version",
    "旧版本": "outdated version",
    "版本": "version",
    "找不到符号": "cannot resolve symbol",
    "位置参数": "positional argument",
    "缓冲区": "buffer",
    # Models and parameters
    "不存在": "does not exist",
    # 模型 alone is every report's word; with a state it names the model's.
    "模型不存在": "model does not exist",
    "模型无权限": "model access denied permission",
    "模型没权限": "model access denied permission",
    "不支持": "not supported unsupported",  # the catalogue writes both
    "只支持": "only support",
    "仅支持": "only support",
    "只能": "only",
    "找不到": "not found can not find",  # the catalogue writes both
    "模型找不到": "model not found",
    "找不到模型": "model not found",
    "未找到": "not found",
    "不可用": "unavailable",
    "模型名称": "model name",
    "模型名": "model name",
    "深度思考": "thinking",
    "思考模式": "thinking",
    "推理模式": "thinking",
    "推理模型": "thinking",
    "思考长度": "thinking budget",
    "思考预算": "thinking budget",
    "思维链": "chain-of-thought thinking",
    "思考": "thinking",
    "非流式": "non-streaming",
    "流式": "stream",
    "增量输出": "incremental output",
    "增量": "incremental",
    "结构化输出": "structured output json",
    "模式": "mode",
    "联网搜索": "web search",
    "联网": "web search",
    "工具调用": "tool calls",
    "函数调用": "function call",
    "工具名称": "tool name",
    "工具名": "tool name",
    "工具": "tool",
    "死循环": "infinite loops",
    "无限循环": "infinite loops",
    "温度": "temperature",
    "核采样": "top_p",
    "随机种子": "seed",
    "种子": "seed",
    "重复惩罚": "repetition penalty",
    "存在惩罚": "presence penalty",
    "惩罚": "penalty",
    "最大输出": "max tokens maximum output",
    "输出长度": "max tokens output",
    "输入长度": "input length",
    "上下文长度": "input length",
    "上下文": "input length",
    # Too long an input: the catalogue writes "input length exceeds the maximum
    # limit", and "too long" of a duration only.
    "上下文太长": "input length exceeds maximum limit",
    "上下文过长": "input length exceeds maximum limit",
    "上下文超长": "input length exceeds maximum limit",
    "输入太长": "input length exceeds maximum limit",
    "输入过长": "input length exceeds maximum limit",
    "输入超长": "input length exceeds maximum limit",
    # A conversation too long is its messages, the input.
    "对话太长": "input length exceeds maximum limit",
    "对话过长": "input length exceeds maximum limit",
    "对话超长": "input length exceeds maximum limit",
    "语种": "language",
    "语言": "language",
    "翻译": "language",
    "角色": "role",
    "用户消息": "User Message",
    "最后一条": "last element",
    "顺序": "order",
    "消息": "messages",
    "提示词": "prompt",
    "文本": "text",
    "字段": "field",
    "字符串": "string",
    "数组": "array",
    "整数": "integer",
    "浮点": "float",
    "范围": "range",
    "取值": "value",
    "分隔符": "delimiter",
    "长度": "length",
    "字符": "characters",
    "特殊字符": "special characters",
    "过长": "too long",
    "太长": "too long",
    # "Too many" of something: the catalogue writes "the number of texts exceeds
    # the limit" (too many requests are terms of their own).
    "太多": "number exceeds limit",
    "过多": "number exceeds limit",
    # Too many texts in one call: a batch too large.
    "一次传太多": "batch size number exceeds limit",
    "过短": "too short",
    "太短": "too short",
    "过大": "too large",
    "太大": "too large",
    "过小": "too small",
    "太小": "too small",
    "参数错误": "invalid parameter",
    "参数": "parameter",
    # Not right: the catalogue's "invalid" or "incorrect" (人脸角度不对, a
    # face's pose; key 不正确, an incorrect API key).
    "不正确": "incorrect invalid",
    "不对": "incorrect invalid",
    "格式错误": "invalid format",
    "格式不正确": "invalid format",
    "格式": "format",
    "不能为空": "must not be empty",
    "为空": "empty",
    "必填": "required",
    "必需": "required",
    "必须": "must",
    "缺少": "missing",
    "重复": "repetitive duplicate",
    "唯一": "unique",
    "惟一": "unique",
    "不一致": "mismatched match",
    "不匹配": "not match",
    "匹配": "matching",
    "资源": "resource",
    # Content checks
    "内容审核": "inappropriate content data inspection",
    "大小写敏感": "case sensitive",  # before 敏感: "case-sensitive"
    "大小写不敏感": "case insensitive",
    "大小写": "capitalization case",  # before 大小: not a size
    "敏感": "inappropriate content",
    "违规": "inappropriate content",
    "不合规": "non-compliant compliance",
    "合规": "compliance",
    "绿网": "inappropriate content green network verification",
    "没过审": "failed verification",  # 没 is no negator here: "did not pass"
    "没通过": "failed verification",
    "未通过": "failed verification",
    "不通过": "failed verification",
    "审核不通过": "inappropriate content data inspection",
    "涉黄": "inappropriate content",
    # The catalogue's own message as Chinese tools and gateways translate it
    # (输入数据可能包含不当内容: "Input data may contain inappropriate content").
    "不当内容": "inappropriate content",
    "内容不当": "inappropriate content",
    "不良内容": "inappropriate content",
    "输入数据": "input data",
    "输出数据": "output data",
    "涉政": "inappropriate content",
    "数据检查": "data inspection",
    "内容安全": "inappropriate content data inspection",
    "内容检测": "inappropriate content data inspection",
    "知识产权": "IP infringement intellectual property",
    "侵权": "infringement",
    "版权": "IP infringement",
    "自定义规则": "custom rule",
    "自定义": "custom",
    "规则": "rule",
    "拦截": "blocked",
    "干预": "intervention",
}
TERMS: dict[str, str] = {**BASE_TERMS, **MEDIA_TERMS}

# Words that hold a term but mean something else: read in the same pass, so
# the term inside stays unread (很多人, "many people", is no 多人 in an
# image; 无法识别 is any "unrecognised", not speech recognition; 序列化 is
# serialisation; 报错消息 the error's own message, not the messages sent;
# 代理商 a reseller; 用户协议 the terms of service; 充满了 "full of"; 不过多
# "but many" as often as "not too many"; 秒杀 a flash sale).
OTHER_WORDS = frozenset(
    """很多人 许多人 好多人 无法识别 域名解析 序列化 错误消息 报错消息 代理商 用户协议 服务协议
    充满了 布满了 不过多 秒杀 秒懂 秒回 对不对 不对劲 不对外 不对称 不对应 检测不到人声
    没检测到人声 北京时间 从另一个角度 换个角度 延迟飙升 延迟暴涨""".split()
)

# Terms naming a state, which a negation in front denies (没有逾期, "not
# overdue"; errors.search.glossary.NEGATORS): left unread then.
STATES = frozenset(
    """欠费 余额不足 用尽 耗尽 已用完 用完了 超出 超过 超限 限流 请求过多 请求太多
    过于频繁 超时 超了 大于 无效 非法 过期 过长 太长 过大 太大 敏感 违规 绿网 内容审核 参数错误
    格式错误 格式不正确 下载失败 解析失败 连接失败 无法连接 内部错误 服务器错误
    服务不可用 认证失败 欠款 太频繁 逾期 侵权 不合规 损坏 打不开 无法打开 解码失败
    处理失败 无法访问 访问不了 太暗 过暗 偏暗 模糊 不清晰 不清楚 不完整 遮挡 倾斜
    歪头 背对 静音 无声 断开 断连 过短 太短 过小 太小 已满 重复 不一致 不匹配
    不可用 拦截 下线 弃用 版本过低 版本太旧 到期 填错 写错 太多 过多 满了 上下文太长
    上下文过长 上下文超长 输入太长 输入过长 输入超长 对话太长 对话过长 对话超长 录音太短
    录音过短 检测不到人 没检测到人 检测不到人体 没检测到人体 检测不到人脸 没检测到人脸 不对
    未检测到人脸 没有人脸 无人脸 没有人体
    不正确""".split()
)
